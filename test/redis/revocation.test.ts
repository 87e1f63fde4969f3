// Ending a session on one node drops the other nodes' cached copies through Redis pub/sub, sooner than the
// cache's one-second lifetime: node B runs on a stopped clock here, so its cache would never expire alone.
import t from 'tap'
import { build, testClock } from '../helpers/build.js'
import { needsRedis, redisKeyPrefix, requireRedisUrl } from '../helpers/redis.js'
import { bearer, signIn, signUp } from '../helpers/users.js'

const SOON_MS = 1000

async function statusWithin (ms: number, probe: () => Promise<number>, wanted: number): Promise<number> {
  const until = Date.now() + ms
  let status = await probe()
  while (status !== wanted && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    status = await probe()
  }
  return status
}

t.test('a logout, a revocation or a user write on node A reaches node B\'s session cache', needsRedis(), async (t) => {
  const redisUrl = requireRedisUrl(t)
  const config = { redisUrl, redisKeyPrefix: redisKeyPrefix(t, redisUrl) }
  const a = await build(t, { config })
  const b = await build(t, { databaseUrl: a.config.databaseUrl, config, now: testClock().now })
  const meOnB = async (token: string) => (await b.inject({ url: '/v1/me', headers: bearer(token) })).statusCode

  const first = await signUp(a)
  t.equal(await meOnB(first.accessToken), 200, 'B caches the live session')
  const { sid } = a.jwt.decode<{ sid: string }>(first.accessToken) ?? { sid: '' }
  await a.prisma.session.update({ where: { id: sid }, data: { revokedAt: new Date() } })
  t.equal(await meOnB(first.accessToken), 200, 'a write nobody tells B about: B answers from its cache')

  const second = await signUp(a)
  t.equal(await meOnB(second.accessToken), 200)
  const logout = await a.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(second.accessToken) })
  t.equal(logout.statusCode, 204)
  t.equal(await statusWithin(SOON_MS, async () => await meOnB(second.accessToken), 401), 401,
    'a logout on A: B refuses the token within a second, its cache entry dropped by the message')

  const third = await signUp(a)
  t.equal(await meOnB(third.accessToken), 200)
  const other = (await signIn(a, third.user.email, third.password)).json<{ accessToken: string }>()
  const revoke = await a.inject({ method: 'DELETE', url: '/v1/me/sessions', headers: bearer(other.accessToken) })
  t.equal(revoke.statusCode, 204, 'A ends the user\'s other sessions')
  t.equal(await statusWithin(SOON_MS, async () => await meOnB(third.accessToken), 401), 401, 'B follows')

  // A write to the user's row (any node's onUserWrite) drops B's copies of the row too.
  const renamed = 'Renamed on A'
  t.equal(await meOnB(other.accessToken), 200, 'B caches the row')
  const patch = await a.inject({
    method: 'PATCH', url: '/v1/me', headers: bearer(other.accessToken), payload: { displayName: renamed }
  })
  t.equal(patch.statusCode, 200)
  const nameOnB = async () =>
    (await b.inject({ url: '/v1/me', headers: bearer(other.accessToken) })).json<{ displayName: string }>().displayName
  const until = Date.now() + SOON_MS
  let seen = await nameOnB()
  while (seen !== renamed && Date.now() < until) seen = await nameOnB()
  t.equal(seen, renamed, 'B answers /v1/me with the row as A wrote it')
})
