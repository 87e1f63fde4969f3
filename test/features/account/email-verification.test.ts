import t from 'tap'
import { bearer, signUp } from '../../helpers/users.js'
import { createLinkTokens } from '../../../src/features/auth/link-tokens.js'
import { buildWithMail } from '../../helpers/mail.js'
import type { FastifyInstance } from 'fastify'

const VERIFY = /^Confirm your email address/
const verify = async (app: FastifyInstance, token: string) =>
  await app.inject({ method: 'POST', url: '/v1/auth/verify-email', payload: { token } })
const requestLink = async (app: FastifyInstance, accessToken: string) =>
  await app.inject({ method: 'POST', url: '/v1/auth/verify-email/request', headers: bearer(accessToken) })

t.test('signup mails a verification link that works once', async (t) => {
  const { app, linkTo } = await buildWithMail(t)
  const account = await signUp(app)
  t.equal(account.user.emailVerified, false)
  const token = await linkTo(account.user.email, VERIFY)

  const verified = await verify(app, token)
  t.equal(verified.statusCode, 200)
  t.equal(verified.json().emailVerified, true)
  t.equal(verified.json().id, account.user.id)
  const me = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) })
  t.equal(me.json().emailVerified, true, 'the session sees it at once')

  const again = await verify(app, token)
  t.equal(again.statusCode, 400)
  t.equal(again.json().code, 'invalid_link_token')
})

t.test('the link lives in the fragment, built from PUBLIC_APP_URL and the configured path', async (t) => {
  const { app, mailTo } = await buildWithMail(t, {
    publicAppUrl: 'https://app.example.com', verifyEmailLinkPath: '/welcome/verify'
  })
  const account = await signUp(app)
  const message = await mailTo(account.user.email, VERIFY)
  t.match(message.text, /https:\/\/app\.example\.com\/welcome\/verify#token=[A-Za-z0-9_-]{43}/)
  t.notMatch(message.text, /\?token=/, 'never in the query')
})

t.test('a link fails after it expires (EMAIL_VERIFICATION_TTL) and after a newer one', async (t) => {
  const { app, clock, linkTo } = await buildWithMail(t, { emailVerificationTtl: 3600 })
  const account = await signUp(app)
  const first = await linkTo(account.user.email, VERIFY)
  clock.advance(3601)
  t.equal((await verify(app, first)).json().code, 'invalid_link_token', 'expired')

  t.equal((await requestLink(app, account.accessToken)).statusCode, 202)
  const second = await linkTo(account.user.email, VERIFY)
  t.equal((await requestLink(app, account.accessToken)).statusCode, 202)
  const third = await linkTo(account.user.email, VERIFY)
  t.equal((await verify(app, second)).json().code, 'invalid_link_token', 'replaced by a newer link')
  t.equal((await verify(app, third)).statusCode, 200)
})

t.test('altered, unknown and malformed tokens are 400 invalid_link_token or validation_failed', async (t) => {
  const { app, linkTo } = await buildWithMail(t)
  const account = await signUp(app)
  const token = await linkTo(account.user.email, VERIFY)
  const altered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1)
  t.equal((await verify(app, altered)).json().code, 'invalid_link_token')
  t.equal((await verify(app, 'x'.repeat(43))).json().code, 'invalid_link_token')
  t.equal((await verify(app, '')).json().code, 'validation_failed')
  t.equal((await verify(app, token)).statusCode, 200, 'the real one still works')
})

t.test('tokens are stored only as hashes', async (t) => {
  const { app, linkTo } = await buildWithMail(t)
  const account = await signUp(app)
  const token = await linkTo(account.user.email, VERIFY)
  const rows = JSON.stringify(await app.prisma.$queryRawUnsafe('SELECT * FROM "LinkToken"')) +
    JSON.stringify(await app.prisma.$queryRawUnsafe('SELECT * FROM "OutboxMessage"'))
  t.notMatch(rows, token)
})

t.test('a verified account asks in vain; requests past MAIL_ACCOUNT_RATE_LIMIT_MAX are silent', async (t) => {
  const { app, clock, smtp, linkTo, latestLinkTo } = await buildWithMail(t, {
    mailAccountRateLimitMax: 2, mailAccountRateLimitWindow: 3600
  })
  const account = await signUp(app)
  await linkTo(account.user.email, VERIFY)
  const answers = []
  for (let i = 0; i < 4; i++) answers.push(await requestLink(app, account.accessToken))
  t.same(answers.map((answer) => answer.statusCode), [202, 202, 202, 202])
  t.same(new Set(answers.map((answer) => answer.body)).size, 1, 'the same answer every time')
  await app.mail.flush()
  t.equal(await app.prisma.outboxMessage.count({ where: { to: account.user.email } }), 3, 'signup + two requests')

  clock.advance(3601)
  t.equal((await requestLink(app, account.accessToken)).statusCode, 202)
  const token = await latestLinkTo(account.user.email, VERIFY)
  t.equal((await verify(app, token)).statusCode, 200)
  const before = smtp.messages.length
  t.equal((await requestLink(app, account.accessToken)).statusCode, 202)
  await app.mail.flush()
  t.equal(smtp.messages.length, before, 'no mail once verified')
})

t.test('a verification link for an address the account has left proves nothing', async (t) => {
  const { app, linkTo } = await buildWithMail(t)
  const account = await signUp(app)
  const token = await linkTo(account.user.email, VERIFY)
  await app.prisma.user.update({ where: { id: account.user.id }, data: { email: 'elsewhere@example.com' } })
  t.equal((await verify(app, token)).json().code, 'invalid_link_token')
})

t.test('expired links are purged; live ones stay', async (t) => {
  const { app, clock } = await buildWithMail(t, { emailVerificationTtl: 3600 })
  await signUp(app)
  clock.advance(1800)
  const fresh = await signUp(app)
  clock.advance(1801)
  const links = createLinkTokens({ config: app.config, now: clock.now })
  t.equal(await links.purgeExpired(app.prisma), 1)
  t.same((await app.prisma.linkToken.findMany()).map((row) => row.userId), [fresh.user.id])
})
