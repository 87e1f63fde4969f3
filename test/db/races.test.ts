// Concurrent writers on one database: requests fired at once, alternated between two app instances built on the
// same URL (each with its own connections, as two nodes behind a load balancer). Each race checks the rule it
// threatens on the database afterwards. On PostgreSQL (TEST_DATABASE_URL) they race parallel connections under
// READ COMMITTED, its default; on SQLite they race inside one instance (see twoApps), the outbox's senders excepted.
import { Writable } from 'node:stream'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import type { Config } from '../../src/config.js'
import { sha256Hex } from '../../src/crypto.js'
import { chargeOf } from '../../src/features/files/usage.js'
import { blobsOnDisk } from '../helpers/accounts.js'
import { freshDatabase, testClock, testConfig, testProvider } from '../helpers/build.js'
import { filePart, multipart } from '../helpers/files.js'
import { startSmtpServer, tokenFrom } from '../helpers/smtp.js'
import { bearer, newAccount, signIn, signUp } from '../helpers/users.js'

type Apps = [FastifyInstance, FastifyInstance]

interface LogLine { level: number, msg: string, err?: { type?: string, message?: string } }

/** The error lines logged, each as its message and the error's type and message (where a 500's cause is). */
const errorLines = (logs: string[]) => logs.map((line) => JSON.parse(line) as LogLine)
  .filter((line) => line.level >= 50)
  .map(({ msg, err }) => `${msg}: ${err?.type ?? ''} ${err?.message?.trim().split('\n').at(-1) ?? ''}`)

/**
 * Fails the test on any 5xx and on any status the operation does not declare (what build() checks, for apps
 * built here); a 5xx names the error lines logged so far, where its cause is.
 */
function checkAnswers (t: Test, app: FastifyInstance, logs: string[]) {
  app.addHook('onResponse', async function checkAnswer (request, reply) {
    const where = `${request.method} ${request.routeOptions.url ?? request.url}`
    const status = reply.statusCode
    if (status >= 500) {
      t.fail(`${where} answered ${status}`, { errors: errorLines(logs) })
      return
    }
    const schema = request.routeOptions.schema
    if (schema?.operationId === undefined) return
    const declared = (schema.response ?? {}) as Record<string, unknown>
    if (!(String(status) in declared)) {
      t.fail(`${where} answered ${status}, which operation ${schema.operationId} does not declare`)
    }
  })
}

/**
 * Two ready instances of the app on one fresh database; `logs` collects both instances' warnings and errors.
 * On SQLite both are one instance unless `twoOnSqlite`: SQLite is for one process (README), and better-sqlite3 is
 * synchronous, so a second connection in this process that waits for the write lock blocks the very thread the
 * first needs to commit (a deadlock until the busy timeout): a failure of this test's setup, not of a deployment.
 * Without interactive transactions (the mail outbox) two connections are safe, and there they matter.
 */
async function twoApps (t: Test, { config = {}, now, twoOnSqlite = false }: {
  config?: Partial<Config>, now?: () => Date, twoOnSqlite?: boolean
} = {}) {
  const url = await freshDatabase(t)
  const logs: string[] = []
  const logStream = new Writable({ write (chunk, _encoding, done) { logs.push(String(chunk)); done() } })
  const count = testProvider === 'sqlite' && !twoOnSqlite ? 1 : 2
  const built = await Promise.all(Array.from({ length: count }, async () => {
    const app = await buildApp({ config: testConfig(url, { logLevel: 'warn', ...config }), now, logStream })
    t.teardown(async () => { await app.close() })
    checkAnswers(t, app, logs)
    return app
  }))
  await Promise.all(built.map(async (app) => { await app.ready() }))
  const apps: Apps = [built[0], built.at(-1) as FastifyInstance]
  return { apps, logs }
}

/** `count` requests at once, the i-th on instance i % 2. */
async function race (apps: Apps, count: number, request: (index: number) => InjectOptions) {
  return await Promise.all(Array.from({ length: count }, async (_, index) =>
    await apps[index % 2].inject(request(index))))
}

const statuses = (answers: LightMyRequestResponse[]) => answers.map((answer) => answer.statusCode).sort()
const codesOf = (answers: LightMyRequestResponse[]) => answers.map((answer) => answer.json<{ code: string }>().code)

