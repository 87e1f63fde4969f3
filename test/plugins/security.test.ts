import t from 'tap'
import { build } from '../helpers/build.js'
import { bearer, newAccount, signUp } from '../helpers/users.js'

t.test('helmet headers on every response, JSON and errors alike, with the strictest CSP', async (t) => {
  const app = await build(t)
  for (const url of ['/health', '/nope', '/v1/me']) {
    const response = await app.inject({ method: 'GET', url })
    t.match(response.headers['content-security-policy'], /default-src 'none'/, url)
    t.match(response.headers['content-security-policy'], /frame-ancestors 'none'/, url)
    t.equal(response.headers['x-content-type-options'], 'nosniff', url)
    t.equal(response.headers['referrer-policy'], 'no-referrer', url)
    t.ok(response.headers['x-frame-options'], url)
  }
})

t.test('the docs page gets its own CSP: self-hosted scripts only, no eval, no other origins', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: '/docs/' })
  const csp = String(response.headers['content-security-policy'])
  t.match(csp, /script-src 'self'(;|$)/)
  t.notMatch(csp, /unsafe-eval|https?:|\*/)
  t.match(csp, /frame-ancestors 'none'/)
})

t.test('HSTS only in production', async (t) => {
  const dev = await build(t)
  t.notOk((await dev.inject({ method: 'GET', url: '/health' })).headers['strict-transport-security'])
  const prod = await build(t, { config: { nodeEnv: 'production' } })
  t.match((await prod.inject({ method: 'GET', url: '/health' })).headers['strict-transport-security'], /max-age=/)
})

t.test('CORS: allowlisted origins only, with the headers clients need exposed', async (t) => {
  const app = await build(t, { config: { corsOrigins: ['https://app.example'] } })
  const preflight = await app.inject({
    method: 'OPTIONS', url: '/v1/me', headers: { origin: 'https://app.example', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,content-type' }
  })
  t.equal(preflight.statusCode, 204)
  t.equal(preflight.headers['access-control-allow-origin'], 'https://app.example')
  t.match(preflight.headers['access-control-allow-methods'], /PATCH/)
  t.match(String(preflight.headers['access-control-allow-headers']).toLowerCase(), /authorization/)

  const simple = await app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://app.example' } })
  t.equal(simple.headers['access-control-allow-origin'], 'https://app.example')
  const exposed = String(simple.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/)
  for (const header of ['retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'x-request-id', 'etag', 'content-disposition', 'location']) {
    t.ok(exposed.includes(header), `exposes ${header}`)
  }
  const stranger = await app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://evil.example' } })
  t.notOk(stranger.headers['access-control-allow-origin'])
  const defaults = await build(t)
  t.notOk((await defaults.inject({ method: 'GET', url: '/health', headers: { origin: 'https://app.example' } })).headers['access-control-allow-origin'], 'no origins by default')
})

t.test('the global per-IP limit answers 429 rate_limited with Retry-After and RateLimit headers', async (t) => {
  const app = await build(t, { config: { rateLimitMax: 3, rateLimitWindow: 60 } })
  for (let i = 0; i < 3; i++) {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' })
    t.equal(response.statusCode, 200)
    t.equal(response.headers['ratelimit-limit'], '3')
    t.equal(response.headers['ratelimit-remaining'], String(2 - i))
    t.ok(response.headers['ratelimit-reset'])
  }
  const limited = await app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(limited.statusCode, 429)
  t.equal(limited.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(limited.json().code, 'rate_limited')
  t.equal(limited.json().status, 429)
  t.ok(Number(limited.headers['retry-after']) > 0)
  t.equal((await app.inject({ method: 'GET', url: '/nope' })).statusCode, 429, 'the 404 handler is limited too')
  t.equal((await app.inject({ method: 'GET', url: '/openapi.json', remoteAddress: '10.0.0.2' })).statusCode, 200, 'another IP has its own bucket')
})

t.test('signup, login and refresh each have their own stricter per-IP bucket', async (t) => {
  const app = await build(t, { config: { authRateLimitMax: 2 } })
  for (let i = 0; i < 2; i++) await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login: 'x', password: 'y' } })
  const limited = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login: 'x', password: 'y' } })
  t.equal(limited.statusCode, 429)
  t.equal(limited.json().code, 'rate_limited')
  t.equal(limited.headers['ratelimit-limit'], '2')
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount() })).statusCode, 201, 'signup has its own bucket')
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: 'x' } })).statusCode, 401, 'and refresh too')
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200)
})

