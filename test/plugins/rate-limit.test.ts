// Rate limits: a global per-IP budget, stricter per-IP buckets for signup, login and
// refresh, the draft RateLimit-* headers, and a client address nobody can forge.
import type { FastifyInstance, FastifyRequest, LightMyRequestResponse } from 'fastify'
import t, { type Test } from 'tap'
import { rateLimitKey } from '../../src/plugins/security.js'
import { build } from '../helpers/build.js'
import { assertProblem } from '../helpers/platform.js'
import { newAccount } from '../helpers/users.js'

/** A cheap route under the global limit (the probes /health and /ready are exempt). */
const probe = (app: FastifyInstance, options: { remoteAddress?: string, headers?: Record<string, string> } = {}) =>
  app.inject({ method: 'GET', url: '/openapi.json', ...options })
const login = (app: FastifyInstance, remoteAddress?: string) =>
  app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login: 'nobody', password: 'wrong password' }, remoteAddress })

function assertLimited (t: Test, response: LightMyRequestResponse, max: number, windowSeconds: number, label: string) {
  assertProblem(t, response, 429, 'rate_limited', label)
  const retryAfter = Number(response.headers['retry-after'])
  t.ok(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= windowSeconds, `${label}: Retry-After ${retryAfter} is whole seconds within the window`)
  t.equal(response.headers['ratelimit-limit'], String(max), `${label}: RateLimit-Limit`)
  t.equal(response.headers['ratelimit-remaining'], '0', `${label}: RateLimit-Remaining`)
  t.equal(response.headers['ratelimit-reset'], String(retryAfter), `${label}: RateLimit-Reset`)
  t.match(response.json().detail, new RegExp(`retry in ${retryAfter} s`))
}

t.test('the global per-IP limit: RateLimit-* headers on every answer, then 429 rate_limited', async (t) => {
  const app = await build(t, { config: { rateLimitMax: 3, rateLimitWindow: 60 } })
  for (let i = 0; i < 3; i++) {
    const response = await probe(app)
    t.equal(response.statusCode, 200)
    t.equal(response.headers['ratelimit-limit'], '3')
    t.equal(response.headers['ratelimit-remaining'], String(2 - i))
    t.ok(Number(response.headers['ratelimit-reset']) > 0 && Number(response.headers['ratelimit-reset']) <= 60)
    t.notOk(response.headers['retry-after'], 'no Retry-After before the limit')
  }
  assertLimited(t, await probe(app), 3, 60, 'GET /openapi.json')
  assertLimited(t, await app.inject({ method: 'GET', url: '/v1/me' }), 3, 60, 'GET /v1/me (before authentication)')
})

t.test('liveness and readiness probes are not limited per IP (load balancers probe from one address)', async (t) => {
  const app = await build(t, { config: { rateLimitMax: 2, rateLimitWindow: 60 } })
  for (let i = 0; i < 5; i++) {
    for (const url of ['/health', '/ready']) {
      const response = await app.inject({ method: 'GET', url })
      t.equal(response.statusCode, 200, `${url} #${i + 1}`)
      t.notOk(response.headers['ratelimit-limit'], `${url}: no rate-limit headers`)
    }
  }
  assertLimited(t, await (async () => { await probe(app); await probe(app); return await probe(app) })(), 2, 60, 'others still are')
})

t.test('regression: requests that authentication refuses are counted (a flood of forged tokens gets 429)', async (t) => {
  // The per-route limit hook ran after the feature's authenticate hook, so every 401 was free.
  const app = await build(t, { config: { rateLimitMax: 2 } })
  for (const authorization of ['Bearer forged.token.here', 'Bearer eyJhbGciOiJub25lIn0.e30.']) {
    const response = await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization } })
    t.equal(response.statusCode, 401)
    t.ok(response.headers['ratelimit-remaining'], 'the 401 counts and says so')
  }
  assertLimited(t, await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: 'Bearer forged.again' } }), 2, 60, 'third forged token')
  assertLimited(t, await app.inject({ method: 'PATCH', url: '/v1/me', payload: { bio: 'x' } }), 2, 60, 'PATCH /v1/me')
})

