// CORS: only CORS_ORIGINS may read answers, and they can read the headers clients need.
import type { LightMyRequestResponse } from 'fastify'
import t, { type Test } from 'tap'
import { build } from '../helpers/build.js'
import { problemFaults } from '../helpers/platform.js'
import { bearer, signUp } from '../helpers/users.js'

const APP = 'https://app.example'
const EXPOSED = ['retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'x-request-id', 'etag', 'content-disposition', 'content-range', 'location']

function assertAllowed (t: Test, response: LightMyRequestResponse, label: string) {
  t.equal(response.headers['access-control-allow-origin'], APP, `${label}: the origin is allowed`)
  const exposed = String(response.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/)
  t.same([...exposed].sort(), [...EXPOSED].sort(), `${label}: exposes exactly ${EXPOSED.join(', ')}`)
  t.match(String(response.headers.vary), /Origin/, `${label}: Vary: Origin, so caches keep answers per origin`)
  t.notOk(response.headers['access-control-allow-credentials'], `${label}: no credentials (bearer tokens, not cookies)`)
}

const preflight = (url: string, origin: string, method = 'PATCH') => ({
  method: 'OPTIONS' as const,
  url,
  headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type,x-request-id' }
})

t.test('an allowlisted origin: preflight and simple requests are allowed, the needed headers exposed', async (t) => {
  const app = await build(t, { config: { corsOrigins: [APP, 'https://admin.example'] } })
  const pre = await app.inject(preflight('/v1/me', APP))
  t.equal(pre.statusCode, 204)
  assertAllowed(t, pre, 'preflight')
  t.same(String(pre.headers['access-control-allow-methods']).split(/,\s*/), ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'])
  const allowedHeaders = String(pre.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/)
  for (const header of ['authorization', 'content-type', 'x-request-id']) t.ok(allowedHeaders.includes(header), `${header} may be sent`)
  t.equal(pre.headers['access-control-max-age'], '600')

  const account = await signUp(app)
  const simple = await app.inject({ method: 'GET', url: '/v1/me', headers: { origin: APP, ...bearer(account.accessToken) } })
  t.equal(simple.statusCode, 200)
  assertAllowed(t, simple, 'GET /v1/me')
  const other = await app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://admin.example' } })
  t.equal(other.headers['access-control-allow-origin'], 'https://admin.example', 'each listed origin is echoed as itself')
})

t.test('error answers reach an allowlisted origin too, so a SPA can read the problem and Retry-After', async (t) => {
  const app = await build(t, { config: { corsOrigins: [APP], authRateLimitMax: 1 } })
  assertAllowed(t, await app.inject({ method: 'GET', url: '/nope', headers: { origin: APP } }), '404')
  assertAllowed(t, await app.inject({ method: 'GET', url: '/v1/me', headers: { origin: APP } }), '401')
  await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { origin: APP }, payload: { login: 'a', password: 'b' } })
  const limited = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { origin: APP }, payload: { login: 'a', password: 'b' } })
  t.equal(limited.statusCode, 429)
  assertAllowed(t, limited, '429')
  t.ok(limited.headers['retry-after'])
})

t.test('any other origin gets no Access-Control-Allow-Origin, on preflights and requests alike', async (t) => {
  const app = await build(t, { config: { corsOrigins: [APP] } })
  for (const origin of ['https://evil.example', 'http://app.example', 'https://app.example.evil.example', 'https://sub.app.example', 'null']) {
    t.notOk((await app.inject(preflight('/v1/me', origin))).headers['access-control-allow-origin'], `preflight from ${origin}`)
    t.notOk((await app.inject({ method: 'GET', url: '/health', headers: { origin } })).headers['access-control-allow-origin'], `GET from ${origin}`)
  }
})

t.test('by default (no CORS_ORIGINS) no origin is allowed', async (t) => {
  const app = await build(t)
  const pre = await app.inject(preflight('/v1/me', APP))
  t.notOk(pre.headers['access-control-allow-origin'], 'no preflight approval')
  t.notOk(pre.headers['access-control-allow-methods'])
  t.same(problemFaults(pre, 'OPTIONS'), [], 'the OPTIONS answer is a problem document')
  t.equal(pre.statusCode, 405, 'OPTIONS is not a method of /v1/me')
  const simple = await app.inject({ method: 'GET', url: '/health', headers: { origin: APP } })
  t.equal(simple.statusCode, 200)
  t.notOk(simple.headers['access-control-allow-origin'])
  t.notOk(simple.headers['access-control-expose-headers'])
})

t.test('regression: an OPTIONS request that is not a preflight gets no text/plain 400', async (t) => {
  // @fastify/cors's strict mode answered "Invalid Preflight Request" as text/plain: no problem document.
  const app = await build(t, { config: { corsOrigins: [APP] } })
  for (const headers of [{}, { origin: APP }, { 'access-control-request-method': 'GET' }]) {
    const response = await app.inject({ method: 'OPTIONS', url: '/v1/me', headers })
    t.ok(response.statusCode < 300 || problemFaults(response, 'OPTIONS').length === 0, `${JSON.stringify(headers)}: ${response.statusCode} ${String(response.headers['content-type'])}`)
    t.notMatch(response.body, /Invalid Preflight Request/)
  }
})
