// Two server processes behind no balancer, sharing the database of this run (one SQLite file, or a PostgreSQL
// database), one Redis and one S3 server, as N nodes would: what one node counts, ends or stores, the other sees.
import { connect } from 'node:net'
import { utimesSync } from 'node:fs'
import { join } from 'node:path'
import { once } from 'node:events'
import t, { type Test } from 'tap'
import { databaseEnv, freshDatabase, testDataDir } from './helpers/build.js'
import { filePart, filesUnder, multipart } from './helpers/files.js'
import { needsRedis, redisKeyPrefix, requireRedisUrl } from './helpers/redis.js'
import { startS3rver, type S3rver } from './helpers/s3rver.js'
import { SERVER_JWT_SECRET, startServer, type ServerProcess } from './helpers/server-process.js'

// Two to four real server processes and an S3 server: slow to start on a loaded 2-core machine.
t.setTimeout(300_000)

const PASSWORD = 'correct horse battery staple'
const AUTH_LIMIT = 12
const ACCOUNT_LIMIT = 3

interface Cluster {
  nodeEnv: (uploadDir: string) => Record<string, string>
  s3: S3rver
  /** The keys of the complete objects in the bucket, read from s3rver's directory (`<key>._S3rver_object`). */
  objects: () => string[]
}

async function cluster (t: Test): Promise<Cluster> {
  const redisUrl = requireRedisUrl(t)
  const databaseUrl = await freshDatabase(t)
  const s3 = await startS3rver(t)
  const prefix = redisKeyPrefix(t, redisUrl)
  return {
    s3,
    objects: () => filesUnder(join(s3.directory, s3.bucket))
      .filter((path) => path.endsWith('._S3rver_object'))
      .map((path) => path.slice(0, -'._S3rver_object'.length)),
    // Each node has its own scratch space (UPLOAD_DIR): only the database, Redis and the bucket are shared.
    nodeEnv: (uploadDir) => ({
      ...databaseEnv(databaseUrl),
      UPLOAD_DIR: uploadDir,
      NODE_ENV: 'test',
      JWT_SECRET: SERVER_JWT_SECRET,
      STORAGE_MIN_FREE_BYTES: '0',
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_REGION: s3.region,
      S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      RATE_LIMIT_MAX: '100000',
      AUTH_RATE_LIMIT_MAX: String(AUTH_LIMIT),
      LOGIN_ACCOUNT_RATE_LIMIT_MAX: String(ACCOUNT_LIMIT)
    })
  }
}

async function startNode (t: Test, env: Record<string, string>): Promise<ServerProcess> {
  return await startServer(t, env)
}

const post = async (url: string, body: unknown, headers: Record<string, string> = {}) =>
  await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

async function signUp (node: ServerProcess, name: string) {
  const response = await post(`${node.url}/v1/auth/signup`, { email: `${name}@example.com`, username: name, password: PASSWORD })
  if (response.status !== 201) throw new Error(`signup: ${response.status} ${await response.text()}`)
  return await response.json() as { accessToken: string, refreshToken: string }
}

