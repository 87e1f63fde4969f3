import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { bearer, signIn, signUp } from '../../helpers/users.js'
import { buildWithMail } from '../../helpers/mail.js'

const RESET = /^Reset your password/
const NEW_PASSWORD = 'a brand new passphrase'
const forgot = async (app: FastifyInstance, email: string, headers: Record<string, string> = {}) =>
  await app.inject({ method: 'POST', url: '/v1/auth/password/forgot', payload: { email }, headers })
const reset = async (app: FastifyInstance, token: string, newPassword = NEW_PASSWORD) =>
  await app.inject({ method: 'POST', url: '/v1/auth/password/reset', payload: { token, newPassword } })
const refresh = async (app: FastifyInstance, refreshToken: string) =>
  await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })
const me = async (app: FastifyInstance, accessToken: string) =>
  await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(accessToken) })

t.test('forgot → link → reset: the new password works, the old one not, every session ends', async (t) => {
  const { app, linkTo } = await buildWithMail(t)
  const account = await signUp(app)
  const other = (await signIn(app, account.user.username, account.password)).json()

  t.equal((await forgot(app, account.user.email)).statusCode, 202)
  const token = await linkTo(account.user.email, RESET)
  t.equal((await reset(app, token)).statusCode, 204)

  for (const session of [account, other]) {
    t.equal((await me(app, session.accessToken)).statusCode, 401, 'its access token is refused at once')
    t.equal((await refresh(app, session.refreshToken)).statusCode, 401, 'its refresh token is dead')
  }
  t.equal((await signIn(app, account.user.username, account.password)).statusCode, 401)
  t.equal((await signIn(app, account.user.username, NEW_PASSWORD)).statusCode, 200)
  t.equal((await reset(app, token, 'yet another passphrase')).json().code, 'invalid_link_token', 'once only')
})

t.test('an unknown address gets the same answer: status, body and header names', async (t) => {
  const { app } = await buildWithMail(t)
  const account = await signUp(app)
  const known = await forgot(app, account.user.email)
  const unknown = await forgot(app, 'nobody@example.com')
  t.equal(unknown.statusCode, known.statusCode)
  t.equal(unknown.body, known.body)
  const names = (response: typeof known) =>
    Object.keys(response.headers).filter((name) => name !== 'x-request-id').sort()
  t.same(names(unknown), names(known))
  t.equal(unknown.headers['content-length'], known.headers['content-length'])
})

t.test('the answer goes out before the lookup: a stalled lookup does not delay the 202', async (t) => {
  const { app, linkTo } = await buildWithMail(t)
  const account = await signUp(app)
  let release: () => void = () => {}
  const stalled = new Promise<void>((resolve) => { release = resolve })
  const findUnique = app.prisma.user.findUnique
  t.teardown(() => { app.prisma.user.findUnique = findUnique })
  app.prisma.user.findUnique = (async (...args: Parameters<typeof findUnique>) => {
    await stalled
    return await findUnique(...args)
  }) as unknown as typeof findUnique

  const answer = await Promise.race([
    forgot(app, account.user.email),
    new Promise<'stalled'>((resolve) => setTimeout(() => { resolve('stalled') }, 2000))
  ])
  t.not(answer, 'stalled', 'answered while the lookup is still waiting')
  t.equal(typeof answer === 'string' ? 0 : answer.statusCode, 202)
  release()
  app.prisma.user.findUnique = findUnique
  t.ok(await linkTo(account.user.email, RESET), 'the work happens after the answer')
})

t.test('reset links expire (PASSWORD_RESET_TTL) and die when a newer one is mailed', async (t) => {
  const { app, clock, linkTo } = await buildWithMail(t, { passwordResetTtl: 600 })
  const account = await signUp(app)
  await forgot(app, account.user.email)
  const expired = await linkTo(account.user.email, RESET)
  clock.advance(601)
  t.equal((await reset(app, expired)).json().code, 'invalid_link_token')

  await forgot(app, account.user.email)
  const older = await linkTo(account.user.email, RESET)
  await forgot(app, account.user.email)
  const newer = await linkTo(account.user.email, RESET)
  t.equal((await reset(app, older)).json().code, 'invalid_link_token')
  t.equal((await reset(app, newer)).statusCode, 204)
})

t.test('the password policy applies to the new password, and a weak one keeps the link usable', async (t) => {
  const { app, linkTo } = await buildWithMail(t)
  const account = await signUp(app)
  await forgot(app, account.user.email)
  const token = await linkTo(account.user.email, RESET)
  const weak = await reset(app, token, 'password')
  t.equal(weak.statusCode, 400)
  t.equal(weak.json().code, 'weak_password')
  t.equal(weak.json().errors[0].path, '/newPassword')
  t.equal((await reset(app, token, account.user.username)).json().code, 'weak_password', 'not the username')
  t.equal((await reset(app, token)).statusCode, 204)
})

t.test('a reset clears the login throttle', async (t) => {
  const { app, linkTo } = await buildWithMail(t, { loginAccountRateLimitMax: 3 })
  const account = await signUp(app)
  for (let i = 0; i < 3; i++) await signIn(app, account.user.username, 'wrong password here')
  t.equal((await signIn(app, account.user.username, account.password)).statusCode, 429)
  await forgot(app, account.user.email)
  t.equal((await reset(app, await linkTo(account.user.email, RESET))).statusCode, 204)
  t.equal((await signIn(app, account.user.username, NEW_PASSWORD)).statusCode, 200, 'no longer throttled')
})

t.test('forgotPassword sends at most MAIL_ACCOUNT_RATE_LIMIT_MAX mails per window, silently', async (t) => {
  const { app, smtp, linkTo } = await buildWithMail(t, { mailAccountRateLimitMax: 2 })
  const account = await signUp(app)
  await linkTo(account.user.email) // the verification mail
  const answers = []
  for (let i = 0; i < 4; i++) answers.push(await forgot(app, account.user.email))
  t.same(answers.map((answer) => answer.statusCode), [202, 202, 202, 202])
  t.equal(new Set(answers.map((answer) => answer.body)).size, 1)
  await linkTo(account.user.email, RESET)
  await linkTo(account.user.email, RESET)
  await app.mail.flush()
  await new Promise((resolve) => setTimeout(resolve, 200))
  await app.mail.flush()
  t.equal(smtp.messages.filter((message) => RESET.test(message.subject)).length, 2)
})

t.test('forgotPassword is limited per IP with the usual headers', async (t) => {
  const { app } = await buildWithMail(t, { authRateLimitMax: 2 })
  const answers = []
  for (let i = 0; i < 3; i++) answers.push(await forgot(app, `someone${i}@example.com`))
  t.same(answers.map((answer) => answer.statusCode), [202, 202, 429])
  t.ok(answers[0].headers['x-ratelimit-limit'] ?? answers[0].headers['ratelimit-limit'])
  t.ok(answers[2].headers['retry-after'])
})

t.test('the password-changed notice goes to the account, and SECURITY_NOTICES can switch it off', async (t) => {
  for (const securityNotices of [['password_changed'], []] as const) {
    const { app, smtp, linkTo } = await buildWithMail(t, { securityNotices: [...securityNotices] })
    const account = await signUp(app)
    await forgot(app, account.user.email)
    await reset(app, await linkTo(account.user.email, RESET))
    await app.mail.flush()
    const notices = smtp.messages.filter((message) => /password.*changed/i.test(message.subject))
    t.equal(notices.length, securityNotices.length, `notices: ${securityNotices.join(',') || 'none'}`)
  }
})