t.test('one refresh token refreshed four times at once: one rotation, every answer the one live token',
  async (t) => {
    const { apps, logs } = await twoApps(t)
    const { prisma } = apps[0]
    const account = await signUp(apps[0])
    let token = account.refreshToken
    for (let round = 1; round <= 3; round++) {
      const presented = token
      const answers = await race(apps, 4, () => ({
        method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: presented }
      }))
      // Within REFRESH_REUSE_INTERVAL a concurrent refresh is a lost response, not a theft: it gets the winner's token.
      t.same(statuses(answers), [200, 200, 200, 200], `round ${round}`)
      const handedOut = new Set(answers.map((answer) => answer.json<{ refreshToken: string }>().refreshToken))
      t.equal(handedOut.size, 1, 'every refresh got the same token')
      token = [...handedOut][0]

      const session = await prisma.session.findFirstOrThrow({ where: { userId: account.user.id } })
      t.equal(session.generation, round, 'one rotation per round')
      t.equal(session.revokedAt, null)
      const live = await prisma.refreshToken.findMany({
        where: { sessionId: session.id, generation: session.generation }
      })
      t.same(live.map((row) => row.tokenHash), [sha256Hex(token)], 'one live token: the one handed out')
      t.equal(await prisma.refreshToken.count({ where: { sessionId: session.id } }), round + 1, 'one row per rotation')
    }
    t.same(errorLines(logs), [], 'nothing logged at error level')
  })

t.test('REFRESH_REUSE_INTERVAL=0: of two refreshes at once one wins, the other is reuse and ends the session',
  async (t) => {
    const { apps, logs } = await twoApps(t, { config: { refreshReuseInterval: 0 } })
    const { prisma } = apps[0]
    const account = await signUp(apps[0])
    for (let round = 1; round <= 4; round++) {
      const login = await signIn(apps[round % 2], account.user.username, account.password)
      const { refreshToken } = login.json<{ refreshToken: string }>()
      const answers = await race(apps, 2, () => ({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } }))
      t.same(statuses(answers), [200, 401], `round ${round}`)
      t.same(codesOf(answers.filter((answer) => answer.statusCode === 401)), ['refresh_token_reused'])
      const row = await prisma.refreshToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(refreshToken) } })
      const session = await prisma.session.findUniqueOrThrow({ where: { id: row.sessionId } })
      t.equal(session.revokedReason, 'refresh_token_reused', 'the session ended: no live token is left')
      t.equal(session.generation, 1, 'one rotation')
      const recorded = { type: 'refresh_token_reused', detail: { contains: session.id } }
      t.equal(await prisma.auditEvent.count({ where: recorded }), 1, 'the reuse recorded')
    }
    t.same(errorLines(logs), [], 'nothing logged at error level')
  })

t.test('uploads at once past the quota: never more stored than the quota, the ledger equals the files', async (t) => {
  const fileBytes = 10_000
  const quota = 4 * fileBytes
  const { apps, logs } = await twoApps(t, { config: { uploadQuotaBytes: quota } })
  const { prisma } = apps[0]
  const account = await signUp(apps[0])
  const userId = account.user.id
  // The first round starts with no StorageUsage row, so the uploads also race to create it.
  for (let round = 1; round <= 2; round++) {
    const answers = await race(apps, 8, (index) => {
      const body = multipart([filePart('x'.repeat(fileBytes), `r${round}-${index}.txt`, 'text/plain')])
      const headers = { ...body.headers, ...bearer(account.accessToken) }
      return { method: 'POST', url: '/v1/files', headers, payload: body.payload }
    })
    // Usage only grows during the race, so an upload is refused only once four have passed.
    t.same(statuses(answers), [201, 201, 201, 201, 413, 413, 413, 413], `round ${round}`)
    t.same(new Set(codesOf(answers.filter((answer) => answer.statusCode === 413))), new Set(['quota_exceeded']))

    const files = await prisma.file.findMany({ where: { userId } })
    const usage = await prisma.storageUsage.findUniqueOrThrow({ where: { userId } })
    const charged = files.reduce((sum, file) => sum + chargeOf(file.size), 0)
    t.ok(charged <= quota, 'never past the quota')
    t.same({ bytes: Number(usage.bytes), files: usage.files }, { bytes: charged, files: files.length }, 'ledger = files')
    t.same(new Set(blobsOnDisk(apps[0]).map((path) => path.split('/').at(-2))), new Set(files.map((file) => file.id)),
      'a blob for each file and none for the refused')

    // Each file deleted on both instances at once: one 204 and one 404, and the charge given back once.
    const deletions = await Promise.all(files.flatMap((file) => apps.map(async (app) => await app.inject({
      method: 'DELETE', url: `/v1/files/${file.id}`, headers: bearer(account.accessToken)
    }))))
    t.same(statuses(deletions), [...files.map(() => 204), ...files.map(() => 404)].sort())
    const emptied = await prisma.storageUsage.findUniqueOrThrow({ where: { userId } })
    t.same({ bytes: Number(emptied.bytes), files: emptied.files }, { bytes: 0, files: 0 }, 'every charge given back once')
  }
  t.same(errorLines(logs), [], 'nothing logged at error level')
})

