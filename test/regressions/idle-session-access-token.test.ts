// An access token of a session idle past SESSION_IDLE_TIMEOUT kept working when ACCESS_TOKEN_TTL was longer.
import t from 'tap'
import { build, testClock } from '../helpers/build.js'
import { bearer, signUp } from '../helpers/users.js'

t.test('a session idle past SESSION_IDLE_TIMEOUT refuses its unexpired access tokens', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now, config: { accessTokenTtl: 3600, sessionIdleTimeout: 600 } })
  const account = await signUp(app)
  const me = async () => await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) })
  t.equal((await me()).statusCode, 200)
  clock.advance(599)
  t.equal((await me()).statusCode, 200, 'still inside the idle timeout')
  clock.advance(2)
  const refused = await me()
  t.equal(refused.statusCode, 401, 'idle for 601 s: the session has ended although the token lives an hour')
  t.equal(refused.json().code, 'invalid_token')
})