t.test('TRUST_PROXY decides whether X-Forwarded-For is the client address', async (t) => {
  const direct = await build(t, { config: { rateLimitMax: 1 } })
  await direct.inject({ method: 'GET', url: '/openapi.json', headers: { 'x-forwarded-for': '1.1.1.1' } })
  const forged = await direct.inject({ method: 'GET', url: '/openapi.json', headers: { 'x-forwarded-for': '2.2.2.2' } })
  t.equal(forged.statusCode, 429, 'without trustProxy a forged X-Forwarded-For does not dodge the limit')

  const proxied = await build(t, { config: { rateLimitMax: 1, trustProxy: true } })
  t.equal((await proxied.inject({ method: 'GET', url: '/openapi.json', headers: { 'x-forwarded-for': '1.1.1.1' } })).statusCode, 200)
  t.equal((await proxied.inject({ method: 'GET', url: '/openapi.json', headers: { 'x-forwarded-for': '2.2.2.2' } })).statusCode, 200, 'behind a trusted proxy each client has its bucket')
  t.equal((await proxied.inject({ method: 'GET', url: '/openapi.json', headers: { 'x-forwarded-for': '1.1.1.1' } })).statusCode, 429)

  const hops = await build(t, { config: { rateLimitMax: 1, trustProxy: 1 } })
  t.equal((await hops.inject({ method: 'GET', url: '/openapi.json', headers: { 'x-forwarded-for': '9.9.9.9, 3.3.3.3' } })).statusCode, 200)
  t.equal((await hops.inject({ method: 'GET', url: '/openapi.json', headers: { 'x-forwarded-for': '8.8.8.8, 3.3.3.3' } })).statusCode, 429, 'one trusted hop: the address that hop saw')
})

t.test('x-request-id: a sane incoming id is kept and echoed, anything else replaced', async (t) => {
  const app = await build(t)
  const kept = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': 'trace.ABC-123_x' } })
  t.equal(kept.headers['x-request-id'], 'trace.ABC-123_x')
  t.equal(kept.json().requestId, 'trace.ABC-123_x')
  t.equal((await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'a'.repeat(128) } })).headers['x-request-id'], 'a'.repeat(128))
  for (const hostile of ['a'.repeat(129), 'bad id', '<script>', 'line\\nbreak', '']) {
    const response = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': hostile } })
    t.match(response.headers['x-request-id'], /^[0-9a-f-]{36}$/, `replaced: ${hostile.slice(0, 10)}`)
  }
})

t.test('logs carry the request id and never a password, token, authorization header or secret query value', async (t) => {
  const logs: string[] = []
  const app = await build(t, { logs })
  const account = await signUp(app)
  await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login: account.user.username, password: account.password } })
  await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login: account.user.username, password: 'wrong-secret-password' } })
  await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: account.refreshToken } })
  await app.inject({ method: 'GET', url: '/v1/me?token=querysecret123&sig=sigsecret456&keep=visible', headers: { ...bearer(account.accessToken), cookie: 'session=cookiesecret789', 'x-request-id': 'log-test-1' } })
  await app.inject({ method: 'GET', url: '/nope?access_token=atsecret', headers: { authorization: 'Bearer garbage-token-value' } })
  const text = logs.join('')
  t.ok(text.length > 0)
  for (const secret of [account.password, 'wrong-secret-password', account.refreshToken, account.accessToken, 'querysecret123', 'sigsecret456', 'cookiesecret789', 'atsecret', 'garbage-token-value']) {
    t.notOk(text.includes(secret), `no ${secret.slice(0, 12)}… in the logs`)
  }
  t.match(text, /"requestId":"log-test-1"/)
  t.match(text, /keep=visible/, 'other query parameters stay readable')
  t.match(text, /token=\[REDACTED\]/)
})

t.test('the log stream is JSON lines', async (t) => {
  const lines: string[] = []
  const app = await build(t, { logs: lines })
  await app.inject({ method: 'GET', url: '/health' })
  for (const line of lines.join('').trim().split('\n')) t.doesNotThrow(() => JSON.parse(line))
})
