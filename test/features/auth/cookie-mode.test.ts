import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import t from 'tap'
import { build } from '../../helpers/build.js'
import { bearer, newAccount } from '../../helpers/users.js'

const SPA = 'https://app.example.com'
const API = 'https://api.example.com'
const FOREIGN = 'https://evil.example.net'
const cookieMode = { refreshTokenCookie: true, corsOrigins: [SPA], publicUrl: API }

type Jar = Record<string, string>

/** The cookies a response sets, merged into a jar as a browser would (an expired one is dropped). */
function keep (jar: Jar, response: LightMyRequestResponse): Jar {
  for (const cookie of response.cookies as Array<{ name: string, value: string, maxAge?: number }>) {
    if (cookie.maxAge === 0 || cookie.value === '') delete jar[cookie.name]
    else jar[cookie.name] = cookie.value
  }
  return jar
}

const cookieOf = (response: LightMyRequestResponse, name: string) =>
  (response.cookies as Array<Record<string, unknown>>).find((cookie) => cookie.name === name)

async function spaSignup (app: FastifyInstance) {
  const account = newAccount()
  const response = await app.inject({ method: 'POST', url: '/v1/auth/signup', headers: { origin: SPA }, payload: account })
  return { account, response, jar: keep({}, response) }
}

function refresh (app: FastifyInstance, jar: Jar, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/v1/auth/refresh', headers: { origin: SPA, ...headers }, cookies: jar })
}

async function liveSessions (app: FastifyInstance, userId: string) {
  return await app.prisma.session.count({ where: { userId, revokedAt: null } })
}

t.test('with an allowed Origin the refresh token is an HttpOnly, Secure, SameSite=Strict cookie, not in the body', async (t) => {
  const app = await build(t, { config: cookieMode })
  const { response } = await spaSignup(app)
  t.equal(response.statusCode, 201)
  const body = response.json()
  t.notOk('refreshToken' in body, 'no refresh token for scripts')
  t.type(body.csrfToken, 'string')
  t.type(body.accessToken, 'string')
  t.match(cookieOf(response, 'refresh_token'), {
    httpOnly: true, secure: true, sameSite: 'Strict', path: '/v1/auth', maxAge: app.config.refreshTokenTtl
  })
  t.match(cookieOf(response, 'csrf_secret'), { httpOnly: true, secure: true, sameSite: 'Strict', path: '/v1/auth' })
  t.match(cookieOf(response, 'device'), { httpOnly: true, path: '/v1/auth' }, 'the device cookie stays')

  const login = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { origin: API }, payload: {} })
  t.equal(login.statusCode, 400, 'PUBLIC_URL\'s own origin is allowed (then validation)')
  const { account } = await spaSignup(app)
  const signin = await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    headers: { origin: API },
    payload: { login: account.username, password: account.password }
  })
  t.equal(signin.statusCode, 200)
  t.notOk('refreshToken' in signin.json())
  t.ok(cookieOf(signin, 'refresh_token'))
})

t.test('without an Origin (apps, curl), or with the setting off, the refresh token stays in the body', async (t) => {
  const app = await build(t, { config: cookieMode })
  const response = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount() })
  t.equal(response.statusCode, 201)
  t.type(response.json().refreshToken, 'string')
  t.notOk('csrfToken' in response.json())
  t.notOk(cookieOf(response, 'refresh_token'))
  const refreshed = await app.inject({
    method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: response.json().refreshToken }
  })
  t.equal(refreshed.statusCode, 200)
  t.type(refreshed.json().refreshToken, 'string')
  const none = await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: {} })
  t.equal(none.statusCode, 400, 'no token anywhere')

  const off = await build(t, { config: { corsOrigins: [SPA], publicUrl: API } })
  const plain = await off.inject({ method: 'POST', url: '/v1/auth/signup', headers: { origin: SPA }, payload: newAccount() })
  t.equal(plain.statusCode, 201)
  t.type(plain.json().refreshToken, 'string', 'setting off: nothing changes')
  t.notOk(cookieOf(plain, 'refresh_token'))
  const foreign = await off.inject({
    method: 'POST', url: '/v1/auth/signup', headers: { origin: FOREIGN }, payload: newAccount()
  })
  t.equal(foreign.statusCode, 201, 'setting off: no Origin check')
  const cookieOnly = await off.inject({
    method: 'POST', url: '/v1/auth/refresh', headers: { origin: SPA }, cookies: { refresh_token: plain.json().refreshToken }
  })
  t.equal(cookieOnly.statusCode, 400, 'setting off: the cookie is never read')
})

