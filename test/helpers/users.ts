import type { FastifyInstance } from 'fastify'
import type { AuthResult } from '../../src/features/auth/schemas.js'

let counter = 0

/** A valid, unique sign-up body. */
export function newAccount (overrides: Record<string, unknown> = {}) {
  counter++
  const name = `user${process.pid}_${counter}`
  return { email: `${name}@example.com`, username: name, password: 'correct horse battery staple', ...overrides }
}

export async function signUp (
  app: FastifyInstance,
  overrides: Record<string, unknown> = {}
): Promise<AuthResult & { password: string }> {
  const account = newAccount(overrides)
  const response = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: account })
  if (response.statusCode !== 201) throw new Error(`signup failed: ${response.statusCode} ${response.body}`)
  return { ...response.json<AuthResult>(), password: account.password }
}

export async function signIn (app: FastifyInstance, login: string, password: string) {
  return await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login, password } })
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
