/**
 * Reads the first `size` bytes of a stream (fewer if it ends) and returns them
 * with a stream of all its bytes, the peeked ones first, and `release` to let
 * the source go without reading on. Nothing beyond the head is buffered.
 */
export async function peek (
  source: AsyncIterable<Uint8Array>,
  size: number
): Promise<{ head: Buffer, body: AsyncIterable<Uint8Array>, release: () => Promise<void> }> {
  const iterator = source[Symbol.asyncIterator]()
  const chunks: Uint8Array[] = []
  let length = 0
  let done = false
  while (length < size) {
    const next = await iterator.next()
    if (next.done === true) {
      done = true
      break
    }
    chunks.push(next.value)
    length += next.value.byteLength
  }
  const buffered = Buffer.concat(chunks)
  async function * body (): AsyncIterable<Uint8Array> {
    try {
      if (buffered.byteLength > 0) yield buffered
      while (!done) {
        const next = await iterator.next()
        done = next.done === true
        if (!done) yield next.value
      }
    } finally {
      // A consumer that stops early (a limit, a refused type) releases the source.
      if (!done) await iterator.return?.()
    }
  }
  // For a consumer that refuses the stream from its head alone, never starting `body`
  // (a generator that never started skips its `finally`).
  async function release (): Promise<void> {
    if (done) return
    done = true
    await iterator.return?.()
  }
  return { head: buffered.subarray(0, size), body: body(), release }
}

/** Passes bytes through, calling `onBytes` with the running total before each chunk (it may throw). */
export async function * counted (
  source: AsyncIterable<Uint8Array>,
  onBytes: (total: number) => void
): AsyncIterable<Uint8Array> {
  let total = 0
  for await (const chunk of source) {
    total += chunk.byteLength
    onBytes(total)
    yield chunk
  }
}
