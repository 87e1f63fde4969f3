// Every security event of the auth feature is written, found by the request id of the request that
// caused it, with the right user, actor, IP and user agent, and nothing secret in any row.
import { createHmac } from 'node:crypto'
import t, { type Test } from 'tap'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { deriveKey } from '../../../src/crypto.js'
import { TEST_JWT_SECRET } from '../../helpers/build.js'
import { buildWithMail } from '../../helpers/mail.js'
import { bearer, newAccount } from '../../helpers/users.js'

const IP = '203.0.113.9'
const USER_AGENT = 'audit-test/1.0'

interface Tokens { accessToken: string, refreshToken: string, deviceToken: string }

/** Sends a request from IP with USER_AGENT, and remembers the tokens its answer carries. */
function client (app: FastifyInstance, secrets: string[]) {
  return async (options: InjectOptions & { token?: string }): Promise<LightMyRequestResponse> => {
    const { token, ...rest } = options
    const response = await app.inject({
      ...rest,
      remoteAddress: IP,
      headers: { 'user-agent': USER_AGENT, ...(token !== undefined ? bearer(token) : {}), ...rest.headers }
    })
    if (response.headers['content-type']?.toString().includes('json') === true) {
      const body = response.json<Partial<Tokens>>()
      for (const key of ['accessToken', 'refreshToken', 'deviceToken'] as const) {
        if (typeof body[key] === 'string') secrets.push(body[key])
      }
    }
    return response
  }
}

/** The events written by the request that got `response`, checked to be about `userId`, done by them, from IP. */
async function eventsOf (
  t: Test, app: FastifyInstance, response: LightMyRequestResponse, type: string, userId: string | null
) {
  const requestId = response.headers['x-request-id'] as string
  t.ok(requestId, 'the answer names its request')
  const rows = await app.prisma.auditEvent.findMany({ where: { requestId } })
  t.same(rows.map((row) => row.type), [type], `${type}: one event for request ${requestId}`)
  const [row] = rows
  if (row === undefined) return undefined
  t.equal(row.userId, userId, `${type}: user`)
  t.equal(row.actorType, 'user', `${type}: actor type`)
  t.equal(row.actorId, userId, `${type}: actor`)
  t.equal(row.ip, IP, `${type}: ip`)
  t.equal(row.userAgent, USER_AGENT, `${type}: user agent`)
  return { ...row, detail: row.detail === null ? null : JSON.parse(row.detail) as Record<string, unknown> }
}

async function noEvents (t: Test, app: FastifyInstance, response: LightMyRequestResponse, what: string) {
  const requestId = response.headers['x-request-id'] as string
  t.equal(await app.prisma.auditEvent.count({ where: { requestId } }), 0, `${what}: no event`)
}

/** The session of an access token (its `sid` claim). */
const sessionIdOf = (tokens: Tokens): string =>
  JSON.parse(Buffer.from(tokens.accessToken.split('.')[1], 'base64url').toString('utf8')).sid

const loginHash = (text: string) =>
  createHmac('sha256', deriveKey(TEST_JWT_SECRET, 'audit-login')).update(text).digest('hex').slice(0, 12)