t.test('the 404 handler is limited, from the same per-IP budget (a scanner gets no second one)', async (t) => {
  const app = await build(t, { config: { rateLimitMax: 2 } })
  const first = await app.inject({ method: 'GET', url: '/nope' })
  t.equal(first.statusCode, 404)
  t.equal(first.headers['ratelimit-remaining'], '1', 'a 404 carries the headers')
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/auth/login' })).statusCode, 405)
  assertLimited(t, await app.inject({ method: 'GET', url: '/nope/2' }), 2, 60, '404 handler')
  assertLimited(t, await probe(app), 2, 60, 'the routes share the budget')
})

t.test('signup, login and refresh each have their own stricter per-IP bucket', async (t) => {
  const app = await build(t, { config: { authRateLimitMax: 2, authRateLimitWindow: 300, rateLimitMax: 50 } })
  for (let i = 0; i < 2; i++) {
    const response = await login(app)
    t.equal(response.statusCode, 401)
    t.equal(response.headers['ratelimit-limit'], '2', 'login announces its own limit')
    t.equal(response.headers['ratelimit-remaining'], String(1 - i))
  }
  assertLimited(t, await login(app), 2, 300, 'login')

  const signup = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount() })
  t.equal(signup.statusCode, 201, 'exhausting login does not exhaust signup')
  t.equal(signup.headers['ratelimit-remaining'], '1')
  const refresh = await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: 'unknown' } })
  t.equal(refresh.statusCode, 401, 'nor refresh')
  t.equal(refresh.headers['ratelimit-limit'], '2')
  const ok = await probe(app)
  t.equal(ok.statusCode, 200, 'other routes are still fine')
  t.equal(ok.headers['ratelimit-limit'], '50', 'and counts against the global limit only')

  await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: 'unknown' } })
  assertLimited(t, await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: 'unknown' } }), 2, 300, 'refresh')
  await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount() })
  assertLimited(t, await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount() }), 2, 300, 'signup')
  t.equal((await login(app, '10.9.9.9')).statusCode, 401, 'another address still has its login bucket')
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/logout' })).statusCode, 401, 'logout is not in the auth buckets')
})

t.test('the auth buckets count requests the schema refuses (no free guesses with a malformed body)', async (t) => {
  const app = await build(t, { config: { authRateLimitMax: 2 } })
  await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login: '' } })
  await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{' })
  assertLimited(t, await login(app), 2, 300, 'after two malformed attempts')
})

t.test('two client addresses have separate buckets', async (t) => {
  const app = await build(t, { config: { rateLimitMax: 1 } })
  t.equal((await probe(app, { remoteAddress: '192.0.2.1' })).statusCode, 200)
  t.equal((await probe(app, { remoteAddress: '192.0.2.1' })).statusCode, 429)
  t.equal((await probe(app, { remoteAddress: '192.0.2.2' })).statusCode, 200, 'another address is not limited by the first')
  t.equal((await probe(app, { remoteAddress: '192.0.2.2' })).statusCode, 429)
})

t.test('regression: IPv6 clients are bucketed by /64 and IPv4-mapped addresses as IPv4', async (t) => {
  // The custom key used the raw address: a client rotating through its /64 had a fresh budget per request.
  const app = await build(t, { config: { rateLimitMax: 1, authRateLimitMax: 1 } })
  t.equal((await probe(app, { remoteAddress: '2001:db8:1:2::1' })).statusCode, 200)
  t.equal((await probe(app, { remoteAddress: '2001:db8:1:2:ffff:ffff:ffff:fffe' })).statusCode, 429, 'same /64: same bucket')
  t.equal((await probe(app, { remoteAddress: '2001:db8:1:3::1' })).statusCode, 200, 'another /64: another bucket')
  t.equal((await login(app, '2001:db8:5:5::1')).statusCode, 401)
  t.equal((await login(app, '2001:db8:5:5::2')).statusCode, 429, 'the auth buckets too')
  t.equal((await probe(app, { remoteAddress: '198.51.100.7' })).statusCode, 200)
  t.equal((await probe(app, { remoteAddress: '::ffff:198.51.100.7' })).statusCode, 429, 'IPv4-mapped is the same client')
})

