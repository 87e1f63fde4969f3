// REQUIRE_EMAIL_VERIFICATION=true: unverified accounts can sign in, read /v1/me, verify, fix their address,
// manage sessions, log out and leave; every other authenticated route answers 403 email_not_verified.
import t from 'tap'
import { bearer, signUp } from '../../helpers/users.js'
import { buildWithMail } from '../../helpers/mail.js'

const VERIFY = /^Confirm your email address/

t.test('unverified accounts reach only the routes that let them get verified or leave', async (t) => {
  const { app, latestLinkTo } = await buildWithMail(t, { requireEmailVerification: true })
  const account = await signUp(app)
  const headers = bearer(account.accessToken)
  const status = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    (await app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) })).statusCode

  const refused = await app.inject({ method: 'GET', url: '/v1/files', headers })
  t.equal(refused.statusCode, 403)
  t.equal(refused.json().code, 'email_not_verified')
  t.equal(await status('PATCH', '/v1/me', { bio: 'hello' }), 403)
  t.equal(await status('PUT', '/v1/me/password', { currentPassword: account.password, newPassword: 'a brand new passphrase' }), 403)
  t.equal(await status('POST', '/v1/images', { width: 16, height: 16, shapes: [] }), 403)

  t.equal(await status('GET', '/v1/me'), 200)
  t.equal(await status('GET', '/v1/me/sessions'), 200)
  t.equal(await status('DELETE', '/v1/me/sessions'), 204)
  t.equal(await status('POST', '/v1/auth/verify-email/request'), 202)
  t.equal(await status('PUT', '/v1/me/email', { newEmail: 'typo-fixed@example.com', currentPassword: account.password }), 202)
  const refreshed = await app.inject({
    method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: account.refreshToken }
  })
  t.equal(refreshed.statusCode, 200)

  const token = await latestLinkTo(account.user.email, VERIFY)
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/verify-email', payload: { token } })).statusCode, 200)
  t.equal(await status('GET', '/v1/files'), 200, 'verified: everything opens at once')
  t.equal(await status('POST', '/v1/auth/logout'), 204)
})

t.test('logout and deletion work unverified', async (t) => {
  const { app } = await buildWithMail(t, { requireEmailVerification: true })
  const leaver = await signUp(app)
  const deleted = await app.inject({
    method: 'DELETE', url: '/v1/me', headers: bearer(leaver.accessToken), payload: { currentPassword: leaver.password }
  })
  t.equal(deleted.statusCode, 204)
  const stayer = await signUp(app)
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(stayer.accessToken) })).statusCode, 204)
})

t.test('off by default: unverified accounts use everything', async (t) => {
  const { app } = await buildWithMail(t)
  const account = await signUp(app)
  t.equal((await app.inject({ method: 'GET', url: '/v1/files', headers: bearer(account.accessToken) })).statusCode, 200)
})

t.test('the document says which routes can answer email_not_verified', async (t) => {
  const { app } = await buildWithMail(t)
  const document = app.swagger() as unknown as { paths: Record<string, Record<string, { responses: object }>> }
  const answers = (path: string, method: string) =>
    JSON.stringify(document.paths[path][method].responses).includes('email_not_verified')
  for (const [path, method] of [['/v1/me', 'get'], ['/v1/me/sessions', 'get'], ['/v1/me/email', 'put'], ['/v1/me', 'delete']]) {
    t.notOk(answers(path, method), `${method} ${path} never does`)
  }
  for (const [path, method] of [['/v1/files', 'get'], ['/v1/me', 'patch'], ['/v1/me/password', 'put']]) {
    t.ok(answers(path, method), `${method} ${path} does`)
  }
})
