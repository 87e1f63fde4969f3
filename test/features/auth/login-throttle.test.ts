import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { createLoginThrottle } from '../../../src/features/auth/login-throttle.js'
import { build, testClock } from '../../helpers/build.js'
import { startSmtpServer } from '../../helpers/smtp.js'
import { signUp } from '../../helpers/users.js'

const WRONG = 'not the password at all'

interface Attempt {
  ip?: string
  /** Sent in the body. */
  deviceToken?: string
  /** Sent as the `device` cookie. */
  cookie?: string
}

async function login (app: FastifyInstance, login: string, password: string, attempt: Attempt = {}) {
  return await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    headers: { 'x-forwarded-for': attempt.ip ?? '192.0.2.1' },
    ...(attempt.cookie !== undefined ? { cookies: { device: attempt.cookie } } : {}),
    payload: { login, password, ...(attempt.deviceToken !== undefined ? { deviceToken: attempt.deviceToken } : {}) }
  })
}

/** An app behind a proxy (X-Forwarded-For read) with a per-text limit of `max`, and an account that signed up. */
async function setUp (t: Test, config: Record<string, unknown> = {}) {
  const clock = testClock()
  const app = await build(t, {
    now: clock.now,
    config: { trustProxy: true, loginAccountRateLimitMax: 10, loginAccountRateLimitWindow: 900, ...config }
  })
  const account = await signUp(app)
  return { app, clock, account, deviceToken: account.deviceToken as string }
}

/** `count` wrong passwords for `text`, each from another address. */
async function attack (t: Test, app: FastifyInstance, text: string, count: number, first = 1) {
  for (let i = first; i < first + count; i++) {
    t.equal((await login(app, text, WRONG, { ip: `198.51.100.${i}` })).statusCode, 401, `failure ${i}`)
  }
}

t.test('ten failures from ten addresses throttle the login text for any address, before any hashing', async (t) => {
  const { app, account } = await setUp(t)
  await attack(t, app, account.user.username, 10)
  // A stored hash argon2 cannot parse: a request that reached hashing would fail with a 500, not answer 429.
  await app.prisma.user.update({ where: { id: account.user.id }, data: { passwordHash: 'not an argon2 hash' } })
  const throttled = await login(app, account.user.username, account.password, { ip: '203.0.113.99' })
  t.equal(throttled.statusCode, 429, 'the right password, from an address never seen, answered before any hashing')
  t.equal(throttled.json().code, 'account_throttled')
  t.equal(throttled.headers['retry-after'], '900')
  const rows = await app.prisma.session.count()
  t.equal(rows, 1, 'no session was made')
})

t.test('no email↔username oracle: a throttled username leaves the email answering as before', async (t) => {
  const { app, account } = await setUp(t, { loginAccountRateLimitMax: 3 })
  await attack(t, app, account.user.username, 3)
  t.equal((await login(app, account.user.username, account.password)).statusCode, 429)
  t.equal((await login(app, account.user.email, WRONG)).statusCode, 401, 'the email: a plain 401')
  t.equal((await login(app, account.user.email, account.password)).statusCode, 200, 'and the right password works')

  // The other way round, and for a stranger's email: the same answers as for any unthrottled text.
  const other = await signUp(app)
  await attack(t, app, other.user.email, 3)
  t.equal((await login(app, other.user.email, WRONG)).statusCode, 429)
  t.equal((await login(app, other.user.username, WRONG)).statusCode, 401)
})

t.test('a valid device token (body or cookie) is exempt from the login text\'s lock', async (t) => {
  const { app, account, deviceToken } = await setUp(t)
  await attack(t, app, account.user.username, 10)
  t.equal((await login(app, account.user.username, account.password)).statusCode, 429, 'without one: throttled')

  const viaBody = await login(app, account.user.username, account.password, { deviceToken })
  t.equal(viaBody.statusCode, 200, 'the owner\'s device signs in through the lock')
  const viaCookie = await login(app, account.user.username, account.password, { cookie: viaBody.json().deviceToken })
  t.equal(viaCookie.statusCode, 200, 'so does a browser with the cookie')
  t.equal(viaCookie.json().deviceToken.split('.')[0], deviceToken.split('.')[0], 'a known device keeps its id')

  t.equal((await login(app, account.user.username, account.password)).statusCode, 429,
    'the device\'s success did not clear the attacker\'s count on the text')
})

