// Ten bad passwords from anywhere locked the real user out for fifteen minutes: a free lock-out switch.
// A client that signed in before holds a device token, which exempts it from the account-wide lock.
import t from 'tap'
import { build } from '../helpers/build.js'
import { signIn, signUp } from '../helpers/users.js'

t.test('an attacker spraying bad passwords from many IPs does not lock out the owner\'s known device', async (t) => {
  const app = await build(t, { config: { trustProxy: true, loginAccountRateLimitMax: 10 } })
  const owner = await signUp(app)
  const deviceToken = (await signIn(app, owner.user.username, owner.password)).json().deviceToken as string
  t.type(deviceToken, 'string')

  for (let i = 0; i < 10; i++) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
      payload: { login: owner.user.username, password: `guess number ${i}` }
    })
    t.equal(response.statusCode, 401)
  }
  t.equal((await signIn(app, owner.user.username, owner.password)).statusCode, 429, 'strangers are locked out')
  const known = await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { login: owner.user.username, password: owner.password, deviceToken }
  })
  t.equal(known.statusCode, 200, 'the owner\'s device signs in')
})
