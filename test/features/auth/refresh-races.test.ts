import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { createLoginThrottle } from '../../../src/features/auth/login-throttle.js'
import { createPasswordHasher } from '../../../src/features/auth/passwords.js'
import { createSessionManager } from '../../../src/features/auth/sessions.js'
import { createAuthService } from '../../../src/features/auth/service.js'
import { build, testClock } from '../../helpers/build.js'
import { bearer, signUp } from '../../helpers/users.js'

/**
 * The auth service itself on a real app's database: two calls in one tick both read the token before either
 * rotates.
 */
async function setUp (t: Test, refreshReuseInterval: number) {
  const clock = testClock()
  const app: FastifyInstance = await build(t, { now: clock.now, config: { refreshReuseInterval } })
  const auth = createAuthService({
    prisma: app.prisma,
    config: app.config,
    now: clock.now,
    hasher: createPasswordHasher(app.config),
    signAccessToken: (claims) => app.jwt.sign(claims),
    sessions: createSessionManager({ prisma: app.prisma, now: clock.now, sessionStatus: app.sessionStatus }),
    loginThrottle: createLoginThrottle({ config: app.config, now: clock.now })
  })
  return { app, auth, account: await signUp(app) }
}

t.test('the refresh that loses the rotation race gets the winner\'s token', async (t) => {
  const { app, auth, account } = await setUp(t, 10)
  const [a, b] = await Promise.all([auth.refresh(account.refreshToken), auth.refresh(account.refreshToken)])
  t.equal(a.refreshToken, b.refreshToken)
  t.equal((await app.prisma.session.findFirstOrThrow()).generation, 1, 'one rotation')
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(b.accessToken) })).statusCode, 200)
})

t.test('REFRESH_REUSE_INTERVAL=0: the loser of the race is reuse and ends the session, winner included', async (t) => {
  const { app, auth, account } = await setUp(t, 0)
  const results = await Promise.allSettled([auth.refresh(account.refreshToken), auth.refresh(account.refreshToken)])
  const won = results.flatMap((result) => result.status === 'fulfilled' ? [result.value] : [])
  const lost = results.flatMap((result) => result.status === 'rejected' ? [result.reason as { code: string }] : [])
  t.equal(won.length, 1)
  t.equal(lost[0]?.code, 'refresh_token_reused')
  const session = await app.prisma.session.findFirstOrThrow()
  t.equal(session.revokedReason, 'refresh_token_reused')
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(won[0].accessToken) })).statusCode, 401)
})
