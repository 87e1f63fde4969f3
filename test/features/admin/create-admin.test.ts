import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import t, { type Test } from 'tap'
import { buildApp } from '../../../src/app.js'
import { freshDatabase, TEST_JWT_SECRET, testConfig } from '../../helpers/build.js'
import { bearer, signIn } from '../../helpers/users.js'

const root = new URL('../../../', import.meta.url).pathname
const PASSWORD = 'a long and unusual admin passphrase'

/** Runs the script as `npm run create-admin` would (through tsx), with `stdin` piped in. */
async function createAdmin (databaseFile: string, args: string[], stdin: string | null) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/scripts/create-admin.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: `file:${databaseFile}` },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  child.stdin.end(stdin ?? undefined)
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { code, stdout, stderr }
}

async function appOn (t: Test, databaseFile: string) {
  const app = await buildApp({ config: testConfig(databaseFile) })
  t.teardown(async () => { await app.close() })
  await app.ready()
  return app
}

t.test('create-admin makes a verified admin who can sign in, and prints nothing secret', async (t) => {
  const file = await freshDatabase(t)
  const run = await createAdmin(file, ['--email', ' Root@Example.COM ', '--username', 'Chief'], `${PASSWORD}\nignored\n`)
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /chief <root@example\.com>/)
  t.notOk(`${run.stdout}${run.stderr}`.includes(PASSWORD), 'the password is not printed')
  t.notOk(/argon2/.test(`${run.stdout}${run.stderr}`), 'nor its hash')

  const app = await appOn(t, file)
  const login = await signIn(app, 'root@example.com', PASSWORD)
  t.equal(login.statusCode, 200)
  const me = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(login.json().accessToken) })
  t.match(me.json(), { username: 'chief', email: 'root@example.com', role: 'admin', emailVerified: true })
  const users = await app.inject({ method: 'GET', url: '/v1/admin/users', headers: bearer(login.json().accessToken) })
  t.equal(users.statusCode, 200, 'the admin API answers')
  t.match(await app.prisma.auditEvent.findFirst({ where: { userId: me.json().id } }), { type: 'signup', actorType: 'system' })
})

t.test('create-admin migrates a new database first', async (t) => {
  const file = join(dirname(await freshDatabase(t)), 'new.db')
  const run = await createAdmin(file, ['--email', 'root@example.com', '--username', 'chief'], `${PASSWORD}\r\n`)
  t.equal(run.code, 0, run.stderr)
  const app = await appOn(t, file)
  t.equal((await signIn(app, 'chief', PASSWORD)).statusCode, 200, 'a CRLF line ending is not part of the password')
})

t.test('create-admin refuses a weak password, a taken email or username, no password and bad arguments', async (t) => {
  const file = await freshDatabase(t)
  const weak = await createAdmin(file, ['--email', 'root@example.com', '--username', 'chief'], 'password\n')
  t.equal(weak.code, 1)
  t.match(weak.stderr, /password policy[\s\S]*too common/)
  const short = await createAdmin(file, ['--email', 'root@example.com', '--username', 'chief'], 'Xy7!\n')
  t.equal(short.code, 1)
  t.match(short.stderr, /at least 8 characters/)

  t.equal((await createAdmin(file, ['--email', 'root@example.com', '--username', 'chief'], `${PASSWORD}\n`)).code, 0)
  const takenEmail = await createAdmin(file, ['--email', 'ROOT@example.com', '--username', 'other'], `${PASSWORD}\n`)
  t.equal(takenEmail.code, 1)
  t.match(takenEmail.stderr, /email already exists/)
  const takenName = await createAdmin(file, ['--email', 'other@example.com', '--username', 'chief'], `${PASSWORD}\n`)
  t.equal(takenName.code, 1)
  t.match(takenName.stderr, /username is taken/)

  const none = await createAdmin(file, ['--email', 'other@example.com', '--username', 'other'], null)
  t.equal(none.code, 1)
  t.match(none.stderr, /No password on stdin/)
  const usage = await createAdmin(file, ['--email', 'other@example.com'], `${PASSWORD}\n`)
  t.equal(usage.code, 1)
  t.match(usage.stderr, /Usage: npm run create-admin/)
  const invalid = await createAdmin(file, ['--email', 'nope', '--username', 'x'], `${PASSWORD}\n`)
  t.equal(invalid.code, 1)
  t.match(invalid.stderr, /email must match format/)
  const reserved = await createAdmin(file, ['--email', 'other@example.com', '--username', 'admin'], `${PASSWORD}\n`)
  t.equal(reserved.code, 1)
  t.match(reserved.stderr, /reserved/)

  const app = await appOn(t, file)
  t.equal(await app.prisma.user.count(), 1, 'only the one admin was created')
})
