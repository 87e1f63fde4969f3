// Helmet's headers on every answer (success, every error, the 404 handler, answers
// sent before routing), the strictest CSP for JSON and a self-only one for the docs.
import type { LightMyRequestResponse } from 'fastify'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { build, freshDatabase, testConfig } from '../helpers/build.js'
import { HELMET_HEADERS, jsonHeaders } from '../helpers/platform.js'
import { bearer, newAccount, signUp } from '../helpers/users.js'

const JSON_CSP = "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'"

function assertSecurityHeaders (t: Test, response: LightMyRequestResponse, label: string) {
  t.equal(response.headers['content-security-policy'], JSON_CSP, `${label}: the strictest CSP`)
  t.equal(response.headers['x-content-type-options'], 'nosniff', `${label}: nosniff`)
  t.equal(response.headers['x-frame-options'], 'SAMEORIGIN', `${label}: x-frame-options`)
  t.equal(response.headers['referrer-policy'], 'no-referrer', `${label}: referrer-policy`)
  t.equal(response.headers['cross-origin-resource-policy'], 'same-origin', `${label}: CORP`)
  t.equal(response.headers['cross-origin-opener-policy'], 'same-origin', `${label}: COOP`)
  t.equal(response.headers['x-xss-protection'], '0', `${label}: the legacy XSS auditor is off`)
}

t.test('every answer carries helmet\'s headers: successes, every error status, the 404 handler', async (t) => {
  const app = await build(t, { config: { bodyLimit: 1024, authRateLimitMax: 5 } })
  const account = await signUp(app)
  const answers: Array<[string, LightMyRequestResponse, number]> = [
    ['200 health', await app.inject({ method: 'GET', url: '/health' }), 200],
    ['200 me', await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) }), 200],
    ['201 signup', await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount() }), 201],
    ['400 invalid_json', await app.inject({ method: 'POST', url: '/v1/auth/login', headers: jsonHeaders, payload: '{' }), 400],
    ['400 validation', await app.inject({ method: 'POST', url: '/v1/auth/login', payload: {} }), 400],
    ['401', await app.inject({ method: 'GET', url: '/v1/me' }), 401],
    ['404', await app.inject({ method: 'GET', url: '/nope' }), 404],
    ['404 HEAD', await app.inject({ method: 'HEAD', url: '/nope' }), 404],
    ['405', await app.inject({ method: 'DELETE', url: '/v1/auth/login' }), 405],
    ['413', await app.inject({ method: 'POST', url: '/v1/auth/login', headers: jsonHeaders, payload: JSON.stringify({ login: 'x'.repeat(2048) }) }), 413],
    ['415', await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'x' }), 415],
    ['204 logout', await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(account.accessToken) }), 204]
  ]
  for (let i = 0; i < 5; i++) await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: 'x' } })
  answers.push(['429', await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: 'x' } }), 429])
  for (const [label, response, status] of answers) {
    t.equal(response.statusCode, status, label)
    assertSecurityHeaders(t, response, label)
  }
})

t.test('a 500 carries them too', async (t) => {
  const app = await buildApp({ config: testConfig(await freshDatabase(t)) })
  t.teardown(() => app.close())
  app.get('/boom', async function boom () { throw new Error('boom') })
  await app.ready()
  const response = await app.inject({ method: 'GET', url: '/boom' })
  t.equal(response.statusCode, 500)
  assertSecurityHeaders(t, response, '500')
})

t.test('regression: answers sent before routing (a malformed URL) carry exactly the headers of every other answer', async (t) => {
  for (const nodeEnv of ['test', 'production'] as const) {
    const app = await build(t, { config: { nodeEnv } })
    const reference = await app.inject({ method: 'GET', url: '/nope' })
    for (const url of ['/v1/users/%E0%A4%A', `/v1/users/${'a'.repeat(101)}`]) {
      const response = await app.inject({ method: 'GET', url })
      t.equal(response.statusCode, 400, url)
      assertSecurityHeaders(t, response, `${nodeEnv} ${url}`)
      for (const header of [...HELMET_HEADERS, 'strict-transport-security']) {
        t.equal(response.headers[header], reference.headers[header], `${nodeEnv} ${url}: ${header} as on a 404`)
      }
    }
  }
})

t.test('HSTS only in production (a development server on plain http must stay reachable)', async (t) => {
  const dev = await build(t)
  t.notOk((await dev.inject({ method: 'GET', url: '/health' })).headers['strict-transport-security'])
  const prod = await build(t, { config: { nodeEnv: 'production' } })
  for (const url of ['/health', '/nope']) {
    t.match((await prod.inject({ method: 'GET', url })).headers['strict-transport-security'], /^max-age=\d{7,}/, url)
  }
})

t.test('the docs page: scripts and styles from this origin only, no eval, nothing from a CDN', async (t) => {
  const app = await build(t)
  for (const url of ['/docs', '/docs/']) {
    const page = await app.inject({ method: 'GET', url })
    t.equal(page.statusCode, 200, url)
    t.match(page.headers['content-type'], /^text\/html/)
    const csp = String(page.headers['content-security-policy'])
    const directives = Object.fromEntries(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]))
    t.same(directives['default-src'], ["'none'"], `${url}: default-src 'none'`)
    t.same(directives['script-src'], ["'self'"], `${url}: scripts from this origin only`)
    t.same(directives['frame-ancestors'], ["'none'"])
    t.notMatch(csp, /unsafe-eval|https?:|\*|'unsafe-inline'[^;]*script/, `${url}: no eval, no other origin, no wildcard`)
    t.notOk(/'unsafe-inline'/.test((directives['script-src'] ?? []).join(' ')), 'no inline scripts')
    t.equal(page.headers['x-content-type-options'], 'nosniff')

    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1])
    t.ok(assets.length >= 4, `${url}: the page loads its assets`)
    const base = url.endsWith('/') ? url : `${url}/`
    for (const asset of assets) {
      t.notMatch(asset, /^(https?:)?\/\//, `${asset} is served by this app, not a CDN`)
      const resolved = new URL(asset, `http://localhost${base}`).pathname
      t.equal((await app.inject({ method: 'GET', url: resolved })).statusCode, 200, `${resolved} is served`)
    }
    t.notMatch(page.body, /<script>[^<]|<script\s+(?![^>]*src=)/, `${url}: no inline script`)
  }
  const initializer = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' })
  t.notMatch(initializer.body, /["'`]https?:\/\//, 'the initializer names no other origin')
  t.match(initializer.body, /validatorUrl: null/, 'no call to the online validator at swagger.io')
  t.match(initializer.body, /url: resolveUrl\('\.\/json'\)/, 'the document comes from this app')
  t.equal((await app.inject({ method: 'GET', url: '/docs/json' })).statusCode, 200, 'the document the page loads is served here')
})

t.test('JSON answers never get the docs page\'s CSP', async (t) => {
  const app = await build(t)
  for (const url of ['/openapi.json', '/openapi.yaml', '/health']) {
    t.equal((await app.inject({ method: 'GET', url })).headers['content-security-policy'], JSON_CSP, url)
  }
})
