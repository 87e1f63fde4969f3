import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { build, testClock } from '../../helpers/build.js'
import { bearer, signUp } from '../../helpers/users.js'

interface Pair { accessToken: string, refreshToken: string }

const sessionIdOf = (app: FastifyInstance, pair: Pair) => app.jwt.decode<{ sid: string }>(pair.accessToken)?.sid
const me = async (app: FastifyInstance, pair: Pair) =>
  (await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(pair.accessToken) })).statusCode
const refresh = async (app: FastifyInstance, pair: Pair) =>
  await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: pair.refreshToken } })
const list = async (app: FastifyInstance, pair: Pair) =>
  await app.inject({ method: 'GET', url: '/v1/me/sessions', headers: bearer(pair.accessToken) })
const revoke = async (app: FastifyInstance, pair: Pair, id = '') =>
  await app.inject({ method: 'DELETE', url: `/v1/me/sessions${id === '' ? '' : `/${id}`}`, headers: bearer(pair.accessToken) })

/** One more sign-in of `account`, from `ip` with `userAgent`. */
async function signInAs (app: FastifyInstance, account: { user: { username: string }, password: string },
  userAgent = 'test-agent', ip = '203.0.113.7'): Promise<Pair> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    headers: { 'user-agent': userAgent, 'x-forwarded-for': ip },
    payload: { login: account.user.username, password: account.password }
  })
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`)
  return response.json()
}

t.test('listSessions: live sessions only, newest first, the asking one marked current', async (t) => {
  const clock = testClock(new Date('2030-01-01T00:00:00.000Z'))
  const app = await build(t, { now: clock.now, config: { sessionIdleTimeout: 100, trustProxy: true } })
  const account = await signUp(app) // at 0s: goes idle
  clock.advance(60)
  const laptop = await signInAs(app, account, 'Laptop/1.0', '198.51.100.1')
  clock.advance(1)
  const loggedOut = await signInAs(app, account, 'Tablet/1.0')
  await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(loggedOut.accessToken) })
  clock.advance(1)
  const phone = await signInAs(app, account, 'Phone/2.0', '198.51.100.2')
  clock.advance(10)
  t.equal((await refresh(app, laptop)).statusCode, 200, 'the laptop refreshes at 72s')
  clock.advance(40) // 112s: the signup session has been idle 112s, the others at most 50s

  const response = await list(app, phone)
  t.equal(response.statusCode, 200)
  const { items } = response.json()
  t.same(items.map((item: { id: string }) => item.id), [sessionIdOf(app, phone), sessionIdOf(app, laptop)],
    'newest first; the logged-out and the idle sessions are left out')
  t.same(Object.keys(items[0]).sort(), ['createdAt', 'current', 'id', 'ip', 'lastUsedAt', 'userAgent'])
  t.same(items[0], {
    id: sessionIdOf(app, phone),
    current: true,
    createdAt: '2030-01-01T00:01:02.000Z',
    lastUsedAt: '2030-01-01T00:01:02.000Z',
    ip: '198.51.100.2',
    userAgent: 'Phone/2.0'
  })
  t.same(items[1], {
    id: sessionIdOf(app, laptop),
    current: false,
    createdAt: '2030-01-01T00:01:00.000Z',
    lastUsedAt: '2030-01-01T00:01:12.000Z',
    ip: '198.51.100.1',
    userAgent: 'Laptop/1.0'
  }, 'lastUsedAt is the last refresh')

  const fromLaptop = (await list(app, laptop)).json().items
  t.same(fromLaptop.map((item: { current: boolean }) => item.current), [false, true], 'current follows the caller')
})

t.test('listSessions shows only the caller\'s own sessions', async (t) => {
  const app = await build(t)
  const alice = await signUp(app)
  await signUp(app)
  const items = (await list(app, alice)).json().items
  t.same(items.map((item: { id: string }) => item.id), [sessionIdOf(app, alice)])
})

t.test('revokeSession: the session\'s access token is refused at once, its refresh token too', async (t) => {
  const app = await build(t, { now: testClock().now })
  const account = await signUp(app)
  const other = await signInAs(app, account)
  t.equal(await me(app, other), 200, 'the other session is live (and its status cached)')

  const response = await revoke(app, account, sessionIdOf(app, other))
  t.equal(response.statusCode, 204)
  t.equal(response.body, '')
  t.equal(await me(app, other), 401, 'refused at once, though its status was cached')
  t.equal((await refresh(app, other)).json().code, 'invalid_refresh_token')
  t.equal(await me(app, account), 200, 'the caller\'s session goes on')
  const row = await app.prisma.session.findUniqueOrThrow({ where: { id: sessionIdOf(app, other) } })
  t.equal(row.revokedReason, 'revoked')

  const again = await revoke(app, account, sessionIdOf(app, other))
  t.equal(again.statusCode, 404, 'an ended session is not there to end')
})

t.test('revokeSession of the current session signs the caller out', async (t) => {
  const app = await build(t, { now: testClock().now })
  const account = await signUp(app)
  t.equal((await revoke(app, account, sessionIdOf(app, account))).statusCode, 204)
  t.equal(await me(app, account), 401)
})

t.test('revokeSession: another user\'s session and an unknown id are the same 404', async (t) => {
  const app = await build(t, { now: testClock().now })
  const alice = await signUp(app)
  const bob = await signUp(app)
  const theirs = await revoke(app, alice, sessionIdOf(app, bob))
  const unknown = await revoke(app, alice, '00000000-0000-4000-8000-000000000000')
  t.equal(theirs.statusCode, 404)
  t.equal(unknown.statusCode, 404)
  const { requestId: _a, ...theirsBody } = theirs.json()
  const { requestId: _b, ...unknownBody } = unknown.json()
  t.same(theirsBody, unknownBody, 'nothing tells the two apart')
  t.equal(theirsBody.code, 'not_found')
  t.equal(await me(app, bob), 200, 'Bob\'s session lives on')
  t.equal((await revoke(app, alice, 'not-a-uuid')).statusCode, 400)
})

t.test('revokeOtherSessions ends every session but the current one, and no one else\'s', async (t) => {
  const app = await build(t, { now: testClock().now })
  const account = await signUp(app)
  const second = await signInAs(app, account)
  const third = await signInAs(app, account)
  const stranger = await signUp(app)
  for (const pair of [account, second, third, stranger]) t.equal(await me(app, pair), 200)

  const response = await revoke(app, second)
  t.equal(response.statusCode, 204)
  t.equal(await me(app, second), 200, 'the current session stays')
  t.equal(await me(app, account), 401, 'the others are refused at once')
  t.equal(await me(app, third), 401)
  t.equal((await refresh(app, third)).json().code, 'invalid_refresh_token')
  t.equal(await me(app, stranger), 200, 'another user is untouched')
  const items = (await list(app, second)).json().items
  t.same(items.map((item: { id: string }) => item.id), [sessionIdOf(app, second)])
})

t.test('the sessions routes serve unverified accounts when REQUIRE_EMAIL_VERIFICATION is on', async (t) => {
  const app = await build(t, { now: testClock().now, config: { requireEmailVerification: true } })
  const account = await signUp(app)
  const other = await signInAs(app, account)
  t.equal((await list(app, account)).statusCode, 200)
  t.equal((await revoke(app, account, sessionIdOf(app, other))).statusCode, 204)
  t.equal((await revoke(app, account)).statusCode, 204)
})

t.test('the sessions routes need a token', async (t) => {
  const app = await build(t)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me/sessions' })).statusCode, 401)
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/me/sessions' })).statusCode, 401)
})
