// A rotated refresh token replayed within REFRESH_REUSE_INTERVAL minted another live token each time: one stolen
// token made any number of chains.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, testClock } from '../helpers/build.js'
import { signUp } from '../helpers/users.js'

const refresh = async (app: FastifyInstance, refreshToken: string) =>
  await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })

t.test('replays within the window get the session\'s one live token, never a new one', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now, config: { refreshReuseInterval: 10 } })
  const account = await signUp(app)
  const first = (await refresh(app, account.refreshToken)).json()
  clock.advance(3)
  const second = (await refresh(app, account.refreshToken)).json()
  clock.advance(3)
  const third = (await refresh(app, account.refreshToken)).json()
  t.equal(second.refreshToken, first.refreshToken, 'the replay gets the token the rotation issued')
  t.equal(third.refreshToken, first.refreshToken, 'and so does every later replay in the window')
  t.equal(await app.prisma.refreshToken.count(), 2, 'one row per generation: the spent token and the live one')

  clock.advance(20) // the replays made no chain of their own: the next rotation is the session's only one
  const next = await refresh(app, first.refreshToken)
  t.equal(next.statusCode, 200)
  clock.advance(20)
  const stale = await refresh(app, first.refreshToken)
  t.equal(stale.json().code, 'refresh_token_reused', 'a token replayed out of its window ends the session')
  t.equal((await refresh(app, next.json().refreshToken)).json().code, 'invalid_refresh_token', 'with every token of it')
})
