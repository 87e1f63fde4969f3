import { Writable } from 'node:stream'
import t from 'tap'
import { buildApp } from '../../../src/app.js'
import type { Config } from '../../../src/config.js'
import { freshDatabase, testConfig } from '../../helpers/build.js'
import { newAccount } from '../../helpers/users.js'

/** The app on `file`, started (so onReady has run); ADMIN_EMAIL set after the config is loaded. */
async function start (file: string, adminEmail: string | null, logs: string[] = []) {
  const config: Config = { ...testConfig(file, { logLevel: 'info' }), adminEmail }
  const logStream = new Writable({ write (chunk, _encoding, done) { logs.push(String(chunk)); done() } })
  const app = await buildApp({ config, logStream: logStream as never })
  await app.ready()
  return { app, close: async () => { await app.close() } }
}

async function account (file: string, emailVerified: boolean) {
  const { app, close } = await start(file, null)
  const body = newAccount()
  const response = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: body })
  if (response.statusCode !== 201) throw new Error(`signup: ${response.statusCode}`)
  await app.prisma.user.update({ where: { email: body.email }, data: { emailVerified } })
  await close()
  return body
}

t.test('ADMIN_EMAIL promotes its account at start-up once the address is verified', async (t) => {
  const file = await freshDatabase(t)
  const { email } = await account(file, true)
  const logs: string[] = []
  const { app, close } = await start(file, email, logs)
  t.teardown(close)
  const user = await app.prisma.user.findUniqueOrThrow({ where: { email } })
  t.equal(user.role, 'admin')
  const events = await app.prisma.auditEvent.findMany({ where: { userId: user.id, type: 'role_changed' } })
  t.equal(events.length, 1)
  t.match(events[0], { actorType: 'system', actorId: null })
  t.same(JSON.parse(events[0].detail ?? '{}'), { from: 'user', to: 'admin' })
  t.ok(logs.some((line) => line.includes('ADMIN_EMAIL: the account is now an admin')))

  await close()
  const again = await start(file, email)
  t.teardown(again.close)
  t.equal(await again.app.prisma.auditEvent.count({ where: { userId: user.id, type: 'role_changed' } }), 1,
    'a restart changes and records nothing')
})

t.test('ADMIN_EMAIL leaves an unverified account alone and says why', async (t) => {
  const file = await freshDatabase(t)
  const { email } = await account(file, false)
  const logs: string[] = []
  const { app, close } = await start(file, email, logs)
  t.teardown(close)
  t.equal((await app.prisma.user.findUniqueOrThrow({ where: { email } })).role, 'user')
  t.equal(await app.prisma.auditEvent.count({ where: { type: 'role_changed' } }), 0)
  const warning = logs.map((line) => JSON.parse(line)).find((line) => /ADMIN_EMAIL/.test(line.msg))
  t.match(warning, { level: 40, msg: /has not verified its address/ })
})

t.test('ADMIN_EMAIL with no such account warns and starts', async (t) => {
  const file = await freshDatabase(t)
  const logs: string[] = []
  const { app, close } = await start(file, 'nobody@example.com', logs)
  t.teardown(close)
  t.equal(await app.prisma.user.count(), 0)
  t.ok(logs.some((line) => line.includes('ADMIN_EMAIL: no account has this address')))
})