t.test('a device has its own limit of LOGIN_DEVICE_RATE_LIMIT_MAX failures per window', async (t) => {
  const { app, clock, account, deviceToken } = await setUp(t)
  for (let i = 0; i < 5; i++) {
    t.equal((await login(app, account.user.username, WRONG, { deviceToken })).statusCode, 401)
  }
  const locked = await login(app, account.user.username, account.password, { deviceToken })
  t.equal(locked.statusCode, 429, 'the sixth try, even with the right password')
  t.equal(locked.json().code, 'account_throttled')
  t.equal(locked.headers['retry-after'], '900')

  t.equal((await login(app, account.user.username, account.password)).statusCode, 200,
    'the device\'s failures did not count on the login text')
  const second = (await login(app, account.user.email, account.password)).json().deviceToken
  t.equal((await login(app, account.user.email, account.password, { deviceToken: second })).statusCode, 200,
    'another device of the account has its own count')

  clock.advance(901)
  t.equal((await login(app, account.user.username, account.password, { deviceToken })).statusCode, 200,
    'the window passes')
})

t.test('a device\'s success resets its own count', async (t) => {
  const { app, account, deviceToken } = await setUp(t)
  for (let i = 0; i < 4; i++) await login(app, account.user.username, WRONG, { deviceToken })
  t.equal((await login(app, account.user.username, account.password, { deviceToken })).statusCode, 200)
  for (let i = 0; i < 4; i++) await login(app, account.user.username, WRONG, { deviceToken })
  t.equal((await login(app, account.user.username, account.password, { deviceToken })).statusCode, 200)
})

t.test('revoked, forged and other accounts\' device tokens give no exemption', async (t) => {
  const { app, clock, account, deviceToken } = await setUp(t)
  const stranger = await signUp(app)
  await attack(t, app, account.user.username, 10)
  const [id, issuedAt, mac] = deviceToken.split('.')
  const forged = `${id}.${issuedAt}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`
  const forgedTime = `${id}.${Number(issuedAt) + 1}.${mac}`
  for (const [label, token] of [
    ['forged MAC', forged], ['forged issue time', forgedTime], ['another account\'s', stranger.deviceToken as string],
    ['garbage', 'x']
  ]) {
    t.equal((await login(app, account.user.username, account.password, { deviceToken: token })).statusCode, 429, label)
    t.equal((await login(app, account.user.username, account.password, { cookie: token })).statusCode, 429,
      `${label}, as the cookie`)
  }

  clock.advance(1)
  await app.prisma.user.update({ where: { id: account.user.id }, data: { devicesRevokedAt: clock.now() } })
  t.equal((await login(app, account.user.username, account.password, { deviceToken })).statusCode, 429,
    'a token issued before devicesRevokedAt')
})

t.test('a body token is used instead of the cookie', async (t) => {
  const { app, account, deviceToken } = await setUp(t)
  await attack(t, app, account.user.username, 10)
  t.equal((await login(app, account.user.username, account.password, { deviceToken: 'x', cookie: deviceToken }))
    .statusCode, 429)
})

t.test('a device token never lifts the per-IP limit', async (t) => {
  const { app, account, deviceToken } = await setUp(t, { authRateLimitMax: 2 })
  const ip = '203.0.113.5'
  t.equal((await login(app, account.user.username, account.password, { ip, deviceToken })).statusCode, 200)
  t.equal((await login(app, account.user.username, account.password, { ip, deviceToken })).statusCode, 200)
  const limited = await login(app, account.user.username, account.password, { ip, deviceToken })
  t.equal(limited.statusCode, 429)
  t.equal(limited.json().code, 'rate_limited')
})

