// A database that goes away answers 503 service_unavailable with Retry-After (never 500, and within the pool's
// 5 s connection timeout even when nothing answers), and the app recovers by itself when it comes back. The
// outage runs on PostgreSQL only: SQLite is a file in the process, with no server to lose (a SQLite still busy
// after its timeout is covered below).
import net from 'node:net'
import { Writable } from 'node:stream'
import { DriverAdapterError } from '@prisma/driver-adapter-utils'
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { isDatabaseUnavailable } from '../../src/db/unavailable.js'
import { Prisma } from '../../src/generated/prisma/client.js'
import { freshDatabase, testConfig, testProvider } from '../helpers/build.js'
import { assertProblem, logLines } from '../helpers/platform.js'
import { bearer, signIn, signUp } from '../helpers/users.js'

const prismaError = (code: string, message: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: Prisma.prismaVersion.client, meta })
const adapterError = (cause: ConstructorParameters<typeof DriverAdapterError>[0]) => new DriverAdapterError(cause)
const postgresError = (code: string) =>
  adapterError({ kind: 'postgres', code, severity: 'FATAL', message: code, detail: undefined, column: undefined, hint: undefined })
const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code, syscall: 'connect', errno: -1 })

// The shapes seen from Prisma 7.10 with adapter-pg (raw queries wrap the adapter's error in P2010, model
// queries and transactions in P1xxx) and adapter-better-sqlite3 (SQLITE_BUSY is a SocketTimeout).
t.test('only errors that say the database cannot be reached count as unavailable', async (t) => {
  const unavailable: Array<[string, unknown]> = [
    ['P1001 server refused', prismaError('P1001', "Can't reach database server", {
      driverAdapterError: adapterError({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 })
    })],
    ['P2010 raw query, connection closed', prismaError('P2010', 'Raw query failed', {
      driverAdapterError: adapterError({ kind: 'ConnectionClosed' })
    })],
    ['P1008 SQLite busy after its timeout', prismaError('P1008', 'Operation has timed out', {
      driverAdapterError: adapterError({ kind: 'SocketTimeout' })
    })],
    ['P2037 too many connections', prismaError('P2037', 'Too many connections', {
      driverAdapterError: adapterError({ kind: 'TooManyConnections', cause: 'sorry, too many clients already' })
    })],
    ['57P01 server shutting down', prismaError('P2010', 'Raw query failed', { driverAdapterError: postgresError('57P01') })],
    ['57P03 server starting up', prismaError('P2039', 'Database error', { driverAdapterError: postgresError('57P03') })],
    ['08006 connection failure', postgresError('08006')],
    ['P2028 no connection for a transaction in time',
      prismaError('P2028', 'Transaction API error: Unable to start a transaction in the given time.')],
    ['EHOSTUNREACH from the socket', socketError('EHOSTUNREACH')],
    ['pg: socket closed', new Error('Connection terminated unexpectedly')],
    ['pg-pool: connect timeout', new Error('Connection terminated due to connection timeout')],
    ['pg-pool: no free connection', new Error('timeout exceeded when trying to connect')]
  ]
  for (const [label, error] of unavailable) t.ok(isDatabaseUnavailable(error), label)

  const bugs: Array<[string, unknown]> = [
    ['P2002 unique violation', prismaError('P2002', 'Unique constraint failed', {
      driverAdapterError: adapterError({ kind: 'UniqueConstraintViolation', constraint: { fields: ['email'] } })
    })],
    ['P2021 table missing', prismaError('P2021', 'The table does not exist', {
      driverAdapterError: adapterError({ kind: 'TableDoesNotExist', table: 'User' })
    })],
    ['P1000 wrong credentials (configuration)', prismaError('P1000', 'Authentication failed', {
      driverAdapterError: adapterError({ kind: 'AuthenticationFailed', user: 'app' })
    })],
    ['42601 syntax error', prismaError('P2010', 'Raw query failed', { driverAdapterError: postgresError('42601') })],
    ['P2028 expired transaction', prismaError('P2028', 'Transaction API error: Transaction already closed')],
    ['P2025 record not found', prismaError('P2025', 'No record was found')],
    ['EACCES from the file system', Object.assign(new Error('permission denied'), { code: 'EACCES', syscall: 'open' })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an Error', 'Connection terminated unexpectedly'],
    ['nothing', undefined]
  ]
  for (const [label, error] of bugs) t.notOk(isDatabaseUnavailable(error), label)
})

t.test('a route that meets an unreachable database answers 503 with Retry-After and logs the cause', async (t) => {
  const logs: string[] = []
  const app = await buildApp({
    config: testConfig(await freshDatabase(t), { logLevel: 'info' }),
    logStream: new Writable({ write (chunk, _encoding, done) { logs.push(String(chunk)); done() } }) as never
  })
  t.teardown(() => app.close())
  app.get('/busy', async () => {
    throw prismaError('P1008', 'Operation has timed out', { driverAdapterError: adapterError({ kind: 'SocketTimeout' }) })
  })
  app.get('/bug', async () => {
    throw prismaError('P2002', 'Unique constraint failed', {
      driverAdapterError: adapterError({ kind: 'UniqueConstraintViolation', constraint: { fields: ['email'] } })
    })
  })
  const busy = await app.inject({ method: 'GET', url: '/busy' })
  assertProblem(t, busy, 503, 'service_unavailable', 'busy')
  t.equal(busy.headers['retry-after'], '5')
  assertProblem(t, await app.inject({ method: 'GET', url: '/bug' }), 500, 'internal_error', 'a real bug stays 500')
  const failures = logLines(logs).filter((line) => line.msg === 'request failed')
  t.same(failures.map((line) => line.level), [50, 50], 'both logged at error level')
  t.match((failures[0].err as { message: string }).message, 'Operation has timed out', 'the cause is in the log')
})

if (testProvider !== 'postgresql') {
  t.pass('PostgreSQL only: runs in the PostgreSQL pass')
} else {
  t.test('PostgreSQL goes away and comes back', testOutage)
}

/**
 * How the proxy treats connections while the database is down: refused (a stopped server), closed on accept
 * (a server that dies as it starts), or accepted and never answered (a host that drops packets).
 */
type Outage = 'refuse' | 'close' | 'silent'

interface DatabaseProxy {
  port: number
  /** Destroys every open connection, then treats new ones as `outage` says. */
  down: (outage: Outage) => Promise<void>
  /** Forwards again; connections left unanswered while silent are destroyed. */
  up: () => Promise<void>
  /** Destroys every open connection, leaving the server up. */
  dropConnections: () => void
  close: () => Promise<void>
}

/** A TCP proxy to the test server that the test can switch off and on. */
async function startProxy (target: URL): Promise<DatabaseProxy> {
  const sockets = new Set<net.Socket>()
  let outage: Outage | null = null
  const track = (socket: net.Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  }
  const server = net.createServer((client) => {
    track(client)
    if (outage === 'close') client.destroy()
    if (outage !== null) return
    const upstream = net.connect(Number(target.port || 5432), target.hostname)
    track(upstream)
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
    client.pipe(upstream).pipe(client)
  })
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve() })
  })
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()))
  const dropConnections = () => { for (const socket of sockets) socket.destroy() }
  await listen(0)
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    async down (how) {
      outage = how
      dropConnections()
      if (how === 'refuse') await stopListening()
    },
    async up () {
      if (outage === 'silent') dropConnections()
      if (!server.listening) await listen(port)
      outage = null
    },
    dropConnections,
    async close () {
      dropConnections()
      if (server.listening) await stopListening()
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls /ready until it answers 200, failing after `limitMs`; resolves to how long it took. */
async function readyAgain (t: Test, app: FastifyInstance, limitMs: number): Promise<number> {
  const started = performance.now()
  while (performance.now() - started < limitMs) {
    const ready = await app.inject({ method: 'GET', url: '/ready' })
    if (ready.statusCode === 200) return performance.now() - started
    await sleep(100)
  }
  t.fail(`/ready still not 200 after ${limitMs} ms`)
  return limitMs
}

/**
 * Longest a request may take to answer 503 while the database is down. A refused or closed connection fails
 * at once; an unanswered one only when the pool gives up on it (its connection timeout).
 */
const ANSWER_WITHIN_MS: Record<Outage, number> = { refuse: 3000, close: 3000, silent: 8000 }
/** Longest the app may take to serve again once the database is back (/ready caches its answer for 1 s). */
const RECOVER_WITHIN_MS = 5000

async function testOutage (t: Test) {
  const databaseUrl = await freshDatabase(t)
  const proxy = await startProxy(new URL(databaseUrl))
  const proxied = new URL(databaseUrl)
  proxied.hostname = '127.0.0.1'
  proxied.port = String(proxy.port)
  const logs: string[] = []
  const app = await buildApp({
    config: testConfig(databaseUrl, { databaseUrl: proxied.toString(), logLevel: 'info' }),
    logStream: new Writable({ write (chunk, _encoding, done) { logs.push(String(chunk)); done() } }) as never
  })
  // Closed before the proxy: the pool's connections end while the proxy still forwards them.
  t.teardown(async () => {
    await proxy.up()
    await app.close()
    await proxy.close()
  })
  await app.ready()

  const account = await signUp(app)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200)

  // pg's Pool emits 'error' when an idle connection dies; an unheard one would crash the process.
  proxy.dropConnections()
  await sleep(100)
  t.equal((await signIn(app, account.user.username, account.password)).statusCode, 200,
    'idle connections killed: no crash, and the next request opens new ones')

  const outages: Array<[Outage, string]> = [
    ['refuse', 'connections refused'],
    ['close', 'connections closed on accept'],
    ['silent', 'connections never answered']
  ]
  // The mail sender meets the outage on every poll (each second); it says so once a minute.
  let senderComplaints = 0
  const complaintsIn = (lines: string[]) =>
    logLines(lines).filter((line) => String(line.msg).startsWith('could not deliver mail')).length
  for (const [outage, label] of outages) {
    await t.test(`while down (${label})`, async (t) => {
      await proxy.down(outage)
      await sleep(1100) // /ready caches its answer for a second: wait that out so it checks again
      senderComplaints += complaintsIn(logs)
      logs.length = 0
      const requests = {
        '/ready': () => app.inject({ method: 'GET', url: '/ready' }),
        login: () => signIn(app, account.user.username, account.password),
        signup: () => app.inject({
          method: 'POST',
          url: '/v1/auth/signup',
          payload: { email: `late-${outage}@example.com`, username: `late_${outage}`, password: 'correct horse battery staple' }
        }),
        'GET /v1/me': () => app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) })
      }
      // At once, so an outage that makes them wait costs the test one bound, not one each.
      const started = performance.now()
      const answers = Object.entries(requests).map(async ([name, request]) => {
        const response = await request()
        return { name, response, ms: performance.now() - started }
      })
      const inTime = await Promise.race([Promise.all(answers), sleep(ANSWER_WITHIN_MS[outage]).then(() => null)])
      if (inTime === null) {
        t.fail(`no answer within ${ANSWER_WITHIN_MS[outage]} ms`)
        await proxy.up() // the waiting connections fail now, so the requests end before the app closes
        await Promise.all(answers)
        return
      }
      for (const { name, response, ms } of inTime) {
        const body = assertProblem(t, response, 503, 'service_unavailable', name)
        t.match(body.detail, /^The database is un(reachable|available)\b/, `${name}: says why`)
        t.equal(response.headers['retry-after'], '5', `${name}: Retry-After`)
        t.pass(`${name}: answered in ${Math.round(ms)} ms`)
      }
      const failures = logLines(logs).filter((line) => line.msg === 'request failed')
      t.equal(failures.length, Object.keys(requests).length, 'each failure logged')
      t.ok(failures.every((line) => line.level === 50), 'at error level')
      senderComplaints += complaintsIn(logs)

      await proxy.up()
      const ms = await readyAgain(t, app, RECOVER_WITHIN_MS)
      t.pass(`/ready is 200 again ${Math.round(ms)} ms after the database came back`)
      const login = await signIn(app, account.user.username, account.password)
      t.equal(login.statusCode, 200, 'login works again')
      const me = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(login.json().accessToken) })
      t.equal(me.statusCode, 200)
      t.equal(me.json().username, account.user.username, 'data written before the outage is intact')
    })
  }
  t.ok(senderComplaints <= 1, `the mail sender logged the outage ${senderComplaints} time(s), not once per poll`)
}
