// With REFRESH_REUSE_INTERVAL=0 the loser of two concurrent refreshes must be reuse. On PostgreSQL it sometimes
// got 200: it read the clock before the winner stamped its rotation, so the time since the rotation came out
// negative, which is less than 0 s, and counted as inside the grace window. The clock is set back here to stand
// for that interleaving.
import t from 'tap'
import { build, testClock } from '../helpers/build.js'
import { signUp } from '../helpers/users.js'

t.test('a replay that read the clock before the rotation was stamped is still reuse when there is no grace',
  async (t) => {
    const clock = testClock()
    const app = await build(t, { now: clock.now, config: { refreshReuseInterval: 0 } })
    const { refreshToken } = await signUp(app)
    const refresh = async () => await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })
    clock.advance(1)
    t.equal((await refresh()).statusCode, 200, 'the winner, stamped at t + 1 s')
    clock.advance(-0.5)
    const loser = await refresh()
    t.equal(loser.statusCode, 401)
    t.equal(loser.json().code, 'refresh_token_reused')
    t.equal(await app.prisma.session.count({ where: { revokedAt: null } }), 0, 'the session ended')
  })
