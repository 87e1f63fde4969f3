import t from 'tap'
import { sha256Hex } from '../../../src/crypto.js'
import { MAX_REPLAY_STEPS, purgeEndedSessions } from '../../../src/features/auth/service.js'
import { build, testClock } from '../../helpers/build.js'
import { bearer, signIn, signUp } from '../../helpers/users.js'
import type { FastifyInstance } from 'fastify'

const refresh = async (app: FastifyInstance, refreshToken: string) =>
  await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })
const me = async (app: FastifyInstance, accessToken: string) =>
  await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(accessToken) })

t.test('refresh rotates: a new pair with the login body shape, and the session keeps its id', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const response = await refresh(app, account.refreshToken)
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.same(Object.keys(body).sort(), ['accessToken', 'expiresIn', 'refreshToken', 'tokenType', 'user'])
  t.not(body.refreshToken, account.refreshToken)
  t.equal(
    app.jwt.decode<{ sid: string }>(body.accessToken)?.sid,
    app.jwt.decode<{ sid: string }>(account.accessToken)?.sid
  )
  t.equal((await me(app, body.accessToken)).statusCode, 200)
  t.equal((await refresh(app, body.refreshToken)).statusCode, 200, 'the new token works')
})

t.test('refresh tokens are stored only as SHA-256 hashes', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const next = (await refresh(app, account.refreshToken)).json()
  const rows = await app.prisma.refreshToken.findMany({ orderBy: { generation: 'asc' } })
  t.same(rows.map((row) => row.tokenHash), [sha256Hex(account.refreshToken), sha256Hex(next.refreshToken)])
  const dump = JSON.stringify(await app.prisma.$queryRawUnsafe('SELECT * FROM "RefreshToken"')) +
    JSON.stringify(await app.prisma.$queryRawUnsafe('SELECT * FROM "Session"'))
  t.notMatch(dump, account.refreshToken)
  t.notMatch(dump, next.refreshToken, 'nor the derived child')
})

t.test('a rotated token replayed within the reuse interval gets the same live token, in the same session', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const account = await signUp(app)
  const first = (await refresh(app, account.refreshToken)).json()
  clock.advance(5)
  const replay = await refresh(app, account.refreshToken)
  t.equal(replay.statusCode, 200, 'two tabs refreshing at once are not logged out')
  const second = replay.json()
  t.equal(second.refreshToken, first.refreshToken, 'no second chain: the one the rotation issued')
  t.equal(
    app.jwt.decode<{ sid: string }>(second.accessToken)?.sid,
    app.jwt.decode<{ sid: string }>(first.accessToken)?.sid,
    'same session'
  )
  t.equal((await me(app, second.accessToken)).statusCode, 200)
  t.equal((await refresh(app, second.refreshToken)).statusCode, 200, 'the live token rotates as usual')
})

t.test('a replay after the child was rotated too gets the grandchild', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const account = await signUp(app)
  const child = (await refresh(app, account.refreshToken)).json()
  clock.advance(2)
  const grandchild = (await refresh(app, child.refreshToken)).json()
  clock.advance(2)
  const replay = await refresh(app, account.refreshToken)
  t.equal(replay.statusCode, 200)
  t.equal(replay.json().refreshToken, grandchild.refreshToken, 'the session\'s live token, two generations down')
  const session = await app.prisma.session.findFirstOrThrow()
  t.equal(session.generation, 2, 'the replay rotated nothing')
  t.equal(await app.prisma.refreshToken.count(), 3, 'one row per generation')
})

t.test('a token further behind than MAX_REPLAY_STEPS is reuse even within the window', async (t) => {
  const app = await build(t, { now: testClock().now })
  const account = await signUp(app)
  let current = account.refreshToken
  for (let i = 0; i <= MAX_REPLAY_STEPS; i++) current = (await refresh(app, current)).json().refreshToken
  const replay = await refresh(app, account.refreshToken)
  t.equal(replay.json().code, 'refresh_token_reused')
  t.equal((await refresh(app, current)).json().code, 'invalid_refresh_token')
})

