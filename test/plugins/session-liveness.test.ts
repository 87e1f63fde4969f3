import t from 'tap'
import {
  isSessionLive, liveSessionSql, liveSessionWhere, purgeableSessionWhere, sessionEndsAt
} from '../../src/plugins/session-liveness.js'
import { build } from '../helpers/build.js'
import { signUp } from '../helpers/users.js'

const policy = { sessionIdleTimeout: 600 }
const t0 = new Date('2026-01-01T00:00:00Z')
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000)
const session = (overrides: Partial<{ expiresAt: Date, lastRefreshedAt: Date, revokedAt: Date | null }> = {}) =>
  ({ expiresAt: at(3600), lastRefreshedAt: t0, revokedAt: null, ...overrides })

t.test('a session ends at its idle timeout or its absolute expiry, whichever comes first', async (t) => {
  t.equal(sessionEndsAt(session(), policy), at(600).getTime(), 'idle first')
  t.equal(sessionEndsAt(session({ lastRefreshedAt: at(3500) }), policy), at(3600).getTime(), 'expiry first')
  t.equal(sessionEndsAt(session({ revokedAt: at(1) }), policy), -Infinity, 'revoked: ended whatever the times')
})

t.test('live strictly before the end', async (t) => {
  t.equal(isSessionLive(session(), policy, at(599)), true)
  t.equal(isSessionLive(session(), policy, at(600)), false, 'idle for exactly SESSION_IDLE_TIMEOUT')
  t.equal(isSessionLive(session({ lastRefreshedAt: at(3500) }), policy, at(3600)), false, 'at expiresAt')
  t.equal(isSessionLive(session({ revokedAt: at(10) }), policy, at(0)), false)
})

t.test('the filters say the same as the function', async (t) => {
  t.same(liveSessionWhere(policy, at(700)), {
    revokedAt: null,
    expiresAt: { gt: at(700) },
    lastRefreshedAt: { gt: at(100) }
  })
  t.same(purgeableSessionWhere(policy, at(700), 86400_000), {
    OR: [
      { expiresAt: { lte: at(700) } },
      { lastRefreshedAt: { lte: at(100) } },
      { revokedAt: { lte: at(700 - 86400) } }
    ]
  })
})

t.test('the database agrees: the live filters select exactly the live sessions, the purge none of them', async (t) => {
  const app = await build(t)
  const { user } = await signUp(app)
  const now = at(5000)
  const times = [-1, 0, 1, 3000].flatMap((lastRefreshed) => [4999, 5000, 5001, 9000].flatMap((expires) =>
    [null, 4000].map((revoked) => ({
      lastRefreshedAt: at(5000 - 600 + lastRefreshed),
      expiresAt: at(expires),
      revokedAt: revoked === null ? null : at(revoked)
    }))))
  await app.prisma.session.createMany({
    data: times.map((time, index) => ({ id: `s${index}`, userId: user.id, createdAt: t0, ...time }))
  })
  const live = await app.prisma.session.findMany({
    where: { id: { startsWith: 's' }, ...liveSessionWhere(policy, now) },
    select: { id: true }
  })
  const expected = times.flatMap((time, index) => isSessionLive(time, policy, now) ? [`s${index}`] : [])
  t.ok(expected.length > 0 && expected.length < times.length, 'both kinds are present')
  t.same(live.map((row) => row.id).sort(), expected.sort())
  const liveBySql = await app.prisma.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Session" WHERE "id" LIKE 's%' AND ${liveSessionSql(policy, now)}`
  t.same(liveBySql.map((row) => row.id).sort(), expected.sort(), 'the SQL form (the refresh rotation\'s) too')
  const purgeable = await app.prisma.session.findMany({
    where: { id: { startsWith: 's' }, ...purgeableSessionWhere(policy, now, 0) },
    select: { id: true }
  })
  t.same(purgeable.map((row) => row.id).filter((id) => expected.includes(id)), [], 'a live session is never purged')
  t.equal(purgeable.length, times.length - expected.length, 'with no retention, every ended one is')
})