t.test('refresh by cookie needs the CSRF token and an allowed Origin, and sets the rotated cookie', async (t) => {
  const app = await build(t, { config: cookieMode })
  const { response, jar } = await spaSignup(app)
  const { csrfToken } = response.json()

  const missing = await refresh(app, jar)
  t.equal(missing.statusCode, 403)
  t.equal(missing.json().code, 'invalid_csrf_token')
  const wrong = await refresh(app, jar, { 'x-csrf-token': `${csrfToken.slice(0, -2)}xx` })
  t.equal(wrong.statusCode, 403)
  t.equal(wrong.json().code, 'invalid_csrf_token')
  const otherSecret = await refresh(app, { refresh_token: jar.refresh_token }, { 'x-csrf-token': csrfToken })
  t.equal(otherSecret.json().code, 'invalid_csrf_token', 'a token without its secret cookie')
  const foreign = await refresh(app, jar, { 'x-csrf-token': csrfToken, origin: FOREIGN })
  t.equal(foreign.statusCode, 403)
  t.equal(foreign.json().code, 'origin_not_allowed')
  const noOrigin = await app.inject({
    method: 'POST', url: '/v1/auth/refresh', headers: { 'x-csrf-token': csrfToken }, cookies: jar
  })
  t.equal(noOrigin.json().code, 'origin_not_allowed', 'the cookie is only for browsers, which send Origin')

  const ok = await refresh(app, jar, { 'x-csrf-token': csrfToken })
  t.equal(ok.statusCode, 200)
  t.notOk('refreshToken' in ok.json())
  t.type(ok.json().csrfToken, 'string')
  const rotated = cookieOf(ok, 'refresh_token')
  t.match(rotated, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/v1/auth' })
  t.not(rotated?.value, jar.refresh_token, 'rotated')
  keep(jar, ok)
  const again = await refresh(app, jar, { 'x-csrf-token': ok.json().csrfToken })
  t.equal(again.statusCode, 200, 'the rotated cookie and the new CSRF token work')
})

t.test('login and signup from a foreign Origin are refused in cookie mode (login CSRF)', async (t) => {
  const app = await build(t, { config: cookieMode })
  const account = newAccount()
  const signup = await app.inject({ method: 'POST', url: '/v1/auth/signup', headers: { origin: FOREIGN }, payload: account })
  t.equal(signup.statusCode, 403)
  t.equal(signup.json().code, 'origin_not_allowed')
  t.equal(await app.prisma.user.count(), 0, 'no account made')
  await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: account })
  const login = await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    headers: { origin: FOREIGN },
    payload: { login: account.username, password: account.password }
  })
  t.equal(login.statusCode, 403)
  t.equal(login.json().code, 'origin_not_allowed')
  t.notOk(cookieOf(login, 'refresh_token'))
  const nullOrigin = await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    headers: { origin: 'null' },
    payload: { login: account.username, password: account.password }
  })
  t.equal(nullOrigin.json().code, 'origin_not_allowed', 'an opaque origin (sandboxed frame) too')
})

