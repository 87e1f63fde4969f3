// The process entry point through a real listening socket: start-up (migration,
// JWT secret rules), real HTTP, and graceful shutdown on SIGTERM.
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { once } from 'node:events'
import t from 'tap'
import { exitOf, SERVER_JWT_SECRET as TEST_JWT_SECRET, startServer as start, tempDir } from './helpers/server-process.js'

// Six real server processes and one `npm run build`: on a loaded 2-core machine that passes the suite's
// 120 s per file (a fresh-clone CI run beside other work timed out here).
t.setTimeout(300_000)

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

t.test('serves over a real socket: creates and migrates the database, signs up, signs in', async (t) => {
  const dir = tempDir(t)
  const database = join(dir, 'nested', 'app.db')
  const server = await start(t, { JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: `file:${database}` })
  t.ok(existsSync(database), 'the database file was created')

  t.same(await (await fetch(`${server.url}/ready`)).json(), { status: 'ready' }, 'migrated')
  const signup = await fetch(`${server.url}/v1/auth/signup`, json({ email: 'sock@example.com', username: 'sock', password: 'correct horse battery' }))
  t.equal(signup.status, 201)
  const { accessToken } = await signup.json() as { accessToken: string }
  const me = await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } })
  t.equal(me.status, 200)
  t.equal((await me.json() as { username: string }).username, 'sock')
  t.ok(me.headers.get('x-request-id'), 'request id echoed')
})

t.test('SIGTERM: in-flight requests finish, then the process exits cleanly', async (t) => {
  const dir = tempDir(t)
  const server = await start(t, { JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: `file:${join(dir, 'app.db')}` })
  // Signup hashes with argon2, so it is still in flight when the signal lands.
  const inFlight = fetch(`${server.url}/v1/auth/signup`, json({ email: 'late@example.com', username: 'late', password: 'correct horse battery' }))
  await new Promise((resolve) => setTimeout(resolve, 15))
  server.child.kill('SIGTERM')
  const response = await inFlight
  t.equal(response.status, 201, 'the in-flight request completed')
  const [code] = await once(server.child, 'exit')
  t.equal(code, 0, 'exit code 0')
  t.match(server.output(), /closing: finishing in-flight requests/)
  await t.rejects(fetch(`${server.url}/health`), 'no longer accepting connections')
})

t.test('without JWT_SECRET in development, a secret is generated once, kept with mode 0600, and reused', async (t) => {
  const cwd = tempDir(t)
  const env = { NODE_ENV: 'development', DATABASE_URL: `file:${join(cwd, 'app.db')}` }
  const first = await start(t, env, { cwd })
  t.match(first.output(), /JWT_SECRET is not set/, 'warns loudly')
  const secretFile = join(cwd, 'data', 'jwt-secret')
  t.equal(statSync(secretFile).mode & 0o777, 0o600)
  const signup = await fetch(`${first.url}/v1/auth/signup`, json({ email: 'dev@example.com', username: 'devuser', password: 'correct horse battery' }))
  const { accessToken } = await signup.json() as { accessToken: string }
  first.child.kill('SIGTERM')
  await once(first.child, 'exit')

  const second = await start(t, env, { cwd })
  const me = await fetch(`${second.url}/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } })
  t.equal(me.status, 200, 'a token from before the restart is still valid: same secret')
})

t.test('in production the server refuses to start without a strong JWT secret', async (t) => {
  const missing = await exitOf(t, { NODE_ENV: 'production' })
  t.equal(missing.code, 1)
  t.match(missing.output, /JWT_SECRET is required/)
  const weak = await exitOf(t, { NODE_ENV: 'production', JWT_SECRET: 'short' })
  t.equal(weak.code, 1)
  t.match(weak.output, /JWT_SECRET is invalid/)
})

t.test('a bad environment variable stops the start with a message naming it', async (t) => {
  const result = await exitOf(t, { JWT_SECRET: TEST_JWT_SECRET, ACCESS_TOKEN_TTL: 'soon' })
  t.equal(result.code, 1)
  t.match(result.output, /ACCESS_TOKEN_TTL/)
})

t.test('`npm start` builds, serves, and hands SIGTERM to the server itself (graceful under npm too)', async (t) => {
  const dir = tempDir(t)
  const server = await start(t, { JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: `file:${join(dir, 'app.db')}`, NODE_ENV: 'production' }, {
    command: ['npm', 'start', '--silent'], timeoutMs: 100_000 // the build comes first
  })
  t.equal((await fetch(`${server.url}/health`)).status, 200)
  server.child.kill('SIGTERM') // npm's PID, as a process manager would signal it
  const [code] = await once(server.child, 'exit')
  t.match(server.output(), /closing: finishing in-flight requests/, 'the server itself received the signal')
  t.equal(code, 0)
})
