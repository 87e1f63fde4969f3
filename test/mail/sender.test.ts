import { createServer, type Socket } from 'node:net'
import { type AddressInfo } from 'node:net'
import t from 'tap'
import { createOutbox } from '../../src/mail/outbox.js'
import { KEEP_FINISHED_MS, SEND_BATCH } from '../../src/mail/plugin.js'
import { createPrismaClient } from '../../src/plugins/database.js'
import { build, testClock } from '../helpers/build.js'
import { startSmtpServer } from '../helpers/smtp.js'

t.test('the sender polls: a row written without a kick goes out within a couple of seconds', async (t) => {
  const smtp = await startSmtpServer(t)
  const app = await build(t, { config: { smtpUrl: smtp.url } })
  const row = await app.prisma.outboxMessage.create({
    data: app.mail.message('jo@example.com', 'password-changed', { username: 'jo' })
  })
  const message = await smtp.waitForMessage(undefined, 5000)
  t.equal(message.messageId, row.messageId)
})

t.test('a burst is sent a few at a time, each once', async (t) => {
  const smtp = await startSmtpServer(t)
  const app = await build(t, { config: { smtpUrl: smtp.url } })
  const count = SEND_BATCH * 3 + 1
  await app.prisma.$transaction(Array.from({ length: count }, (_, index) => app.prisma.outboxMessage.create({
    data: app.mail.message(`k${index}@example.com`, 'password-changed', { username: `k${index}` })
  })))
  app.mail.kick()
  await app.mail.flush()
  t.equal(smtp.messages.length, count)
  t.ok(smtp.peakConnections() <= SEND_BATCH, `at most ${SEND_BATCH} connections at once (${smtp.peakConnections()})`)
})

t.test('kick never waits for SMTP, and a close waits for the send in flight before the database closes',
  async (t) => {
    const sockets: Socket[] = []
    let connected!: () => void
    const connection = new Promise<void>((resolve) => { connected = resolve })
    // Accepts and never greets: the attempt ends at the (shortened) greeting timeout.
    const silent = createServer((socket) => { sockets.push(socket); connected() }).listen(0, '127.0.0.1')
    await new Promise((resolve) => silent.once('listening', resolve))
    t.teardown(() => { for (const socket of sockets) socket.destroy(); silent.close() })
    const { port } = silent.address() as AddressInfo
    const app = await build(t, { config: { smtpUrl: `smtp://127.0.0.1:${port}/?greetingTimeout=500` } })
    const row = await app.prisma.outboxMessage.create({
      data: app.mail.message('lee@example.com', 'password-changed', { username: 'lee' })
    })
    const before = performance.now()
    app.mail.kick()
    t.ok(performance.now() - before < 20, 'kick returns at once')
    await connection
    await app.close()

    const prisma = createPrismaClient(app.config.databaseUrl)
    t.teardown(async () => { await prisma.$disconnect() })
    const stored = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })
    t.equal(stored.attempts, 1)
    t.equal(stored.leaseUntil, null, 'the attempt was recorded before the close ended')
    t.match(stored.lastError, /ETIMEDOUT|ECONNECTION/)
  })

t.test('sent and failed rows are purged after KEEP_FINISHED_MS; pending ones never', async (t) => {
  const clock = testClock()
  const smtp = await startSmtpServer(t)
  const app = await build(t, { now: clock.now, config: { smtpUrl: smtp.url } })
  const write = async (to: string) =>
    await app.prisma.outboxMessage.create({ data: app.mail.message(to, 'account-deleted', { username: 'gone' }) })
  await write('sent@example.com')
  await app.mail.flush()
  smtp.failWith(550)
  await write('failed@example.com')
  await app.mail.flush()
  smtp.failWith(451)
  await write('pending@example.com')
  await app.mail.flush()
  t.same((await app.prisma.outboxMessage.findMany({ orderBy: { to: 'asc' } })).map((row) => row.status),
    ['failed', 'pending', 'sent'])

  const outbox = createOutbox({ prisma: app.prisma, now: clock.now, retryForSeconds: app.config.mailRetryFor })
  clock.advance(KEEP_FINISHED_MS / 1000 - 60)
  t.equal(await outbox.purgeFinished(new Date(clock.now().getTime() - KEEP_FINISHED_MS)), 0, 'kept for the period')
  clock.advance(120)
  t.equal(await outbox.purgeFinished(new Date(clock.now().getTime() - KEEP_FINISHED_MS)), 2)
  t.same((await app.prisma.outboxMessage.findMany()).map((row) => row.to), ['pending@example.com'])
})