t.test('signups with one email, then with one username, at once: one account, the others 409', async (t) => {
  const { apps, logs } = await twoApps(t)
  const { prisma } = apps[0]
  const byEmail = await race(apps, 6, () => ({
    method: 'POST', url: '/v1/auth/signup', payload: newAccount({ email: 'one.address@example.com' })
  }))
  t.same(statuses(byEmail), [201, 409, 409, 409, 409, 409])
  t.same(new Set(codesOf(byEmail.filter((answer) => answer.statusCode === 409))), new Set(['email_taken']))
  t.equal(await prisma.user.count({ where: { email: 'one.address@example.com' } }), 1)

  const byUsername = await race(apps, 6, () => ({
    method: 'POST', url: '/v1/auth/signup', payload: newAccount({ username: 'one_name' })
  }))
  t.same(statuses(byUsername), [201, 409, 409, 409, 409, 409])
  t.same(new Set(codesOf(byUsername.filter((answer) => answer.statusCode === 409))), new Set(['username_taken']))
  t.equal(await prisma.user.count({ where: { username: 'one_name' } }), 1)

  t.equal(await prisma.user.count(), 2, 'no other account was made')
  t.equal(await prisma.session.count(), 2, 'no session for a refused signup')
  t.equal(await prisma.auditEvent.count({ where: { type: 'signup' } }), 2, 'each account\'s signup recorded')
  t.same(errorLines(logs), [], 'nothing logged at error level')
})

t.test('two accounts confirming a move to one address, and a signup with it, at once: one has it', async (t) => {
  const smtp = await startSmtpServer(t)
  const { apps, logs } = await twoApps(t, { config: { smtpUrl: smtp.url } })
  const { prisma } = apps[0]
  for (let round = 1; round <= 2; round++) {
    const address = `wanted${round}@example.com`
    const accounts = await Promise.all(apps.map(async (app) => await signUp(app)))
    const recordedBefore = await prisma.auditEvent.count({ where: { type: { in: ['email_changed', 'signup'] } } })
    // Both requests pass: the address is free until a link is followed.
    const requested = await Promise.all(accounts.map(async (account, index) => await apps[index].inject({
      method: 'PUT',
      url: '/v1/me/email',
      headers: bearer(account.accessToken),
      payload: { newEmail: address, currentPassword: account.password }
    })))
    t.same(statuses(requested), [202, 202])
    await Promise.all(apps.map(async (app) => { await app.mail.flush() }))
    const tokens = smtp.messages.filter((message) => message.to === address).map(tokenFrom)
    t.equal(tokens.length, 2, 'a link mailed for each account')

    const answers = await Promise.all([
      ...tokens.map(async (token, index) => await apps[index].inject({
        method: 'POST', url: '/v1/auth/verify-email', payload: { token }
      })),
      apps[round % 2].inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount({ email: address }) })
    ])
    const won = answers.filter((answer) => answer.statusCode < 300)
    t.equal(won.length, 1, `round ${round}: one of the three gets the address`)
    t.same(statuses(answers.filter((answer) => answer.statusCode >= 300)), [409, 409])
    t.same(codesOf(answers.filter((answer) => answer.statusCode >= 300)), ['email_taken', 'email_taken'])
    t.equal(await prisma.user.count({ where: { email: address } }), 1)
    for (const account of accounts) {
      const row = await prisma.user.findUniqueOrThrow({ where: { id: account.user.id } })
      t.ok(row.email === account.user.email || row.email === address, 'an account has its old address or the new')
    }
    const recorded = await prisma.auditEvent.count({ where: { type: { in: ['email_changed', 'signup'] } } })
    t.equal(recorded - recordedBefore, 1, 'the move (or the signup) that happened recorded, once')
  }
  t.same(errorLines(logs), [], 'nothing logged at error level')
})

