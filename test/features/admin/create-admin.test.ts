import { spawn } from 'node:child_process'
import t, { type Test } from 'tap'
import { buildApp } from '../../../src/app.js'
import { databaseEnv, emptyDatabase, freshDatabase, TEST_JWT_SECRET, testConfig } from '../../helpers/build.js'
import { bearer, signIn } from '../../helpers/users.js'

const root = new URL('../../../', import.meta.url).pathname
const PASSWORD = 'a long and unusual admin passphrase'

/** Runs the script as `npm run create-admin` would (through tsx), with `stdin` piped in. */
async function createAdmin (databaseUrl: string, args: string[], stdin: string | null) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/scripts/create-admin.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, ...databaseEnv(databaseUrl) },
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

async function appOn (t: Test, databaseUrl: string) {
  const app = await buildApp({ config: testConfig(databaseUrl) })
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
  const file = await emptyDatabase(t)
  const run = await createAdmin(file, ['--email', 'root@example.com', '--username', 'chief'], `${PASSWORD}\r\n`)
  t.equal(run.code, 0, run.stderr)
  const app = await appOn(t, file)
  t.equal((await signIn(app, 'chief', PASSWORD)).statusCode, 200, 'a CRLF line ending is not part of the password')
})

t.test('create-admin refuses a weak password, a taken email or username, no password and bad arguments', async (t) => {
  const file = await freshDatabase(t)
  const identity = ['--email', 'other@example.com', '--username', 'other']
  // Independent refusals run at once: each pays a process start.
  const [weak, short, none, usage, invalid, reserved] = await Promise.all([
    createAdmin(file, identity, 'password\n'),
    createAdmin(file, identity, 'Xy7!\n'),
    createAdmin(file, identity, null),
    createAdmin(file, ['--email', 'other@example.com'], `${PASSWORD}\n`),
    createAdmin(file, ['--email', 'nope', '--username', 'x'], `${PASSWORD}\n`),
    createAdmin(file, ['--email', 'other@example.com', '--username', 'admin'], `${PASSWORD}\n`)
  ])
  const refusals: Array<[string, Awaited<ReturnType<typeof createAdmin>>, RegExp]> = [
    ['a common password', weak, /password policy[\s\S]*too common/],
    ['a short password', short, /at least 8 characters/],
    ['no password', none, /No password on stdin/],
    ['a missing argument', usage, /Usage: npm run create-admin/],
    ['an invalid email and username', invalid, /email must match format[\s\S]*username must match pattern/],
    ['a reserved username', reserved, /reserved/]
  ]
  for (const [what, run, message] of refusals) {
    t.equal(run.code, 1, what)
    t.match(run.stderr, message, what)
  }

  t.equal((await createAdmin(file, ['--email', 'root@example.com', '--username', 'chief'], `${PASSWORD}\n`)).code, 0)
  const [takenEmail, takenName] = await Promise.all([
    createAdmin(file, ['--email', 'ROOT@example.com', '--username', 'other'], `${PASSWORD}\n`),
    createAdmin(file, ['--email', 'other@example.com', '--username', 'chief'], `${PASSWORD}\n`)
  ])
  t.equal(takenEmail.code, 1)
  t.match(takenEmail.stderr, /email already exists/)
  t.equal(takenName.code, 1)
  t.match(takenName.stderr, /username is taken/)

  const app = await appOn(t, file)
  t.equal(await app.prisma.user.count(), 1, 'only the one admin was created')
})