async function within (ms: number, condition: () => Promise<boolean>): Promise<number> {
  const started = Date.now()
  while (!(await condition())) {
    if (Date.now() - started > ms) return Infinity
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return Date.now() - started
}

t.test('two nodes share limits, sessions, files and refresh answers', needsRedis(), async (t) => {
  const shared = await cluster(t)
  const [a, b] = [
    await startNode(t, shared.nodeEnv(join(testDataDir(t), 'a'))),
    await startNode(t, shared.nodeEnv(join(testDataDir(t), 'b')))
  ]
  const nodes = [a, b]

  await t.test('the account throttle counts failures on both nodes', async (t) => {
    await signUp(a, 'throttled')
    for (let attempt = 0; attempt < ACCOUNT_LIMIT; attempt++) {
      const response = await post(`${nodes[attempt % 2].url}/v1/auth/login`, { login: 'throttled', password: 'wrong password!!' })
      t.equal(response.status, 401, `failure ${attempt + 1} on node ${'ab'[attempt % 2]}`)
    }
    const locked = await post(`${b.url}/v1/auth/login`, { login: 'throttled', password: PASSWORD })
    t.equal(locked.status, 429, 'the right password is refused on either node once the account is throttled')
    t.ok(Number(locked.headers.get('retry-after')) > 0)
  })

  await t.test('the per-IP login limit counts requests on both nodes', async (t) => {
    // The throttle test spent ACCOUNT_LIMIT + 1 of this window's login requests.
    let spent = ACCOUNT_LIMIT + 1
    const remaining: number[] = []
    while (spent < AUTH_LIMIT) {
      // A new login text each time: the account throttle counts per text, and this is about the per-IP limit.
      const response = await post(`${nodes[spent % 2].url}/v1/auth/login`, { login: `nobody${spent}`, password: 'wrong password!!' })
      t.equal(response.status, 401)
      remaining.push(Number(response.headers.get('ratelimit-remaining')))
      spent++
    }
    t.same(remaining, remaining.map((_, index) => AUTH_LIMIT - (ACCOUNT_LIMIT + 2) - index), 'one count, whichever node answers')
    for (const node of nodes) {
      const response = await post(`${node.url}/v1/auth/login`, { login: 'nobody', password: PASSWORD })
      t.equal(response.status, 429)
      t.equal((await response.json() as { code: string }).code, 'rate_limited')
    }
  })

  await t.test('logout on node A ends the access token on node B within a second', async (t) => {
    const account = await signUp(a, 'leaver')
    t.equal((await fetch(`${b.url}/v1/me`, { headers: bearer(account.accessToken) })).status, 200, 'B has the session cached')
    const logout = await post(`${a.url}/v1/auth/logout`, {}, bearer(account.accessToken))
    t.equal(logout.status, 204)
    const took = await within(1000, async () =>
      (await fetch(`${b.url}/v1/me`, { headers: bearer(account.accessToken) })).status === 401)
    t.ok(took <= 1000, `B refused the token ${took} ms after the logout`)
  })

  await t.test('a refresh token rotated on A and replayed on B within the grace window gets the live token', async (t) => {
    const account = await signUp(a, 'twotabs')
    const rotated = await post(`${a.url}/v1/auth/refresh`, { refreshToken: account.refreshToken })
    t.equal(rotated.status, 200)
    const replay = await post(`${b.url}/v1/auth/refresh`, { refreshToken: account.refreshToken })
    t.equal(replay.status, 200, 'as on one node: not reuse')
    const [first, second] = [await rotated.json(), await replay.json()] as Array<{ refreshToken: string }>
    t.equal(second.refreshToken, first.refreshToken, 'the one live token, not a second chain')
  })

  await t.test('a file uploaded through A is served, ranged and deleted through B', async (t) => {
    const account = await signUp(a, 'uploader')
    const content = 'shared bytes '.repeat(1000)
    const body = multipart([filePart(content, 'shared.txt', 'text/plain')])
    const uploaded = await fetch(`${a.url}/v1/files`, {
      method: 'POST', headers: { ...body.headers, ...bearer(account.accessToken) }, body: body.payload
    })
    t.equal(uploaded.status, 201)
    const [file] = (await uploaded.json() as { files: Array<{ id: string }> }).files
    const served = await fetch(`${b.url}/v1/files/${file.id}/content`, { headers: bearer(account.accessToken) })
    t.equal(served.status, 200)
    t.equal(await served.text(), content)
    const ranged = await fetch(`${b.url}/v1/files/${file.id}/content`, { headers: { ...bearer(account.accessToken), range: 'bytes=13-25' } })
    t.equal(ranged.status, 206)
    t.equal(ranged.headers.get('content-range'), `bytes 13-25/${content.length}`)
    t.equal(await ranged.text(), content.slice(13, 26))
    const deleted = await fetch(`${b.url}/v1/files/${file.id}`, { method: 'DELETE', headers: bearer(account.accessToken) })
    t.equal(deleted.status, 204)
    t.equal((await fetch(`${a.url}/v1/files/${file.id}/content`, { headers: bearer(account.accessToken) })).status, 404)
    t.same(shared.objects().filter((key) => key.includes(file.id)), [], 'no object is left in the bucket')
  })
})

t.test('a node killed mid-upload leaves no row and, once the other node has swept, no object', needsRedis(), async (t) => {
  const shared = await cluster(t)
  const a = await startNode(t, shared.nodeEnv(join(testDataDir(t), 'a')))
  const bDir = join(testDataDir(t), 'b')
  const b = await startNode(t, shared.nodeEnv(bDir))
  const account = await signUp(b, 'killed')

  // A first part that A stores completely, then a large one A is still receiving when it dies.
  const body = multipart([
    filePart('complete first part', 'first.txt', 'text/plain'),
    filePart('x'.repeat(8 * 1024 * 1024), 'big.txt', 'text/plain')
  ])
  const { port } = new URL(a.url)
  const socket = connect(Number(port), '127.0.0.1')
  await once(socket, 'connect')
  socket.on('error', () => {})
  socket.write([
    'POST /v1/files HTTP/1.1', `Host: 127.0.0.1:${port}`, `Authorization: Bearer ${account.accessToken}`,
    `Content-Type: ${body.headers['content-type']}`, `Content-Length: ${body.payload.length}`, '', ''
  ].join('\r\n'))
  socket.write(body.payload.subarray(0, body.payload.length / 2))
  const stored = await within(20_000, async () => shared.objects().some((key) => key.startsWith('files/')))
  t.ok(stored < Infinity, 'A stored the first part before it died')
  a.child.kill('SIGKILL')
  await once(a.child, 'exit')
  socket.destroy()

  const listed = await fetch(`${b.url}/v1/files`, { headers: bearer(account.accessToken) })
  t.same((await listed.json() as { items: unknown[] }).items, [], 'no row: the upload never committed')

  t.ok(shared.objects().some((key) => key.startsWith('files/')), 'the orphan is left until a sweep takes it')

  // B sweeps at start and hourly, leaving anything younger than an hour (it may be another node's upload in
  // flight). Back-dating the leftovers by two hours stands for that hour; restarting B runs its sweep now.
  const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000)
  for (const path of filesUnder(shared.s3.directory)) {
    utimesSync(join(shared.s3.directory, path), twoHoursAgo, twoHoursAgo)
  }
  b.child.kill('SIGTERM')
  await once(b.child, 'exit')
  const restarted = await startNode(t, shared.nodeEnv(bDir))
  const swept = await within(10_000, async () => shared.objects().length === 0)
  t.ok(swept < Infinity, `no object is left (${shared.objects().join(', ')})`)
  t.equal((await fetch(`${restarted.url}/ready`)).status, 200)
})
