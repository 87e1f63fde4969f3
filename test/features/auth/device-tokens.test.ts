import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { createDeviceTokens, DEVICE_TOKEN_MAX_AGE_SECONDS } from '../../../src/features/auth/device-tokens.js'
import { build, TEST_JWT_SECRET, testClock } from '../../helpers/build.js'
import { startSmtpServer } from '../../helpers/smtp.js'
import { signUp } from '../../helpers/users.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const alice = { id: '11111111-1111-4111-8111-111111111111', devicesRevokedAt: null }
const bob = { id: '22222222-2222-4222-8222-222222222222', devicesRevokedAt: null }

t.test('a token names a random device and its issue time, and verifies for its account only', async (t) => {
  const clock = testClock(new Date('2030-01-01T00:00:00.000Z'))
  const tokens = createDeviceTokens({ secret: TEST_JWT_SECRET, now: clock.now })
  const token = tokens.issue(alice)
  t.match(token, /^[A-Za-z0-9_-]{22}\.1893456000000\.[A-Za-z0-9_-]{43}$/)
  const deviceId = token.split('.')[0]
  t.equal(tokens.verify(token, alice), deviceId)
  t.equal(tokens.verify(token, bob), null, 'another account\'s token vouches for nothing')
  t.not(tokens.issue(alice).split('.')[0], deviceId, 'each new device gets its own id')
  t.equal(tokens.issue(alice, deviceId).split('.')[0], deviceId, 'a known device keeps its id')
})

t.test('altered, forged and malformed tokens are refused', async (t) => {
  const tokens = createDeviceTokens({ secret: TEST_JWT_SECRET, now: testClock().now })
  const token = tokens.issue(alice)
  const [deviceId, issuedAt, mac] = token.split('.')
  const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1)
  // The last of 43 characters carries 4 bits of the MAC and 2 unused ones: this one differs in an unused bit.
  const respell = (text: string) => text.slice(0, -1) + ALPHABET[ALPHABET.indexOf(text.at(-1) ?? '') ^ 1]
  const other = createDeviceTokens({ secret: `${TEST_JWT_SECRET}-other`, now: testClock().now })
  for (const [label, forged] of [
    ['another device id', `${flip(deviceId, 0)}.${issuedAt}.${mac}`],
    ['a later issue time', `${deviceId}.${Number(issuedAt) + 1}.${mac}`],
    ['the MAC\'s first character', `${deviceId}.${issuedAt}.${flip(mac, 0)}`],
    ['the MAC\'s last character (another spelling of the same bits)', `${deviceId}.${issuedAt}.${respell(mac)}`],
    ['another secret', other.issue(alice)],
    ['a truncated MAC', `${deviceId}.${issuedAt}.${mac.slice(0, 42)}`],
    ['padding', `${token}=`],
    ['empty', '']
  ] as const) {
    t.equal(tokens.verify(forged, alice), null, label)
  }
  t.equal(tokens.verify(undefined, alice), null, 'none sent')
})

t.test('tokens issued at or before devicesRevokedAt are void; one issued after it is valid', async (t) => {
  const clock = testClock()
  const tokens = createDeviceTokens({ secret: TEST_JWT_SECRET, now: clock.now })
  const before = tokens.issue(alice)
  clock.advance(1)
  const revoked = { ...alice, devicesRevokedAt: clock.now() }
  t.equal(tokens.verify(before, revoked), null)
  const sameMillisecond = tokens.issue(revoked)
  t.ok(tokens.verify(sameMillisecond, revoked), 'a sign-in in the very millisecond of the reset is after it')
  clock.advance(1)
  t.ok(tokens.verify(tokens.issue(revoked), revoked))
})

t.test('a token expires a year after it was issued', async (t) => {
  const clock = testClock()
  const tokens = createDeviceTokens({ secret: TEST_JWT_SECRET, now: clock.now })
  const token = tokens.issue(alice)
  clock.advance(DEVICE_TOKEN_MAX_AGE_SECONDS - 1)
  t.ok(tokens.verify(token, alice))
  clock.advance(1)
  t.equal(tokens.verify(token, alice), null)
})

// "A client not seen before" is one without a valid device token for the account.

async function login (app: FastifyInstance, login: string, password: string,
  device: { body?: string, cookie?: string }) {
  return await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    headers: { 'user-agent': 'Notice-Test/1.0', 'x-forwarded-for': '198.51.100.77' },
    ...(device.cookie !== undefined ? { cookies: { device: device.cookie } } : {}),
    payload: { login, password, ...(device.body !== undefined ? { deviceToken: device.body } : {}) }
  })
}

const noticesTo = async (app: FastifyInstance, to: string) =>
  (await app.prisma.outboxMessage.findMany({ where: { to, template: 'new-signin' } })).length

t.test('a sign-in from a client without a valid device token is mailed; a known device\'s is not', async (t) => {
  const app = await build(t, { now: testClock().now, config: { trustProxy: true } })
  const account = await signUp(app)
  const stranger = await signUp(app)
  const { email, username } = account.user
  t.equal(await noticesTo(app, email), 0, 'signing up is no new sign-in')

  const known = account.deviceToken as string
  t.equal((await login(app, username, account.password, { body: known })).statusCode, 200)
  t.equal((await login(app, username, account.password, { cookie: known })).statusCode, 200)
  t.equal(await noticesTo(app, email), 0, 'the device that signed up, by body or cookie')

  t.equal((await login(app, username, account.password, {})).statusCode, 200)
  t.equal(await noticesTo(app, email), 1, 'no token: a new client')
  const theirs = stranger.deviceToken as string
  t.equal((await login(app, username, account.password, { body: theirs })).statusCode, 200)
  t.equal(await noticesTo(app, email), 2, 'another account\'s token: a new client')
  const devicesRevokedAt = new Date(Date.now() + 1000)
  await app.prisma.user.update({ where: { id: account.user.id }, data: { devicesRevokedAt } })
  t.equal((await login(app, username, account.password, { body: known })).statusCode, 200)
  t.equal(await noticesTo(app, email), 3, 'a revoked token: a new client')
  t.equal((await login(app, username, 'wrong password here', {})).statusCode, 401)
  t.equal(await noticesTo(app, email), 3, 'a failed sign-in is no sign-in')
  t.equal(await noticesTo(app, stranger.user.email), 0)
})

t.test('the new sign-in notice arrives by mail with the time, address and client', async (t) => {
  const smtp = await startSmtpServer(t)
  const clock = testClock(new Date('2030-05-06T07:08:09.000Z'))
  const app = await build(t, { now: clock.now, config: { trustProxy: true, smtpUrl: smtp.url } })
  const account = await signUp(app)
  t.equal((await login(app, account.user.email, account.password, {})).statusCode, 200)
  await app.mail.flush()
  const message = await smtp.waitForMessage((mail) => mail.to === account.user.email && /new sign-in/i.test(mail.subject))
  t.match(message.text, account.user.username)
  t.match(message.text, '2030-05-06T07:08:09.000Z')
  t.match(message.text, '198.51.100.77')
  t.match(message.text, 'Notice-Test/1.0')
  t.same(smtp.messages.map((mail) => mail.subject), ['Confirm your email address', message.subject],
    'signup mailed only its verification link')
})

t.test('SECURITY_NOTICES without new_signin: no notice', async (t) => {
  const app = await build(t, { config: { securityNotices: ['password_changed'] } })
  const account = await signUp(app)
  t.equal((await login(app, account.user.username, account.password, {})).statusCode, 200)
  t.equal(await app.prisma.outboxMessage.count({ where: { template: 'new-signin' } }), 0)
})