t.test('two senders on many rows written while they send: each message delivered exactly once', async (t) => {
  const smtp = await startSmtpServer(t)
  const { apps, logs } = await twoApps(t, { config: { smtpUrl: smtp.url }, twoOnSqlite: true })
  const { prisma } = apps[0]
  const waves = 4
  const perWave = 10
  const written: string[] = []
  // Both instances write rows in waves and wake both senders after each, while their pollers run too.
  await Promise.all(apps.map(async (app, which) => {
    for (let wave = 0; wave < waves; wave++) {
      const rows = await Promise.all(Array.from({ length: perWave }, async (_, index) =>
        await app.prisma.outboxMessage.create({
          data: app.mail.message(`r${which}-${wave}-${index}@example.com`, 'password-changed', { username: 'someone' })
        })))
      written.push(...rows.map((row) => row.messageId))
      for (const sender of apps) sender.mail.kick()
      await new Promise((resolve) => setImmediate(resolve))
    }
  }))
  while (await prisma.outboxMessage.count({ where: { status: 'pending' } }) > 0) {
    await Promise.all(apps.flatMap((app) => [app.mail.flush(), app.mail.flush()]))
  }

  const deliveries = new Map<string, number>()
  for (const message of smtp.messages) deliveries.set(message.messageId, (deliveries.get(message.messageId) ?? 0) + 1)
  t.equal(written.length, 2 * waves * perWave)
  t.same([...deliveries.keys()].sort(), [...written].sort(), 'every message delivered, nothing else')
  t.same([...new Set(deliveries.values())], [1], 'none twice')
  const rows = await prisma.outboxMessage.findMany()
  t.same([...new Set(rows.map((row) => `${row.status} after ${row.attempts}`))], ['sent after 1'], 'each row claimed once')
  t.same(errorLines(logs), [], 'nothing logged at error level')
})

t.test('two admins demoting or disabling each other at once: one admin stays, the other answer is last_admin',
  async (t) => {
    // A still clock: each instance's session cache keeps the role it read, so both requests pass the role check
    // and meet at the last-admin rule, as two requests in the same instant would.
    const clock = testClock()
    const { apps, logs } = await twoApps(t, { now: clock.now })
    const { prisma } = apps[0]
    const admins = await Promise.all(apps.map(async (app) => await signUp(app)))
    const ids = admins.map((admin) => admin.user.id)
    for (let round = 1; round <= 4; round++) {
      await prisma.user.updateMany({ where: { id: { in: ids } }, data: { role: 'admin', disabled: false, emailVerified: true } })
      // Each admin on its own instance, swapped every round; the caches hold both as admins before the race.
      const instanceOf = (index: number) => apps[(index + round) % 2]
      for (const app of apps) for (const id of ids) app.sessionStatus.invalidateUser(id)
      for (const [index, admin] of admins.entries()) {
        const me = await instanceOf(index).inject({ method: 'GET', url: '/v1/me', headers: bearer(admin.accessToken) })
        t.equal(me.json<{ role: string }>().role, 'admin')
      }
      const change = round % 2 === 0 ? { role: 'user' } : { disabled: true }
      const changes = { type: { in: ['role_changed', 'account_disabled'] } }
      const recordedBefore = await prisma.auditEvent.count({ where: changes })
      const answers = await Promise.all(admins.map(async (admin, index) => await instanceOf(index).inject({
        method: 'PATCH', url: `/v1/admin/users/${ids[1 - index]}`, headers: bearer(admin.accessToken), payload: change
      })))
      t.same(statuses(answers), [200, 409], `round ${round}: ${JSON.stringify(change)}`)
      t.same(codesOf(answers.filter((answer) => answer.statusCode === 409)), ['last_admin'])
      t.equal(await prisma.user.count({ where: { role: 'admin', disabled: false } }), 1, 'one active admin remains')
      const recorded = await prisma.auditEvent.count({ where: changes }) - recordedBefore
      t.equal(recorded, 1, 'the change that happened recorded, once')
    }
    t.same(errorLines(logs), [], 'nothing logged at error level')
  })
