// Failed logins were counted per account, so after ten bad passwords on a public username, a 429 on an
// email login told an attacker that this email belongs to that username. Each login text now has its own
// count, and the answer for one text never depends on another's.
import t from 'tap'
import { build } from '../helpers/build.js'
import { signIn, signUp } from '../helpers/users.js'

t.test('throttling a username says nothing about which email is its account', async (t) => {
  const app = await build(t, { config: { loginAccountRateLimitMax: 3 } })
  const victim = await signUp(app)
  const stranger = await signUp(app)
  for (let i = 0; i < 3; i++) await signIn(app, victim.user.username, 'a wrong password')
  t.equal((await signIn(app, victim.user.username, 'a wrong password')).statusCode, 429, 'the username is throttled')

  const guesses = [victim.user.email, stranger.user.email]
  const answers = await Promise.all(guesses.map(async (email) => (await signIn(app, email, 'a wrong password')).statusCode))
  t.same(answers, [401, 401], 'the victim\'s email answers exactly like anyone else\'s')
})