t.test('a rotated token replayed after the interval ends the whole session', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const account = await signUp(app)
  const rotated = (await refresh(app, account.refreshToken)).json()
  t.equal((await me(app, rotated.accessToken)).statusCode, 200, 'session cached as live')
  clock.advance(11)
  const reused = await refresh(app, account.refreshToken)
  t.equal(reused.statusCode, 401)
  t.equal(
    reused.json().code,
    'refresh_token_reused',
    'the holder of the spent token (another device) ended the session'
  )
  t.equal(
    (await refresh(app, rotated.refreshToken)).json().code,
    'invalid_refresh_token',
    'the newest refresh token is dead'
  )
  t.equal((await me(app, rotated.accessToken)).statusCode, 401, 'the access token is refused at once')
  const session = await app.prisma.session.findFirstOrThrow()
  t.equal(session.revokedReason, 'refresh_token_reused')
})

t.test('two concurrent refreshes of one token both get the one new token', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const [a, b] = await Promise.all([refresh(app, account.refreshToken), refresh(app, account.refreshToken)])
  t.equal(a.statusCode, 200)
  t.equal(b.statusCode, 200)
  t.equal(a.json().refreshToken, b.json().refreshToken)
})

t.test('REFRESH_REUSE_INTERVAL=0: the second of two concurrent refreshes is reuse and ends the session', async (t) => {
  const app = await build(t, { now: testClock().now, config: { refreshReuseInterval: 0 } })
  const account = await signUp(app)
  const responses = await Promise.all([refresh(app, account.refreshToken), refresh(app, account.refreshToken)])
  const won = responses.filter((response) => response.statusCode === 200)
  const lost = responses.filter((response) => response.statusCode === 401)
  t.equal(won.length, 1, 'one rotates')
  t.equal(lost.length, 1)
  t.equal(lost[0].json().code, 'refresh_token_reused', 'the other is a replay, even in the same millisecond')
  const pair = won[0].json()
  t.equal(
    (await refresh(app, pair.refreshToken)).json().code,
    'invalid_refresh_token',
    'the winner\'s pair died with the session'
  )
  t.equal((await me(app, pair.accessToken)).statusCode, 401)
})

t.test('a token replayed exactly REFRESH_REUSE_INTERVAL after its rotation is reuse', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now, config: { refreshReuseInterval: 10 } })
  const account = await signUp(app)
  await refresh(app, account.refreshToken)
  clock.advance(10)
  t.equal((await refresh(app, account.refreshToken)).json().code, 'refresh_token_reused')
})

t.test('sessions expire: absolute lifetime from sign-in and idle timeout from the last refresh', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now, config: { refreshTokenTtl: 3600, sessionIdleTimeout: 600 } })
  const account = await signUp(app)

  clock.advance(599)
  let current = (await refresh(app, account.refreshToken)).json()
  t.ok(current.refreshToken, 'refreshed just inside the idle timeout')
  clock.advance(601)
  const idle = await refresh(app, current.refreshToken)
  t.equal(idle.statusCode, 401)
  t.equal(idle.json().code, 'invalid_refresh_token', 'idle too long')

  const other = await signIn(app, account.user.username, account.password)
  current = other.json()
  for (let i = 0; i < 6; i++) {
    clock.advance(590)
    current = (await refresh(app, current.refreshToken)).json()
  }
  clock.advance(590) // 6 × 590 + 590 = 4130 s > 3600 s since sign-in
  const expired = await refresh(app, current.refreshToken)
  t.equal(expired.json().code, 'invalid_refresh_token', 'absolute lifetime counts from sign-in')
  t.equal((await me(app, current.accessToken)).statusCode, 401, 'the session check refuses its access tokens too')
})

t.test('unknown and malformed refresh tokens', async (t) => {
  const app = await build(t)
  const unknown = await refresh(app, 'A'.repeat(43))
  t.equal(unknown.statusCode, 401)
  t.equal(unknown.json().code, 'invalid_refresh_token')
  const empty = await refresh(app, '')
  t.equal(empty.statusCode, 400)
  t.equal(empty.json().code, 'validation_failed')
})