t.test('a request whose address cannot be told gets a bucket of its own, never a shared one', async (t) => {
  const unknown = (id: string) =>
    ({ id, ip: undefined, socket: { remoteAddress: undefined } }) as unknown as FastifyRequest
  t.equal(rateLimitKey(unknown('a')), 'unknown:a')
  t.not(rateLimitKey(unknown('a')), rateLimitKey(unknown('b')))
  t.equal(rateLimitKey({ id: 'c', ip: undefined, socket: { remoteAddress: '::ffff:10.0.0.1' } } as unknown as FastifyRequest), '10.0.0.1', 'the socket address is the fallback')
})

t.test('TRUST_PROXY false: X-Forwarded-For is ignored, so forging it dodges nothing', async (t) => {
  const app = await build(t, { config: { rateLimitMax: 1, authRateLimitMax: 5, trustProxy: false } })
  t.equal((await probe(app, { headers: { 'x-forwarded-for': '203.0.113.1' } })).statusCode, 200)
  for (const forged of ['203.0.113.2', '203.0.113.3, 198.51.100.1', 'garbage']) {
    t.equal((await probe(app, { headers: { 'x-forwarded-for': forged } })).statusCode, 429, `forged ${forged}`)
  }
  t.equal((await login(app)).statusCode, 401)
  const forgedLogin = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'x-forwarded-for': '203.0.113.9' }, payload: { login: 'a', password: 'b' } })
  t.equal(forgedLogin.headers['ratelimit-remaining'], '3', 'the login bucket is the socket address\'s too')
})

t.test('TRUST_PROXY true: the X-Forwarded-For client is the key', async (t) => {
  const app = await build(t, { config: { rateLimitMax: 1, trustProxy: true } })
  t.equal((await probe(app, { headers: { 'x-forwarded-for': '203.0.113.1' } })).statusCode, 200)
  t.equal((await probe(app, { headers: { 'x-forwarded-for': '203.0.113.2' } })).statusCode, 200, 'each client behind the proxy has a bucket')
  t.equal((await probe(app, { headers: { 'x-forwarded-for': '203.0.113.1' } })).statusCode, 429)
  t.equal((await probe(app, { remoteAddress: '192.0.2.50', headers: { 'x-forwarded-for': '203.0.113.1' } })).statusCode, 429, 'whichever proxy it came through')
})

t.test('TRUST_PROXY as addresses or a hop count trusts only those proxies', async (t) => {
  const listed = await build(t, { config: { rateLimitMax: 1, trustProxy: ['192.0.2.10'] } })
  const viaProxy = (xff: string, remoteAddress = '192.0.2.10') => probe(listed, { remoteAddress, headers: { 'x-forwarded-for': xff } })
  t.equal((await viaProxy('203.0.113.1')).statusCode, 200)
  t.equal((await viaProxy('203.0.113.2')).statusCode, 200, 'the listed proxy\'s X-Forwarded-For is believed')
  t.equal((await viaProxy('203.0.113.3', '192.0.2.99')).statusCode, 200)
  t.equal((await viaProxy('203.0.113.4', '192.0.2.99')).statusCode, 429, 'anyone else\'s is not')

  const hops = await build(t, { config: { rateLimitMax: 1, trustProxy: 1 } })
  t.equal((await probe(hops, { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.5' } })).statusCode, 200)
  t.equal((await probe(hops, { headers: { 'x-forwarded-for': '198.51.100.2, 203.0.113.5' } })).statusCode, 429, 'one hop: the address the proxy saw, not what the client claims')
})
