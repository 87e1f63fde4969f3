// Changing the password and the email address: both need the current password.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { bearer, signIn, signUp } from '../../helpers/users.js'
import { buildWithMail } from '../../helpers/mail.js'

const CONFIRM_CHANGE = /^Confirm your new email address/
const CHANGE_NOTICE = /^Your email address is being changed/
const changePassword = async (
  app: FastifyInstance, accessToken: string, currentPassword: string, newPassword: string
) => await app.inject({
  method: 'PUT', url: '/v1/me/password', headers: bearer(accessToken), payload: { currentPassword, newPassword }
})
const changeEmail = async (app: FastifyInstance, accessToken: string, newEmail: string, currentPassword: string) =>
  await app.inject({
    method: 'PUT', url: '/v1/me/email', headers: bearer(accessToken), payload: { newEmail, currentPassword }
  })
const verify = async (app: FastifyInstance, token: string) =>
  await app.inject({ method: 'POST', url: '/v1/auth/verify-email', payload: { token } })
const me = async (app: FastifyInstance, accessToken: string) =>
  await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(accessToken) })

t.test('changePassword keeps only the current session and kills outstanding reset links', async (t) => {
  const { app, linkTo, mailTo } = await buildWithMail(t)
  const account = await signUp(app)
  const other = (await signIn(app, account.user.username, account.password)).json()
  await app.inject({ method: 'POST', url: '/v1/auth/password/forgot', payload: { email: account.user.email } })
  const resetToken = await linkTo(account.user.email, /^Reset your password/)

  t.equal((await changePassword(app, account.accessToken, account.password, 'a brand new passphrase')).statusCode, 204)
  t.equal((await me(app, account.accessToken)).statusCode, 200, 'this session stays')
  t.equal((await me(app, other.accessToken)).statusCode, 401, 'the other ends at once')
  const refreshed = await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: other.refreshToken } })
  t.equal(refreshed.statusCode, 401)
  const reset = await app.inject({
    method: 'POST', url: '/v1/auth/password/reset', payload: { token: resetToken, newPassword: 'the attackers passphrase' }
  })
  t.equal(reset.json().code, 'invalid_link_token', 'the reset link died with the change')
  t.equal((await signIn(app, account.user.username, 'a brand new passphrase')).statusCode, 200)
  t.ok(await mailTo(account.user.email, /^Your password was changed/), 'the owner is told')
})

t.test('a wrong currentPassword is 403 invalid_current_password and counts toward the login throttle', async (t) => {
  const { app } = await buildWithMail(t, { loginAccountRateLimitMax: 3 })
  const account = await signUp(app)
  const wrong = await changePassword(app, account.accessToken, 'not my password', 'a brand new passphrase')
  t.equal(wrong.statusCode, 403)
  t.equal(wrong.json().code, 'invalid_current_password')
  t.equal(wrong.json().errors[0].path, '/currentPassword')
  t.equal((await changeEmail(app, account.accessToken, 'new@example.com', 'not my password')).statusCode, 403)
  t.equal((await app.inject({
    method: 'DELETE', url: '/v1/me', headers: bearer(account.accessToken), payload: { currentPassword: 'nope nope nope' }
  })).statusCode, 403)
  const throttled = await changePassword(app, account.accessToken, account.password, 'a brand new passphrase')
  t.equal(throttled.statusCode, 429, 'a stolen token is no password oracle: even the right one is refused now')
  t.equal(throttled.json().code, 'account_throttled')
  t.equal((await signIn(app, account.user.email, account.password)).statusCode, 429, 'sign-in shares the count')
})

t.test('credential routes need the current password even with a valid token', async (t) => {
  const { app } = await buildWithMail(t)
  const account = await signUp(app)
  const missing = await app.inject({
    method: 'PUT', url: '/v1/me/password', headers: bearer(account.accessToken), payload: { newPassword: 'a brand new passphrase' }
  })
  t.equal(missing.statusCode, 400)
  t.equal(missing.json().code, 'validation_failed')
  const noBody = await app.inject({ method: 'DELETE', url: '/v1/me', headers: bearer(account.accessToken) })
  t.equal(noBody.statusCode, 400)
  t.equal((await changePassword(app, account.accessToken, account.password, 'password')).json().code, 'weak_password')
  const noToken = await app.inject({ method: 'PUT', url: '/v1/me/password', payload: { currentPassword: 'x', newPassword: 'y' } })
  t.equal(noToken.statusCode, 401)
})

t.test('email change: confirmed by the link to the new address, the old address told without a link', async (t) => {
  const { app, mailTo, linkTo } = await buildWithMail(t)
  const account = await signUp(app)
  const answer = await changeEmail(app, account.accessToken, ' New.Address@Example.com ', account.password)
  t.equal(answer.statusCode, 202)
  t.equal((await me(app, account.accessToken)).json().email, account.user.email, 'nothing changes before confirmation')

  const notice = await mailTo(account.user.email, CHANGE_NOTICE)
  t.notMatch(notice.text, /#token=/, 'no link that could undo it silently')
  t.notMatch(notice.html, /token=/)
  const token = await linkTo('new.address@example.com', CONFIRM_CHANGE)
  const confirmed = await verify(app, token)
  t.equal(confirmed.statusCode, 200)
  t.equal(confirmed.json().email, 'new.address@example.com')
  t.equal(confirmed.json().emailVerified, true)
  t.equal((await me(app, account.accessToken)).json().email, 'new.address@example.com')
  t.equal((await signIn(app, 'new.address@example.com', account.password)).statusCode, 200)
  t.equal((await signIn(app, account.user.email, account.password)).statusCode, 401, 'the old address is free')
  t.equal((await verify(app, token)).json().code, 'invalid_link_token', 'once only')
})

t.test('email change never lands on a taken address: 409 at once, and 409 at confirmation', async (t) => {
  const { app, linkTo } = await buildWithMail(t)
  const account = await signUp(app)
  const other = await signUp(app)
  const taken = await changeEmail(app, account.accessToken, other.user.email, account.password)
  t.equal(taken.statusCode, 409)
  t.equal(taken.json().code, 'email_taken')

  t.equal((await changeEmail(app, account.accessToken, 'contested@example.com', account.password)).statusCode, 202)
  const token = await linkTo('contested@example.com', CONFIRM_CHANGE)
  await signUp(app, { email: 'contested@example.com' })
  const late = await verify(app, token)
  t.equal(late.statusCode, 409, 'someone signed up with it before the link was followed')
  t.equal(late.json().code, 'email_taken')
  t.equal((await me(app, account.accessToken)).json().email, account.user.email)
})

t.test('email change: the same address is a validation error, a newer request voids the older link', async (t) => {
  const { app, linkTo } = await buildWithMail(t)
  const account = await signUp(app)
  t.equal((await changeEmail(app, account.accessToken, account.user.email, account.password)).statusCode, 400)
  await changeEmail(app, account.accessToken, 'first@example.com', account.password)
  const first = await linkTo('first@example.com', CONFIRM_CHANGE)
  await changeEmail(app, account.accessToken, 'second@example.com', account.password)
  const second = await linkTo('second@example.com', CONFIRM_CHANGE)
  t.equal((await verify(app, first)).json().code, 'invalid_link_token')
  t.equal((await verify(app, second)).json().email, 'second@example.com')
})
