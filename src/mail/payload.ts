import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

// AES-256-GCM under a key of its own (deriveKey(jwtSecret, 'mail-outbox')): the variables may hold a link's
// token, which must not be readable from a copy of the database. The row id is the additional data, so a
// payload moved onto another row does not open.
const VERSION = 'v1'

export function sealPayload (key: Buffer, rowId: string, variables: Record<string, string>): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(rowId))
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(variables), 'utf8'), cipher.final()])
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) =>
    typeof part === 'string' ? part : part.toString('base64url')).join('.')
}

/** The variables; throws if the payload was altered, belongs to another row or was sealed under another key. */
export function openPayload (key: Buffer, rowId: string, payload: string): Record<string, string> {
  const [version, iv, tag, ciphertext] = payload.split('.')
  if (version !== VERSION || ciphertext === undefined) throw new Error('unreadable mail payload')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 })
    .setAAD(Buffer.from(rowId))
    .setAuthTag(Buffer.from(tag, 'base64url'))
  const json = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()])
  return JSON.parse(json.toString('utf8')) as Record<string, string>
}
