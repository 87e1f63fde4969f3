import type { FastifyRequest } from 'fastify'
import { normalizePassword } from './passwords.js'

const LOWER_CASED = ['email', 'newEmail', 'username', 'login']
const PASSWORDS = ['password', 'currentPassword', 'newPassword']

/**
 * A preValidation hook: runs before validation, so `" Alice@Example.com "` is
 * accepted and stored as `alice@example.com`, and passwords are compared and
 * hashed in their NFKC form.
 */
export async function normalizeCredentials (request: FastifyRequest) {
  const body = request.body as Record<string, unknown> | null
  if (typeof body !== 'object' || body === null) return
  for (const field of LOWER_CASED) {
    if (typeof body[field] === 'string') body[field] = body[field].trim().toLowerCase()
  }
  for (const field of PASSWORDS) {
    if (typeof body[field] === 'string') body[field] = normalizePassword(body[field])
  }
  if (typeof body.displayName === 'string') body.displayName = body.displayName.trim()
}
