// Shared by the client SDK's tests: the real app on a real port, fetch wrappers that count requests and
// keep cookies as a browser would, and unique accounts.
import { randomBytes } from 'node:crypto'
import type { Test } from 'tap'
import type { Config } from '../../src/config.js'
import { build } from './build.js'
import { newAccount } from './users.js'
import { ApiError } from '../../client/src/index.js'

/** The app listening on 127.0.0.1 (port 0): the SDK talks HTTP, cookies and headers included. */
export async function serve (t: Test, config: Partial<Config> = {}) {
  const app = await build(t, { config })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return { app, baseUrl: `http://127.0.0.1:${address.port}` }
}

export type Fetch = (request: Request) => Promise<Response>

/** A fetch that counts the requests per path (`POST /v1/auth/refresh`). */
export function countingFetch (inner: Fetch = (request) => fetch(request)) {
  const counts = new Map<string, number>()
  const counted: Fetch = async (request) => {
    const key = `${request.method} ${new URL(request.url).pathname}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
    return await inner(request)
  }
  return { fetch: counted, count: (key: string) => counts.get(key) ?? 0 }
}

/**
 * What a browser adds on a page at `origin`: the Origin header, and a cookie jar honouring Path and
 * Max-Age (Secure cookies are kept over http, as browsers do for 127.0.0.1).
 */
export function browserFetch (origin: string) {
  const jar = new Map<string, { value: string, path: string }>()
  const browserLike: Fetch = async (request) => {
    const headers = new Headers(request.headers)
    headers.set('origin', origin)
    const path = new URL(request.url).pathname
    const cookies = [...jar].filter(([, cookie]) => path === cookie.path || path.startsWith(`${cookie.path}/`))
    if (cookies.length > 0) headers.set('cookie', cookies.map(([name, { value }]) => `${name}=${value}`).join('; '))
    const body = request.body === null ? undefined : await request.arrayBuffer()
    const response = await fetch(request.url, { method: request.method, headers, body })
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim())
      const name = pair.slice(0, pair.indexOf('='))
      const value = pair.slice(pair.indexOf('=') + 1)
      const attribute = (key: string) =>
        attributes.find((entry) => entry.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1)
      if (value === '' || attribute('max-age') === '0') jar.delete(name)
      else jar.set(name, { value, path: attribute('path') ?? '/' })
    }
    return response
  }
  return { fetch: browserLike, jar }
}

/** A unique sign-up body. */
export const account = () => newAccount({ password: 'a long and unusual passphrase 42' })

/** A channel name no other test shares. */
export const channel = () => `userbase-test-${randomBytes(6).toString('hex')}`

/** The ApiError a call fails with (fails the test if it resolves or throws something else). */
export async function apiErrorOf (call: Promise<unknown>): Promise<ApiError> {
  try {
    await call
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected the call to fail with an ApiError')
}