t.test('after a reload GET /v1/auth/csrf gives a working token', async (t) => {
  const app = await build(t, { config: cookieMode })
  const { jar } = await spaSignup(app)
  // A reload loses the CSRF token held in memory; here the secret cookie is gone too (a browser restart).
  const reloaded: Jar = { refresh_token: jar.refresh_token }
  const csrf = await app.inject({ method: 'GET', url: '/v1/auth/csrf', headers: { origin: SPA }, cookies: reloaded })
  t.equal(csrf.statusCode, 200)
  t.equal(csrf.headers['cache-control'], 'no-store')
  t.match(cookieOf(csrf, 'csrf_secret'), { httpOnly: true, secure: true, sameSite: 'Strict', path: '/v1/auth' })
  keep(reloaded, csrf)
  const ok = await refresh(app, reloaded, { 'x-csrf-token': csrf.json().csrfToken })
  t.equal(ok.statusCode, 200)

  const again = await app.inject({ method: 'GET', url: '/v1/auth/csrf', cookies: keep(reloaded, ok) })
  t.notOk(cookieOf(again, 'csrf_secret'), 'an existing secret is kept')
  t.equal((await refresh(app, reloaded, { 'x-csrf-token': again.json().csrfToken })).statusCode, 200)
})

t.test('logout by cookie clears it and ends the session', async (t) => {
  const app = await build(t, { config: cookieMode })
  const { response, jar } = await spaSignup(app)
  const { csrfToken, accessToken, user } = response.json()
  t.equal(await liveSessions(app, user.id), 1)

  const logout = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { origin: SPA, ...headers }, cookies: jar })
  t.equal((await logout({})).json().code, 'invalid_csrf_token')
  t.equal((await logout({ 'x-csrf-token': csrfToken, origin: FOREIGN })).json().code, 'origin_not_allowed')
  t.equal(await liveSessions(app, user.id), 1, 'refused requests end nothing')

  const out = await logout({ 'x-csrf-token': csrfToken })
  t.equal(out.statusCode, 204)
  const cleared = cookieOf(out, 'refresh_token')
  t.ok(cleared, 'the cookie is cleared')
  t.ok(cleared?.maxAge === 0 || (cleared?.expires as Date).getTime() <= Date.now(), 'Max-Age=0 or an expired date')
  t.match(cleared, { path: '/v1/auth', httpOnly: true, secure: true, sameSite: 'Strict' })
  t.equal(await liveSessions(app, user.id), 0, 'the session has ended')
  const me = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(accessToken) })
  t.equal(me.statusCode, 401, 'its access token is refused')
  const replay = await refresh(app, { ...jar }, { 'x-csrf-token': csrfToken })
  t.equal(replay.statusCode, 401, 'the old cookie is dead')
})

t.test('credentialed CORS only for the listed origin', async (t) => {
  const app = await build(t, { config: cookieMode })
  const preflight = (origin: string) => app.inject({
    method: 'OPTIONS',
    url: '/v1/auth/refresh',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-csrf-token' }
  })
  const listed = await preflight(SPA)
  t.equal(listed.headers['access-control-allow-origin'], SPA)
  t.equal(listed.headers['access-control-allow-credentials'], 'true')
  t.match(String(listed.headers['access-control-allow-headers']), /X-CSRF-Token/)
  const unlisted = await preflight(FOREIGN)
  t.notOk(unlisted.headers['access-control-allow-origin'])
  t.notOk(unlisted.headers['access-control-allow-credentials'])

  const simple = (origin: string) => app.inject({ method: 'GET', url: '/v1/auth/csrf', headers: { origin } })
  const fromListed = await simple(SPA)
  t.equal(fromListed.headers['access-control-allow-origin'], SPA)
  t.equal(fromListed.headers['access-control-allow-credentials'], 'true')
  const fromUnlisted = await simple(FOREIGN)
  t.notOk(fromUnlisted.headers['access-control-allow-origin'])
  t.notOk(fromUnlisted.headers['access-control-allow-credentials'])

  const off = await build(t, { config: { corsOrigins: [SPA], publicUrl: API } })
  const plain = await off.inject({ method: 'GET', url: '/v1/auth/csrf', headers: { origin: SPA } })
  t.equal(plain.headers['access-control-allow-origin'], SPA)
  t.notOk(plain.headers['access-control-allow-credentials'], 'setting off: no credentialed CORS')
})