t.test('each event is written with its request id, user, actor, IP and user agent, and nothing secret', async (t) => {
  const { app, clock, linkTo } = await buildWithMail(t, { refreshReuseInterval: 5 })
  const secrets: string[] = []
  const send = client(app, secrets)
  const account = newAccount({ password: 'correct horse battery staple' })
  const [password, wrongPassword, resetPassword, newPassword] =
    [account.password, 'wrong horse battery staple', 'a reset horse battery staple', 'a changed horse battery staple']
  secrets.push(password, wrongPassword, resetPassword, newPassword)
  const newEmail = `moved-${account.email}`
  const addresses = [account.email, newEmail]

  const signup = await send({ method: 'POST', url: '/v1/auth/signup', payload: account })
  t.equal(signup.statusCode, 201)
  const userId: string = signup.json().user.id
  await eventsOf(t, app, signup, 'signup', userId)

  const verifyToken = await linkTo(account.email)
  secrets.push(verifyToken)
  const verified = await send({ method: 'POST', url: '/v1/auth/verify-email', payload: { token: verifyToken } })
  t.equal(verified.statusCode, 200)
  await eventsOf(t, app, verified, 'email_verified', userId)

  const login = await send({ method: 'POST', url: '/v1/auth/login', payload: { login: account.username, password } })
  t.equal(login.statusCode, 200)
  t.same((await eventsOf(t, app, login, 'login_succeeded', userId))?.detail, { knownDevice: false })
  const session = login.json<Tokens>()

  const me = await send({ method: 'GET', url: '/v1/me', token: session.accessToken })
  t.equal(me.statusCode, 200)
  await noEvents(t, app, me, 'GET /v1/me')

  const wrong = await send({
    method: 'POST', url: '/v1/auth/login', payload: { login: account.username, password: wrongPassword }
  })
  t.equal(wrong.statusCode, 401)
  t.same((await eventsOf(t, app, wrong, 'login_failed', userId))?.detail, { reason: 'password' })

  // Someone types their password into the login field: only a short keyed hash is kept.
  const misplaced = await send({ method: 'POST', url: '/v1/auth/login', payload: { login: password, password } })
  t.equal(misplaced.statusCode, 401)
  const unknown = await eventsOf(t, app, misplaced, 'login_failed', null)
  t.same(unknown?.detail, { loginHash: loginHash(password), reason: 'password' })
  t.match(unknown?.detail?.loginHash, /^[0-9a-f]{12}$/)

  await app.prisma.user.update({ where: { id: userId }, data: { disabled: true } })
  const disabled = await send({ method: 'POST', url: '/v1/auth/login', payload: { login: account.email, password } })
  t.equal(disabled.statusCode, 403)
  t.same((await eventsOf(t, app, disabled, 'login_failed', userId))?.detail, { reason: 'disabled' })
  await app.prisma.user.update({ where: { id: userId }, data: { disabled: false } })

  // A refresh records nothing; a spent token replayed after REFRESH_REUSE_INTERVAL is reuse.
  const refreshed = await send({
    method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: session.refreshToken }
  })
  t.equal(refreshed.statusCode, 200)
  await noEvents(t, app, refreshed, 'refresh')
  clock.advance(10)
  const replayed = await send({
    method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: session.refreshToken }
  })
  t.equal(replayed.statusCode, 401)
  t.equal(replayed.json().code, 'refresh_token_reused')
  const reuse = await eventsOf(t, app, replayed, 'refresh_token_reused', userId)
  t.type(reuse?.detail?.sessionId, 'string')

  await send({ method: 'POST', url: '/v1/auth/password/forgot', payload: { email: account.email } })
  const resetToken = await linkTo(account.email, /^Reset your password/)
  secrets.push(resetToken)
  const reset = await send({
    method: 'POST', url: '/v1/auth/password/reset', payload: { token: resetToken, newPassword: resetPassword }
  })
  t.equal(reset.statusCode, 204)
  t.type((await eventsOf(t, app, reset, 'password_reset', userId))?.detail?.sessionsEnded, 'number')

  const signIn = async () => {
    const response = await send({
      method: 'POST', url: '/v1/auth/login', payload: { login: account.username, password: resetPassword }
    })
    t.equal(response.statusCode, 200)
    return response.json<Tokens>()
  }
  const [first, second, third, fourth] = [await signIn(), await signIn(), await signIn(), await signIn()]

  const changed = await send({
    method: 'PUT',
    url: '/v1/me/password',
    token: first.accessToken,
    payload: { currentPassword: resetPassword, newPassword }
  })
  t.equal(changed.statusCode, 204)
  t.same((await eventsOf(t, app, changed, 'password_changed', userId))?.detail, { sessionsEnded: 3 })

  const requested = await send({
    method: 'PUT', url: '/v1/me/email', token: first.accessToken, payload: { newEmail, currentPassword: newPassword }
  })
  t.equal(requested.statusCode, 202)
  t.same((await eventsOf(t, app, requested, 'email_change_requested', userId))?.detail, null)
  const changeToken = await linkTo(newEmail)
  secrets.push(changeToken)
  const moved = await send({ method: 'POST', url: '/v1/auth/verify-email', payload: { token: changeToken } })
  t.equal(moved.statusCode, 200)
  await eventsOf(t, app, moved, 'email_changed', userId)

  const again = async () => {
    const response = await send({
      method: 'POST', url: '/v1/auth/login', payload: { login: account.username, password: newPassword }
    })
    return response.json<Tokens>()
  }
  const [a, b, c] = [await again(), await again(), await again()]
  const revoked = await send({ method: 'DELETE', url: `/v1/me/sessions/${sessionIdOf(b)}`, token: first.accessToken })
  t.equal(revoked.statusCode, 204)
  t.same((await eventsOf(t, app, revoked, 'session_revoked', userId))?.detail,
    { sessionId: sessionIdOf(b), current: false })

  const logout = await send({ method: 'POST', url: '/v1/auth/logout', token: a.accessToken, payload: {} })
  t.equal(logout.statusCode, 204)
  t.same((await eventsOf(t, app, logout, 'logout', userId))?.detail, { sessionId: sessionIdOf(a) })
  const logoutByRefresh = await send({
    method: 'POST', url: '/v1/auth/logout', payload: { refreshToken: c.refreshToken }
  })
  t.equal(logoutByRefresh.statusCode, 204)
  t.same((await eventsOf(t, app, logoutByRefresh, 'logout', userId))?.detail, { sessionId: sessionIdOf(c) })

  const others = await send({ method: 'DELETE', url: '/v1/me/sessions', token: first.accessToken })
  t.equal(others.statusCode, 204)
  t.type((await eventsOf(t, app, others, 'other_sessions_revoked', userId))?.detail?.sessionsEnded, 'number')

  const deleted = await send({
    method: 'DELETE', url: '/v1/me', token: first.accessToken, payload: { currentPassword: newPassword }
  })
  t.equal(deleted.statusCode, 204)
  await eventsOf(t, app, deleted, 'account_deleted', userId)
  t.equal(await app.prisma.user.count({ where: { id: userId } }), 0, 'the account is gone')
  t.ok(await app.prisma.auditEvent.count({ where: { userId } }) >= 15, 'its events stay, with its id')

  // Nothing secret, and no address, in any column of any row.
  secrets.push(second.accessToken, third.refreshToken, fourth.deviceToken)
  const rows = await app.prisma.auditEvent.findMany()
  t.ok(rows.length >= 16)
  const haystack = rows.map((row) => JSON.stringify(Object.values(row))).join('\n').toLowerCase()
  for (const secret of new Set([...secrets, ...addresses])) {
    t.notOk(haystack.includes(secret.toLowerCase()), `no row holds ${secret.slice(0, 12)}…`)
  }
  t.ok(secrets.length > 30, `${secrets.length} secrets scanned`)
})

