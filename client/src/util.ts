/** The `code` of a parsed problem document, if the body is one. */
export function codeOf (body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined
}

/** Node keeps the process alive for timers and channels; a client must not. */
export function unref (handle: unknown) {
  (handle as { unref?: () => void }).unref?.()
}
