import { simpleParser } from 'mailparser'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { build } from '../helpers/build.js'
import { tempDir } from '../helpers/server-process.js'
import { startSmtpServer, tokenFrom } from '../helpers/smtp.js'

const token = 'abc-DEF_123-fragment-token'

t.test('a message goes through the SMTP server: its Message-ID, From, both parts and the link', async (t) => {
  const smtp = await startSmtpServer(t)
  const logs: string[] = []
  const app = await build(t, {
    logs,
    config: {
      smtpUrl: smtp.url.replace('smtp://', 'smtp://mailer:s3cret@'),
      mailFrom: 'Userbase <no-reply@mail.example.com>',
      publicAppUrl: 'https://app.example.com',
      verifyEmailLinkPath: '/welcome/verify'
    }
  })
  const link = app.mail.link('verifyEmail', token)
  t.equal(link, `https://app.example.com/welcome/verify#token=${token}`, 'the token is in the fragment')
  const row = await app.prisma.outboxMessage.create({
    data: app.mail.message('alice@example.com', 'verify-email', { username: 'alice', link, expiresIn: '24 hours' })
  })
  t.match(row.messageId, /^<[0-9a-f-]{36}@mail\.example\.com>$/, 'Message-ID on the host of MAIL_FROM')
  app.mail.kick()
  await app.mail.flush()

  const message = await smtp.waitForMessage()
  t.equal(message.messageId, row.messageId)
  t.equal(message.to, 'alice@example.com')
  t.equal(message.from, 'no-reply@mail.example.com')
  t.equal(message.user, 'mailer', 'signed in with the credentials of SMTP_URL')
  t.equal(message.subject, 'Confirm your email address')
  t.match(message.text, 'Hello alice,')
  t.match(message.text, 'expires in 24 hours')
  t.match(message.html, `href="${link}"`)
  t.equal(tokenFrom(message), token)
  t.notMatch(message.raw, '?token=', 'never in a query')

  const sent = await app.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })
  t.equal(sent.status, 'sent')
  t.equal(sent.payload, null, 'the payload goes once sent')
  t.equal(sent.attempts, 1)
  t.ok(sent.sentAt)
  t.equal(smtp.messages.length, 1)
  t.ok(logs.some((line) => JSON.parse(line).msg === 'mail sent'))
  t.notOk(logs.some((line) => line.includes(token)), 'with SMTP no log line holds the link or its token')
})

t.test('with no SMTP_URL each message is an .eml file in the outbox and the log gives its link', async (t) => {
  const logs: string[] = []
  const app = await build(t, { logs })
  const link = app.mail.link('resetPassword', token)
  const row = await app.prisma.outboxMessage.create({
    data: app.mail.message('bob@example.com', 'reset-password', { username: 'bob', link, expiresIn: '1 hour' })
  })
  await app.mail.flush()

  const files = readdirSync(app.config.mailOutboxDir)
  t.equal(files.length, 1, 'one file, no temporary left')
  t.match(files[0], /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-[0-9a-f-]+\.eml$/)
  const file = join(app.config.mailOutboxDir, files[0])
  const parsed = await simpleParser(readFileSync(file))
  t.equal(parsed.messageId, row.messageId)
  t.equal(parsed.subject, 'Reset your password')
  t.match(parsed.text, link)
  t.match(String(parsed.html), 'Reset my password')

  const line = logs.map((text) => JSON.parse(text)).find((entry) => entry.msg === 'mail written to the outbox')
  t.equal(line?.file, file)
  t.equal(line?.link, link, 'a newcomer can follow the flow from the log')
  const sent = await app.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })
  t.equal(sent.status, 'sent')
})

t.test('an outbox folder that cannot be written keeps the message for a later attempt', async (t) => {
  const blocker = join(tempDir(t, 'outbox-'), 'not-a-folder')
  writeFileSync(blocker, '')
  const app = await build(t, { config: { mailOutboxDir: join(blocker, 'outbox') } })
  const row = await app.prisma.outboxMessage.create({
    data: app.mail.message('bob@example.com', 'password-changed', { username: 'bob' })
  })
  await app.mail.flush()
  const stored = await app.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })
  t.equal(stored.status, 'pending')
  t.match(stored.lastError, /^EOUTBOX: could not write/)
  t.ok(stored.payload)
})