t.test('a throttled login is recorded with its reason', async (t) => {
  const { app } = await buildWithMail(t, { loginAccountRateLimitMax: 2 })
  const send = client(app, [])
  const account = newAccount()
  const signup = await send({ method: 'POST', url: '/v1/auth/signup', payload: account })
  const userId: string = signup.json().user.id
  for (let i = 0; i < 2; i++) {
    await send({ method: 'POST', url: '/v1/auth/login', payload: { login: account.username, password: 'nope nope nope' } })
  }
  const throttled = await send({
    method: 'POST', url: '/v1/auth/login', payload: { login: account.username, password: account.password }
  })
  t.equal(throttled.statusCode, 429)
  // Written beside the answer, not before it: the refusal stays cheap.
  const requestId = throttled.headers['x-request-id'] as string
  for (let i = 0; i < 100 && await app.prisma.auditEvent.count({ where: { requestId } }) === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  t.same((await eventsOf(t, app, throttled, 'login_failed', userId))?.detail, { reason: 'throttled' })
})

t.test('a failing insert is logged and the request still succeeds', async (t) => {
  const { app } = await buildWithMail(t)
  const delegate = app.prisma.auditEvent
  const create = delegate.create
  t.teardown(() => { delegate.create = create })
  const failure = new Error('disk full')
  delegate.create = (async () => { throw failure }) as unknown as typeof create
  t.equal(app.prisma.auditEvent.create, delegate.create, 'the delegate is patched')
  const logged: Array<[unknown, string]> = []
  const error = app.log.error
  t.teardown(() => { app.log.error = error })
  app.log.error = ((object: unknown, message: string) => { logged.push([object, message]) }) as typeof error
  const signup = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount() })
  t.equal(signup.statusCode, 201, 'the request succeeds')
  t.equal(await app.prisma.auditEvent.count(), 0)
  t.match(logged, [[{ err: failure, auditEvent: 'signup', userId: signup.json().user.id }, 'could not write an audit event']])
})
