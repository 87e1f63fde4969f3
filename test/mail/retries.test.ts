import { createServer, type Socket } from 'node:net'
import { type AddressInfo } from 'node:net'
import t from 'tap'
import { BACKOFF_CAP_SECONDS, retryDelaySeconds } from '../../src/mail/outbox.js'
import { build, testClock } from '../helpers/build.js'
import { startSmtpServer } from '../helpers/smtp.js'

const token = 'retry-token-0123456789abcdefghijklmnop'

async function setup (t: Parameters<typeof build>[0], logs?: string[]) {
  const smtp = await startSmtpServer(t)
  const clock = testClock()
  const app = await build(t, { now: clock.now, logs, config: { smtpUrl: smtp.url } })
  const write = async () => await app.prisma.outboxMessage.create({
    data: app.mail.message('carol@example.com', 'verify-email', {
      username: 'carol', link: app.mail.link('verifyEmail', token), expiresIn: '24 hours'
    })
  })
  const read = async (id: string) => await app.prisma.outboxMessage.findUniqueOrThrow({ where: { id } })
  return { smtp, clock, app, write, read }
}

/** A port nothing listens on. */
async function closedPort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

t.test('a server answering 451 for a while: the message is retried later and arrives once', async (t) => {
  const { smtp, clock, app, write, read } = await setup(t)
  smtp.failWith(451)
  const row = await write()
  await app.mail.flush()
  let stored = await read(row.id)
  t.equal(stored.status, 'pending')
  t.equal(stored.attempts, 1)
  t.equal(stored.leaseUntil, null, 'the claim is given back')
  t.match(stored.lastError, /451/)
  const delay = (stored.nextAttemptAt.getTime() - clock.now().getTime()) / 1000
  t.ok(delay >= 30 && delay <= 37.5, `first retry about 30 s later (${delay} s)`)

  await app.mail.flush()
  t.equal(smtp.refused(), 1, 'not tried again before it is due')

  clock.advance(60)
  await app.mail.flush()
  stored = await read(row.id)
  t.equal(stored.attempts, 2)
  t.equal(smtp.refused(), 2)

  smtp.failWith(null)
  clock.advance(10 * 60)
  await app.mail.flush()
  const message = await smtp.waitForMessage()
  t.equal(message.messageId, row.messageId)
  stored = await read(row.id)
  t.equal(stored.status, 'sent')
  t.equal(stored.attempts, 3)
  t.equal(stored.payload, null)

  clock.advance(24 * 3600)
  await app.mail.flush()
  t.equal(smtp.messages.length, 1, 'delivered once')
})

t.test('a 5xx answer fails the message for good: never retried, payload gone, a warning without the token',
  async (t) => {
    const logs: string[] = []
    const { smtp, clock, app, write, read } = await setup(t, logs)
    smtp.failWith(550)
    const row = await write()
    await app.mail.flush()
    const stored = await read(row.id)
    t.equal(stored.status, 'failed')
    t.equal(stored.payload, null)
    t.equal(stored.leaseUntil, null)
    t.match(stored.lastError, /550/)

    smtp.failWith(null)
    clock.advance(7 * 24 * 3600)
    await app.mail.flush()
    t.equal(smtp.refused(), 1, 'tried once')
    t.equal(smtp.messages.length, 0)
    const warning = logs.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'mail failed for good')
    t.equal(warning?.level, 40)
    t.equal(warning?.outboxId, row.id)
    t.notOk(logs.some((line) => line.includes(token)), 'no log line holds the token')
  })

t.test('temporary failures are retried with growing delays until MAIL_RETRY_FOR, then the message fails',
  async (t) => {
    const { smtp, clock, app, write, read } = await setup(t)
    smtp.failWith(421)
    const row = await write()
    const giveUpAt = row.createdAt.getTime() + app.config.mailRetryFor * 1000
    const delays: number[] = []
    let stored = await read(row.id)
    while (stored.status === 'pending' && delays.length < 500) {
      clock.advance((stored.nextAttemptAt.getTime() - clock.now().getTime()) / 1000)
      await app.mail.flush()
      stored = await read(row.id)
      if (stored.status === 'pending') {
        t.ok(stored.nextAttemptAt.getTime() <= giveUpAt, 'never scheduled past the retry window')
        delays.push((stored.nextAttemptAt.getTime() - clock.now().getTime()) / 1000)
      }
    }
    t.equal(stored.status, 'failed')
    t.equal(clock.now().getTime(), giveUpAt, 'the last attempt falls on the end of the window')
    t.equal(stored.attempts, smtp.refused())
    t.ok(delays[1] > delays[0] && delays[2] > delays[1], `delays grow: ${delays.slice(0, 4).join(', ')}`)
    t.ok(Math.max(...delays) <= BACKOFF_CAP_SECONDS * 1.25, 'capped around an hour')
    t.ok(stored.attempts > 40 && stored.attempts < 80, `${stored.attempts} attempts over 48 hours`)
  })

t.test('retryDelaySeconds: from 30 s, doubling, capped at an hour, jitter on top', async (t) => {
  t.equal(retryDelaySeconds(1, () => 0), 30)
  t.equal(retryDelaySeconds(2, () => 0), 60)
  t.equal(retryDelaySeconds(3, () => 0.999), 120 * (1 + 0.999 * 0.25))
  t.equal(retryDelaySeconds(30, () => 0), BACKOFF_CAP_SECONDS)
})

t.test('connection errors are temporary: a refused connection and a server that never greets', async (t) => {
  const clock = testClock()
  const port = await closedPort()
  const refused = await build(t, { now: clock.now, config: { smtpUrl: `smtp://127.0.0.1:${port}` } })
  const first = await refused.prisma.outboxMessage.create({
    data: refused.mail.message('dan@example.com', 'password-changed', { username: 'dan' })
  })
  await refused.mail.flush()
  const afterRefusal = await refused.prisma.outboxMessage.findUniqueOrThrow({ where: { id: first.id } })
  t.equal(afterRefusal.status, 'pending')
  t.match(afterRefusal.lastError, /ECONNREFUSED/)

  // A server that accepts and says nothing: the greeting timeout ends the attempt (shortened through the URL).
  const sockets: Socket[] = []
  const silent = createServer((socket) => { sockets.push(socket) }).listen(0, '127.0.0.1')
  await new Promise((resolve) => silent.once('listening', resolve))
  t.teardown(() => { for (const socket of sockets) socket.destroy(); silent.close() })
  const silentPort = (silent.address() as AddressInfo).port
  const stalled = await build(t, {
    now: clock.now,
    config: { smtpUrl: `smtp://127.0.0.1:${silentPort}/?greetingTimeout=200&connectionTimeout=200` }
  })
  const second = await stalled.prisma.outboxMessage.create({
    data: stalled.mail.message('dan@example.com', 'password-changed', { username: 'dan' })
  })
  await stalled.mail.flush()
  const afterSilence = await stalled.prisma.outboxMessage.findUniqueOrThrow({ where: { id: second.id } })
  t.equal(afterSilence.status, 'pending')
  t.equal(afterSilence.leaseUntil, null)
  t.match(afterSilence.lastError, /ETIMEDOUT|ECONNECTION/)
})
