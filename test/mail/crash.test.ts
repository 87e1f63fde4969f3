import { once } from 'node:events'
import { createServer, type Socket } from 'node:net'
import { type AddressInfo } from 'node:net'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { createPrismaClient } from '../../src/plugins/database.js'
import { databaseEnv, freshDatabase, testConfig } from '../helpers/build.js'
import { SERVER_JWT_SECRET, startServer } from '../helpers/server-process.js'
import { startSmtpServer } from '../helpers/smtp.js'

t.test('a server killed between writing a message and sending it: the next process sends it, same Message-ID',
  async (t) => {
    const databaseUrl = await freshDatabase(t)
    const env = { ...databaseEnv(databaseUrl), JWT_SECRET: SERVER_JWT_SECRET, NODE_ENV: 'test' }

    // A mail server that accepts connections and never answers: the first process is mid-send when it dies.
    const sockets: Socket[] = []
    const silent = createServer((socket) => { sockets.push(socket); silent.emit('client') }).listen(0, '127.0.0.1')
    await once(silent, 'listening')
    t.teardown(() => { for (const socket of sockets) socket.destroy(); silent.close() })
    const silentUrl = `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`
    const first = await startServer(t, { ...env, SMTP_URL: silentUrl })
    const sending = once(silent, 'client')

    // The row is written as a feature would write it (the app's own code, this process, same database).
    const writer = await buildApp({ config: testConfig(databaseUrl, { jwtSecret: SERVER_JWT_SECRET }) })
    const row = await writer.prisma.outboxMessage.create({
      data: writer.mail.message('max@example.com', 'verify-email', {
        username: 'max', link: writer.mail.link('verifyEmail', 'crash-token'), expiresIn: '24 hours'
      })
    })
    await writer.close()

    await sending // the first process claimed the row and is sending it
    first.child.kill('SIGKILL')
    await once(first.child, 'exit')

    const prisma = createPrismaClient(databaseUrl)
    t.teardown(async () => { await prisma.$disconnect() })
    const claimed = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })
    t.equal(claimed.status, 'pending', 'nothing was lost')
    t.equal(claimed.attempts, 1)
    t.ok(claimed.leaseUntil !== null && claimed.leaseUntil > new Date(), 'still leased to the dead process')
    // Stands for the 5 minutes of the dead process's lease passing.
    await prisma.outboxMessage.update({ where: { id: row.id }, data: { leaseUntil: new Date(Date.now() - 1000) } })

    const smtp = await startSmtpServer(t)
    await startServer(t, { ...env, SMTP_URL: smtp.url })
    const message = await smtp.waitForMessage(undefined, 20_000)
    t.equal(message.messageId, row.messageId, 'the same Message-ID, so a receiver drops a duplicate')
    t.match(message.text, '#token=crash-token')

    let sent = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })
    for (let tries = 0; sent.status !== 'sent' && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      sent = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })
    }
    t.equal(sent.status, 'sent')
    t.equal(sent.attempts, 2)
    t.equal(smtp.messages.length, 1)
  })
