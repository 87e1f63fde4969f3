import t from 'tap'
import { build } from './helpers/build.js'
import { bearer, signUp } from './helpers/users.js'

t.test('signup then read /v1/me with the access token', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const me = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) })
  t.equal(me.statusCode, 200)
  t.equal(me.json().id, account.user.id)
})
