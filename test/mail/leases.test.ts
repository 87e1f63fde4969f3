import t from 'tap'
import { buildApp } from '../../src/app.js'
import { createOutbox, LEASE_MS } from '../../src/mail/outbox.js'
import { build, freshDatabase, testClock, testConfig } from '../helpers/build.js'
import { startSmtpServer } from '../helpers/smtp.js'

t.test('two instances on one database flushing at once send each message once', async (t) => {
  const smtp = await startSmtpServer(t)
  const file = await freshDatabase(t)
  const [one, two] = await Promise.all([1, 2].map(async () => {
    const app = await buildApp({ config: testConfig(file, { smtpUrl: smtp.url }) })
    t.teardown(async () => { await app.close() })
    return app
  }))
  const count = 30
  const rows = await one.prisma.$transaction(Array.from({ length: count }, (_, index) =>
    one.prisma.outboxMessage.create({
      data: one.mail.message(`user${index}@example.com`, 'password-changed', { username: `user${index}` })
    })))
  // Ready now, so their pollers race the flushes too.
  await Promise.all([one.ready(), two.ready()])
  await Promise.all([one.mail.flush(), two.mail.flush(), one.mail.flush(), two.mail.flush()])

  const sent = await one.prisma.outboxMessage.findMany({ where: { status: 'sent' } })
  t.equal(sent.length, count)
  t.same(new Set(sent.map((row) => row.attempts)), new Set([1]), 'each row claimed once')
  t.equal(smtp.messages.length, count, 'no message sent twice')
  t.same(new Set(smtp.messages.map((message) => message.messageId)), new Set(rows.map((row) => row.messageId)))
})

t.test('a row under a live lease is left alone; once the lease of a crashed sender ends it is sent, same Message-ID',
  async (t) => {
    const smtp = await startSmtpServer(t)
    const clock = testClock()
    const app = await build(t, { now: clock.now, config: { smtpUrl: smtp.url } })
    const row = await app.prisma.outboxMessage.create({
      data: app.mail.message('erin@example.com', 'account-deleted', { username: 'erin' })
    })
    // Another sender claims the row and dies before sending.
    const crashed = createOutbox({ prisma: app.prisma, now: clock.now, retryForSeconds: app.config.mailRetryFor })
    const [claimed] = await crashed.claim(10)
    t.equal(claimed.id, row.id)
    t.equal(claimed.leaseUntil?.getTime(), clock.now().getTime() + LEASE_MS)

    await app.mail.flush()
    clock.advance(LEASE_MS / 1000 - 1)
    await app.mail.flush()
    t.equal(smtp.messages.length, 0, 'not taken while the lease lasts')

    clock.advance(2)
    await app.mail.flush()
    const message = await smtp.waitForMessage()
    t.equal(message.messageId, row.messageId, 'the resend is the same message')
    const stored = await app.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })
    t.equal(stored.status, 'sent')
    t.equal(stored.attempts, 2)
    t.equal(smtp.messages.length, 1)
  })

t.test('a claim is a compare-and-set: a sender that read the row before another claimed it gets nothing',
  async (t) => {
    const clock = testClock()
    // Never made ready: its own sender does not start, so only the two below take rows.
    const app = await buildApp({ config: testConfig(await freshDatabase(t)), now: clock.now })
    t.teardown(async () => { await app.close() })
    await app.prisma.outboxMessage.create({ data: app.mail.message('f@example.com', 'password-changed', {}) })
    const options = { prisma: app.prisma, now: clock.now, retryForSeconds: app.config.mailRetryFor }
    const [first, second] = [createOutbox(options), createOutbox(options)]
    // Both read the same due row before either writes (the findMany of the second resolves first).
    const claims = await Promise.all([first.claim(1), second.claim(1)])
    t.same(claims.map((rows) => rows.length).sort(), [0, 1])
  })
