import { createHash, hkdfSync, randomBytes } from 'node:crypto'

/** One key per purpose, derived from the configured secret (RFC 5869 HKDF-SHA256). */
export function deriveKey (secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'userbase-api', purpose, 32))
}

/** An opaque 256-bit token, URL-safe. */
export function randomToken (): string {
  return randomBytes(32).toString('base64url')
}

export function sha256Hex (text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