t.test('signup and login set the device cookie: HttpOnly, Secure, SameSite=Strict, Path=/v1/auth, a year', async (t) => {
  const { app, account } = await setUp(t)
  const signup = await app.inject({
    method: 'POST', url: '/v1/auth/signup', payload: { email: 'c@example.com', username: 'cookie_c', password: account.password }
  })
  const signin = await login(app, account.user.username, account.password)
  for (const [label, response] of [['signup', signup], ['login', signin]] as const) {
    const header = String(response.headers['set-cookie'])
    t.equal(header, `device=${response.json().deviceToken}; Max-Age=31536000; Path=/v1/auth; HttpOnly; Secure; ` +
      'SameSite=Strict', label)
  }
  const refreshed = await app.inject({
    method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: signin.json().refreshToken }
  })
  t.equal(refreshed.statusCode, 200)
  t.equal(refreshed.json().deviceToken, undefined, 'refresh keeps the token the client holds')
  t.equal(refreshed.headers['set-cookie'], undefined)
})

const throttledNotices = async (app: FastifyInstance, to?: string) =>
  await app.prisma.outboxMessage.count({ where: { template: 'signin-throttled', ...(to !== undefined ? { to } : {}) } })

t.test('the account is told once per window when one of its login texts becomes throttled', async (t) => {
  const { app, clock, account } = await setUp(t, { loginAccountRateLimitMax: 3 })
  const other = await signUp(app)
  await attack(t, app, account.user.username, 2)
  t.equal(await throttledNotices(app), 0, 'not yet throttled')
  await attack(t, app, account.user.username, 1, 3)
  t.equal(await throttledNotices(app, account.user.email), 1, 'the failure that throttled the username')
  await login(app, account.user.username, WRONG)
  await attack(t, app, account.user.email, 3)
  t.equal(await throttledNotices(app), 1, 'the email throttled in the same window: no second notice')
  await attack(t, app, 'nobody-at-all', 3)
  t.equal(await throttledNotices(app), 1, 'an unknown login text has nobody to tell')

  clock.advance(901)
  await attack(t, app, account.user.username, 3)
  t.equal(await throttledNotices(app, account.user.email), 2, 'a new window, a new notice')
  t.equal(await throttledNotices(app, other.user.email), 0)

  const [row] = await app.prisma.outboxMessage.findMany({ where: { template: 'signin-throttled' } })
  t.equal(row.to, account.user.email)
})

t.test('the throttled notice arrives by mail with the minutes to wait', async (t) => {
  const smtp = await startSmtpServer(t)
  const { app, account } = await setUp(t, { loginAccountRateLimitMax: 2, smtpUrl: smtp.url })
  await attack(t, app, account.user.username, 2)
  await app.mail.flush()
  const message = await smtp.waitForMessage((mail) => /paused/i.test(mail.subject))
  t.equal(message.to, account.user.email)
  t.match(message.text, account.user.username)
  t.match(message.text, /paused for 15 minutes/)
})

t.test('SECURITY_NOTICES without signin_throttled: no notice', async (t) => {
  const { app, account } = await setUp(t, { loginAccountRateLimitMax: 2, securityNotices: [] })
  await attack(t, app, account.user.username, 2)
  t.equal((await login(app, account.user.username, WRONG)).statusCode, 429)
  t.equal(await throttledNotices(app), 0)
})

t.test('a wrong current password that throttles the account tells it too, once per window', async (t) => {
  const { app, clock, account } = await setUp(t, { loginAccountRateLimitMax: 2 })
  const throttle = createLoginThrottle({
    config: app.config, now: clock.now, outbox: { prisma: app.prisma, mail: app.mail, log: app.log }
  })
  const names = { email: account.user.email, username: account.user.username }
  await throttle.failAccount(names)
  t.equal(await throttledNotices(app), 0)
  await throttle.failAccount(names)
  t.equal(await throttle.blockedFor(account.user.email), 900)
  t.equal(await throttle.blockedFor(account.user.username), 900, 'every text of the account counts it')
  t.equal(await throttledNotices(app, account.user.email), 1, 'both texts throttled at once: one notice')
  await throttle.clear(names)
  t.equal(await throttle.blockedFor(account.user.username), 0, 'a password reset clears the texts')
  await throttle.failAccount(names)
  await throttle.failAccount(names)
  t.equal(await throttledNotices(app), 2, 'and the notice\'s window: a new attack is told')
})