t.test('logout with the access token ends the session at once', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const otherDevice = (await signIn(app, account.user.username, account.password)).json()
  t.equal((await me(app, account.accessToken)).statusCode, 200, 'cached as live first')

  const logout = await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(account.accessToken) })
  t.equal(logout.statusCode, 204)
  t.equal(logout.body, '')
  const refused = await me(app, account.accessToken)
  t.equal(refused.statusCode, 401)
  t.equal(refused.json().code, 'invalid_token')
  t.match(refused.headers['www-authenticate'], /^Bearer/)
  t.equal((await refresh(app, account.refreshToken)).json().code, 'invalid_refresh_token')
  t.equal((await me(app, otherDevice.accessToken)).statusCode, 200, 'other sessions keep working')
  const again = await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(account.accessToken) })
  t.equal(again.statusCode, 401, 'a dead token cannot log out twice')
})

t.test('logout with only the refresh token (the access token has expired)', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const logout = await app.inject({
    method: 'POST',
    url: '/v1/auth/logout',
    payload: { refreshToken: account.refreshToken }
  })
  t.equal(logout.statusCode, 204)
  t.equal((await me(app, account.accessToken)).statusCode, 401)
  const unknown = await app.inject({
    method: 'POST',
    url: '/v1/auth/logout',
    payload: { refreshToken: account.refreshToken }
  })
  t.equal(unknown.json().code, 'invalid_refresh_token')
})

t.test('logout without any credential is 401 unauthorized', async (t) => {
  const app = await build(t)
  const bare = await app.inject({ method: 'POST', url: '/v1/auth/logout' })
  t.equal(bare.statusCode, 401)
  t.equal(bare.json().code, 'unauthorized')
  t.match(bare.headers['www-authenticate'], /^Bearer/)
  const emptyObject = await app.inject({ method: 'POST', url: '/v1/auth/logout', payload: {} })
  t.equal(emptyObject.statusCode, 401)
})

t.test('ended sessions are purged with their refresh tokens; live ones and recently revoked ones stay', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now, config: { refreshTokenTtl: 30 * 86400, sessionIdleTimeout: 7 * 86400 } })
  const account = await signUp(app)
  const login = async () => (await signIn(app, account.user.username, account.password)).json()
  const idle = await login()
  const revoked = await login()
  await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(revoked.accessToken) })
  const sessionCount = async () => await app.prisma.session.count()
  const tokenCount = async () => await app.prisma.refreshToken.count()
  t.equal(await sessionCount(), 3)

  t.equal(
    await purgeEndedSessions(app.prisma, app.config, clock.now()),
    0,
    'nothing has ended yet (the revocation is recent)'
  )
  clock.advance(6 * 86400)
  const live = (await refresh(app, account.refreshToken)).json()
  clock.advance(2 * 86400) // the idle session: 8 days without a refresh; the revoked one: 8 days ago
  t.equal(await purgeEndedSessions(app.prisma, app.config, clock.now()), 2, 'the idle and the long-revoked sessions')
  t.equal(await sessionCount(), 1)
  t.equal(await tokenCount(), 2, 'the live session\'s tokens (current and rotated) stay; the rest went by cascade')
  t.equal((await refresh(app, live.refreshToken)).statusCode, 200, 'the live session still refreshes')
  t.equal((await refresh(app, idle.refreshToken)).json().code, 'invalid_refresh_token')

  clock.advance(30 * 86400)
  t.equal(await purgeEndedSessions(app.prisma, app.config, clock.now()), 1, 'past REFRESH_TOKEN_TTL from sign-in')
  t.equal(await tokenCount(), 0)
})

t.test('the purge runs at start-up', async (t) => {
  const clock = testClock()
  const first = await build(t, { now: clock.now })
  const account = await signUp(first)
  await first.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(account.accessToken) })
  clock.advance(2 * 86400)
  const { databaseUrl, uploadDir } = first.config
  const second = await build(t, { now: clock.now, config: { databaseUrl, uploadDir } })
  t.equal(await second.prisma.session.count(), 0, 'the session revoked two days before the start is gone')
})
