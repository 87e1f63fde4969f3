import { once } from 'node:events'
import { type AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import t from 'tap'
import { build } from '../helpers/build.js'

/** An SMTP server with smtp-server's own self-signed certificate; resolves each message's TLS state. */
async function tlsServer (t: Parameters<typeof build>[0], secure: boolean) {
  const deliveries: boolean[] = []
  const server = new SMTPServer({
    secure,
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 1000,
    onData (stream, session, callback) {
      stream.resume()
      stream.once('end', () => { deliveries.push(session.secure); callback() })
    }
  })
  server.on('error', () => {}) // a client refusing the certificate hangs up mid-handshake
  server.listen(0, '127.0.0.1')
  await once(server.server, 'listening')
  t.teardown(() => new Promise<void>((resolve) => { server.close(() => resolve()) }))
  return { port: (server.server.address() as AddressInfo).port, deliveries }
}

async function sendOne (t: Parameters<typeof build>[0], smtpUrl: string) {
  const app = await build(t, { config: { smtpUrl } })
  const row = await app.prisma.outboxMessage.create({
    data: app.mail.message('tls@example.com', 'password-changed', { username: 'tls' })
  })
  await app.mail.flush()
  return await app.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })
}

// The test servers' certificate is self-signed, hence tls.rejectUnauthorized=false in the URLs.
t.test('smtp:// upgrades with STARTTLS when the server offers it', async (t) => {
  const server = await tlsServer(t, false)
  const row = await sendOne(t, `smtp://127.0.0.1:${server.port}/?tls.rejectUnauthorized=false`)
  t.equal(row.status, 'sent')
  t.same(server.deliveries, [true], 'the message travelled encrypted')
})

t.test('smtps:// speaks TLS from the first byte', async (t) => {
  const server = await tlsServer(t, true)
  const row = await sendOne(t, `smtps://127.0.0.1:${server.port}/?tls.rejectUnauthorized=false`)
  t.equal(row.status, 'sent')
  t.same(server.deliveries, [true])
})

t.test('a certificate that does not verify is not sent to: the message waits', async (t) => {
  const server = await tlsServer(t, true)
  const row = await sendOne(t, `smtps://127.0.0.1:${server.port}`)
  t.equal(row.status, 'pending')
  t.same(server.deliveries, [])
})
