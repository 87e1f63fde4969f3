// `npm run bench`: the built app (dist/server.js) and its baselines, started in the same
// run and driven on 127.0.0.1: the cheap routes by wrk with the server and wrk pinned to
// separate cores, the rest (argon2, renders, uploads, fixed-rate probes) by autocannon.
// Prints a markdown table (req/s, p50/p99, ratio to each scenario's baseline, targets,
// how each row was driven) and writes bench/results/latest.json.
// BENCH_DURATION sets the seconds of load per side of each comparison (default 10).
// A second app process runs on PostgreSQL (a database of its own on the server BENCH_DATABASE_URL
// names, the local one by default) for GET /v1/me, login, refresh and the upload, in the same rounds.
import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import type autocannon from 'autocannon'
import { perConnection, postJson, tally } from './lib/clients.js'
import { abba, load, merge, type Measure } from './lib/load.js'
import { createBenchDatabase, DEFAULT_SERVER_URL, redacted } from './lib/postgres.js'
import { onCleanup, pids, startServer, stopAll } from './lib/processes.js'
import { describeMachine, machineLine, markdownTable, type Row } from './lib/report.js'
import { requireWrk, wrk, wrkDriver, type WrkMeasure, type WrkOptions } from './lib/wrk.js'
import { benchImages, benchUploads, RENDER_CONNECTIONS, UPLOAD_BYTES } from './media.js'
import { benchTwoNodes } from './two-nodes.js'
import { redisReachable } from './lib/redis.js'
import { DEFAULT_CONNECTION_LIMIT } from '../src/db/database-url.js'

const root = new URL('..', import.meta.url).pathname
const resultsDir = join(root, 'bench/results')
const SECONDS = Number(process.env.BENCH_DURATION ?? 10)
const HALF = Math.max(1, Math.round(SECONDS / 2))
const PASSWORD = 'correct horse battery staple'
const RAISED_LIMIT = '100000000'
const ARGON2 = { ARGON2_MEMORY_KIB: '19456', ARGON2_ITERATIONS: '2', ARGON2_PARALLELISM: '1' }
const CHEAP_CONNECTIONS = 50
const ARGON2_CONNECTIONS = 8
const PROBE = { connections: 2, overallRate: 100 }
const CONCURRENT = 50
// The 100 MiB upload needs room: one file may be 128 MiB, a user may keep 1 GiB.
const UPLOAD_LIMITS = { UPLOAD_MAX_BYTES: '128mb', UPLOAD_QUOTA_BYTES: '1024mb' }
// One bench user drives every render connection: its fair share is the whole pool, so the render row
// measures the render path (the pool's fairness is tested, not benchmarked).
const RENDER_SHARES = { IMAGE_MAX_PER_CLIENT: String(availableParallelism()), IMAGE_QUEUE_PER_CLIENT: '16' }

const started = Date.now()
const progress = (message: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`)

/** One unmeasured second of each load first, so neither side's first round pays for JIT warm-up. */
async function warmUp (targets: Array<Omit<WrkOptions, 'seconds'>>): Promise<void> {
  for (const target of targets) await wrk({ ...target, seconds: 1 })
}
const AUTOCANNON = 'autocannon (Node, in the bench process), unpinned'

const clean = (measure: Measure) => measure.non2xx === 0 && measure.errors === 0
const problems = (measure: Measure) => [
  measure.non2xx > 0 ? `${measure.non2xx} non-2xx` : '',
  measure.errors > 0 ? `${measure.errors} errors/timeouts` : ''
].filter(Boolean).join(', ') || undefined
const percent = (ratio: number) => `${Math.round(ratio * 100)}%`
const notes = (...parts: Array<string | undefined>) => parts.filter(Boolean).join('; ') || undefined

interface BenchUser { username: string, accessToken: string }

async function main () {
  requireWrk()
  if (!existsSync(join(root, 'dist/server.js'))) throw new Error('dist/server.js is missing: run `npm run bench` (it builds first) or `npm run build`')
  const machine = describeMachine()
  const dataDir = mkdtempSync(join(tmpdir(), 'userbase-bench-'))
  onCleanup(() => rmSync(dataDir, { recursive: true, force: true }))
  mkdirSync(resultsDir, { recursive: true })
  const appLog = openSync(join(resultsDir, 'app.log'), 'w')
  onCleanup(() => closeSync(appLog))
  const jwtSecret = randomBytes(48).toString('base64')
  const serverUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER_URL
  const database = await createBenchDatabase(serverUrl)
  if (database.reachable) {
    onCleanup(database.drop)
    progress(`PostgreSQL ${database.serverVersion} at ${redacted(serverUrl)}: database ${database.name} for the run`)
  } else {
    progress(`PostgreSQL at ${redacted(serverUrl)} is unreachable (${database.reason}): measuring the app on SQLite only`)
  }
  const pgLog = database.reachable ? openSync(join(resultsDir, 'app-postgresql.log'), 'w') : undefined
  if (pgLog !== undefined) onCleanup(() => closeSync(pgLog))

  const staticFile = join(dataDir, 'variant.webp')
  const bytesFile = join(dataDir, 'avatar.png')
  progress(`starting the app${database.reachable ? ' on SQLite and on PostgreSQL' : ''} and the four baselines`)
  const tsx = ['--import', 'tsx']
  const appEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    JWT_SECRET: jwtSecret,
    ...ARGON2,
    // Raised so the load measures the code paths, not the limiters' 429s.
    RATE_LIMIT_MAX: RAISED_LIMIT,
    AUTH_RATE_LIMIT_MAX: RAISED_LIMIT,
    LOGIN_ACCOUNT_RATE_LIMIT_MAX: RAISED_LIMIT,
    IMAGE_RATE_LIMIT_MAX: RAISED_LIMIT,
    ...UPLOAD_LIMITS,
    ...RENDER_SHARES
  }
  const [app, bare, floor, raw, media, appPg] = await Promise.all([
    startServer({
      name: 'app (dist/server.js)',
      args: ['dist/server.js'],
      stdout: appLog,
      env: { ...appEnv, DATABASE_URL: `file:${join(dataDir, 'bench.db')}` }
    }),
    startServer({ name: 'bare Fastify baseline', args: [...tsx, 'bench/baselines/bare.ts'], env: {} }),
    startServer({ name: 'JWT + SQLite baseline', args: [...tsx, 'bench/baselines/jwt-sqlite.ts'], env: { JWT_SECRET: jwtSecret, BENCH_DATA_DIR: dataDir } }),
    startServer({ name: 'argon2 baseline', args: [...tsx, 'bench/baselines/argon2.ts'], env: { ...ARGON2, BENCH_PASSWORD: PASSWORD } }),
    startServer({ name: 'media baseline', args: [...tsx, 'bench/baselines/media.ts'], env: { BENCH_STATIC_FILE: staticFile, BENCH_BYTES_FILE: bytesFile } }),
    database.reachable
      ? startServer({
        name: 'app on PostgreSQL (dist/server.js)',
        args: ['dist/server.js'],
        stdout: pgLog,
        // Blobs and mail on the same disk as the SQLite app's, in directories of its own.
        env: { ...appEnv, DATABASE_URL: database.url, UPLOAD_DIR: join(dataDir, 'pg-uploads'), MAIL_OUTBOX_DIR: join(dataDir, 'pg-outbox') }
      })
      : undefined
  ])
  if ((await postJson(`${raw}/verify`, { password: PASSWORD })).body.ok !== true) throw new Error('the argon2 baseline does not verify the bench password')

  const rows: Row[] = []
  const report = (row: Row) => {
    rows.push(row)
    const ratio = row.ratio === undefined ? '' : `, ${percent(row.ratio)}${row.baseline === undefined ? '' : ` of ${row.baseline.name}`}`
    const figures = row.measure === undefined ? '' : `: ${Math.round(row.measure.reqPerSec)} req/s, p50 ${row.measure.p50} ms, p99 ${row.measure.p99} ms`
    progress(`${row.scenario}${figures}${ratio}${row.note === undefined ? '' : ` (${row.note})`}`)
  }
  const name = (index: number) => `bench${index}`

  // 50 concurrent signups; then 50 concurrent logins and 50 more signups, all at once.
  progress(`${CONCURRENT} concurrent signups`)
  let at = Date.now()
  const signups = await Promise.all(Array.from({ length: CONCURRENT }, async (_, i) =>
    await postJson(`${app}/v1/auth/signup`, { email: `${name(i)}@example.com`, username: name(i), password: PASSWORD })))
  const signupTally = tally(signups, 201)
  report({ scenario: `${CONCURRENT} concurrent signups`, target: 'all complete', met: signupTally.ok === CONCURRENT, note: `${signupTally.ok}/${CONCURRENT} in ${((Date.now() - at) / 1000).toFixed(1)} s${signupTally.failures.length > 0 ? `; failures: ${[...new Set(signupTally.failures)].join(', ')}` : ''}` })
  const users: BenchUser[] = signups.flatMap((reply, i) =>
    reply.status === 201 ? [{ username: name(i), accessToken: reply.body.accessToken as string }] : [])
  if (users.length === 0) throw new Error('no signup succeeded: nothing to measure')

  at = Date.now()
  const [logins, moreSignups] = await Promise.all([
    Promise.all(users.slice(0, CONCURRENT).map(async ({ username }) => await postJson(`${app}/v1/auth/login`, { login: username, password: PASSWORD }))),
    Promise.all(Array.from({ length: CONCURRENT }, async (_, i) =>
      await postJson(`${app}/v1/auth/signup`, { email: `${name(CONCURRENT + i)}@example.com`, username: name(CONCURRENT + i), password: PASSWORD })))
  ])
  const loginTally = tally(logins, 200)
  const moreTally = tally(moreSignups, 201)
  const failures = [...new Set([...loginTally.failures, ...moreTally.failures])]
  report({
    scenario: `${CONCURRENT} concurrent logins + ${CONCURRENT} concurrent signups at once`,
    target: 'all complete',
    met: loginTally.ok === CONCURRENT && moreTally.ok === CONCURRENT,
    note: `logins ${loginTally.ok}/${CONCURRENT}, signups ${moreTally.ok}/${CONCURRENT} in ${((Date.now() - at) / 1000).toFixed(1)} s${failures.length > 0 ? `; failures: ${failures.join(', ')}` : ''}`
  })
  const appRefreshTokens = [...logins, ...moreSignups]
    .flatMap((reply) => reply.status < 300 ? [reply.body.refreshToken as string] : [])

  // The app on PostgreSQL gets its own users (and their sessions start its refresh pool).
  let pgUsers: BenchUser[] = []
  const pgRefreshTokens: string[] = []
  if (appPg !== undefined) {
    progress(`${CONCURRENT} concurrent signups on the app on PostgreSQL`)
    at = Date.now()
    const pgSignups = await Promise.all(Array.from({ length: CONCURRENT }, async (_, i) =>
      await postJson(`${appPg}/v1/auth/signup`, { email: `${name(i)}@example.com`, username: name(i), password: PASSWORD })))
    const pgTally = tally(pgSignups, 201)
    report({ scenario: `${CONCURRENT} concurrent signups (PostgreSQL)`, target: 'all complete', met: pgTally.ok === CONCURRENT, note: `${pgTally.ok}/${CONCURRENT} in ${((Date.now() - at) / 1000).toFixed(1)} s${pgTally.failures.length > 0 ? `; failures: ${[...new Set(pgTally.failures)].join(', ')}` : ''}` })
    pgUsers = pgSignups.flatMap((reply, i) =>
      reply.status === 201 ? [{ username: name(i), accessToken: reply.body.accessToken as string }] : [])
    pgRefreshTokens.push(...pgSignups.flatMap((reply) =>
      reply.status === 201 ? [reply.body.refreshToken as string] : []))
    if (pgUsers.length === 0) throw new Error('no signup succeeded on PostgreSQL: nothing to measure there')
  }

  // GET /health vs bare Fastify.
  const pidOf = (url: string) => pids.get(url) as number
  const WRK = wrkDriver(CHEAP_CONNECTIONS)
  progress(`GET /health vs bare Fastify: ${HALF} s rounds, baseline-app-app-baseline, ${WRK}`)
  const bareHealth = { url: `${bare}/health`, serverPid: pidOf(bare), connections: CHEAP_CONNECTIONS }
  const appHealth = { url: `${app}/health`, serverPid: pidOf(app), connections: CHEAP_CONNECTIONS }
  await warmUp([bareHealth, appHealth])
  const health = await abba(
    async () => await wrk({ ...bareHealth, seconds: HALF }),
    async () => await wrk({ ...appHealth, seconds: HALF }))
  const healthApp = merge(health.app)
  const healthBare = merge(health.baseline)
  const healthRatio = healthApp.reqPerSec / healthBare.reqPerSec
  report({ scenario: 'GET /health', measure: healthApp, baseline: { name: 'bare Fastify', measure: healthBare }, ratio: healthRatio, target: '≥ 70%', met: healthRatio >= 0.7 && clean(healthApp), driver: WRK, note: problems(healthApp) })

  // GET /v1/me, each connection with its own user's token, vs JWT verify + raw SQLite lookup.
  progress(`GET /v1/me vs JWT + raw SQLite${appPg === undefined ? '' : ' (floor, SQLite, PostgreSQL, PostgreSQL, SQLite, floor)'}: ${WRK}, ${CHEAP_CONNECTIONS} users' tokens taken in turn`)
  const floorSessions = await Promise.all(Array.from({ length: CHEAP_CONNECTIONS }, async (_, index) => await postJson(`${floor}/sessions`, { index })))
  const floorMe = { url: `${floor}/me`, serverPid: pidOf(floor), connections: CHEAP_CONNECTIONS, script: 'tokens' as const, tokens: floorSessions.map((reply) => reply.body.accessToken as string) }
  const appMe = { url: `${app}/v1/me`, serverPid: pidOf(app), connections: CHEAP_CONNECTIONS, script: 'tokens' as const, tokens: users.slice(0, CHEAP_CONNECTIONS).map((user) => user.accessToken) }
  const pgMe = appPg === undefined
    ? undefined
    : { url: `${appPg}/v1/me`, serverPid: pidOf(appPg), connections: CHEAP_CONNECTIONS, script: 'tokens' as const, tokens: pgUsers.slice(0, CHEAP_CONNECTIONS).map((user) => user.accessToken) }
  await warmUp([floorMe, appMe, ...(pgMe === undefined ? [] : [pgMe])])
  const me = await abba(
    async () => await wrk({ ...floorMe, seconds: HALF }),
    async () => await wrk({ ...appMe, seconds: HALF }),
    pgMe === undefined ? undefined : async () => await wrk({ ...pgMe, seconds: HALF }))
  const meApp = merge(me.app)
  const meFloor = merge(me.baseline)
  const meRatio = meApp.reqPerSec / meFloor.reqPerSec
  report({ scenario: 'GET /v1/me', measure: meApp, baseline: { name: 'JWT verify + raw SQLite PK lookup', measure: meFloor }, ratio: meRatio, target: '≥ 80%', met: meRatio >= 0.8 && clean(meApp), driver: WRK, note: problems(meApp) ?? problems(meFloor) })
  if (me.second.length > 0) {
    const mePg = merge(me.second)
    const ratio = mePg.reqPerSec / meApp.reqPerSec
    report({ scenario: 'GET /v1/me (PostgreSQL)', measure: mePg, baseline: { name: 'the app on SQLite, same rounds', measure: meApp }, ratio, target: '≥ 80% of SQLite', met: ratio >= 0.8 && clean(mePg), driver: WRK, note: notes(`${percent(mePg.reqPerSec / meFloor.reqPerSec)} of the JWT verify + raw SQLite floor`, problems(mePg)) })
  }

  // POST /v1/auth/login vs raw argon2 verify, same connections; a fixed-rate
  // GET /health probe runs alongside on each side. Logins' refresh tokens feed the refresh pool.
  progress(`POST /v1/auth/login vs raw argon2id verify: ${ARGON2_CONNECTIONS} connections, with a ${PROBE.overallRate} req/s GET /health probe alongside`)
  const harvestInto = (pool: string[]): autocannon.Request[] => [{
    method: 'POST',
    onResponse: (status, body) => {
      if (status === 200) pool.push((JSON.parse(body) as { refreshToken: string }).refreshToken)
    }
  }]
  const loginBodiesOf = (people: BenchUser[]) =>
    people.map((user) => JSON.stringify({ login: user.username, password: PASSWORD }))
  const appLogin = async (base: string, people: BenchUser[], pool: string[]) => await underLoad(load({
    url: `${base}/v1/auth/login`,
    method: 'POST',
    connections: ARGON2_CONNECTIONS,
    seconds: HALF,
    requests: harvestInto(pool),
    setupClient: perConnection(loginBodiesOf(people), (client, body) => client.setBody(body))
  }), `${base}/health`)
  const underLoad = async (target: Promise<Measure>, probeUrl: string) => {
    const [measure, probe] = await Promise.all([target, load({ url: probeUrl, ...PROBE, seconds: HALF })])
    return { measure, probe }
  }
  const login = await abba(
    async () => await underLoad(load({ url: `${raw}/verify`, method: 'POST', connections: ARGON2_CONNECTIONS, seconds: HALF, body: JSON.stringify({ password: PASSWORD }) }), `${raw}/health`),
    async () => await appLogin(app, users, appRefreshTokens),
    appPg === undefined ? undefined : async () => await appLogin(appPg, pgUsers, pgRefreshTokens))
  const loginApp = merge(login.app.map((side) => side.measure))
  const loginRaw = merge(login.baseline.map((side) => side.measure))
  const loginRatio = loginApp.reqPerSec / loginRaw.reqPerSec
  report({ scenario: 'POST /v1/auth/login', measure: loginApp, baseline: { name: 'raw argon2id verify over HTTP', measure: loginRaw }, ratio: loginRatio, target: '≥ 80%', met: loginRatio >= 0.8 && clean(loginApp), driver: `${AUTOCANNON}, ${ARGON2_CONNECTIONS} connections`, note: problems(loginApp) ?? problems(loginRaw) })
  if (login.second.length > 0) {
    const loginPg = merge(login.second.map((side) => side.measure))
    const ratio = loginPg.reqPerSec / loginRaw.reqPerSec
    const probePg = merge(login.second.map((side) => side.probe))
    report({ scenario: 'POST /v1/auth/login (PostgreSQL)', measure: loginPg, baseline: { name: 'raw argon2id verify over HTTP', measure: loginRaw }, ratio, target: '≥ 80%', met: ratio >= 0.8 && clean(loginPg), driver: `${AUTOCANNON}, ${ARGON2_CONNECTIONS} connections`, note: notes(`GET /health probe p99 ${probePg.p99} ms alongside`, problems(loginPg)) })
  }
  const probeApp = merge(login.app.map((side) => side.probe))
  const probeRaw = merge(login.baseline.map((side) => side.probe))
  report({ scenario: `GET /health p99 while login is saturated (${PROBE.overallRate} req/s probe)`, measure: probeApp, baseline: { name: 'same probe on the argon2 baseline', measure: probeRaw }, target: 'p99 < 20 ms', met: probeApp.p99 < 20 && clean(probeApp), driver: `${AUTOCANNON}, fixed rate (wrk has none)`, note: problems(probeApp) })

  // POST /v1/auth/refresh: one unused refresh token per request (bench/wrk/refresh.lua).
  progress(`POST /v1/auth/refresh vs JWT sign + raw SQLite rotation: ${WRK}, pools of unused tokens (app: ${appRefreshTokens.length} sessions${appPg === undefined ? '' : `, on PostgreSQL: ${pgRefreshTokens.length}`})`)
  // Each load loses the tokens in flight when it stops (up to one per connection): keep a margin of sessions.
  const seedRefreshPool = async (base: string, people: BenchUser[], pool: string[]) => {
    while (pool.length < 8 * CHEAP_CONNECTIONS) {
      const more = await Promise.all(people.slice(0, ARGON2_CONNECTIONS).map(async ({ username }) => await postJson(`${base}/v1/auth/login`, { login: username, password: PASSWORD })))
      pool.push(...more.flatMap((reply) => reply.status === 200 ? [reply.body.refreshToken as string] : []))
      if (more.every((reply) => reply.status !== 200)) throw new Error(`logins fail on ${base}: cannot seed the refresh pool`)
    }
  }
  await seedRefreshPool(app, users, appRefreshTokens)
  if (appPg !== undefined) await seedRefreshPool(appPg, pgUsers, pgRefreshTokens)
  const floorSeed = await Promise.all(Array.from({ length: appRefreshTokens.length }, async (_, index) => (await postJson(`${floor}/sessions`, { index })).body.refreshToken as string))
  // Each round starts from the tokens the last one left unused.
  const pools = { app: appRefreshTokens, floor: floorSeed, pg: pgRefreshTokens }
  const totals = {
    app: { handedOut: 0, replayed: 0, exhausted: 0, refused: 0 },
    floor: { handedOut: 0, replayed: 0, exhausted: 0, refused: 0 },
    pg: { handedOut: 0, replayed: 0, exhausted: 0, refused: 0 }
  }
  const spend = async (side: 'app' | 'floor' | 'pg', seconds: number): Promise<WrkMeasure> => {
    const base = side === 'app' ? app : side === 'pg' ? appPg as string : floor
    const measure = await wrk({ url: `${base}${side === 'floor' ? '/refresh' : '/v1/auth/refresh'}`, serverPid: pidOf(base), connections: CHEAP_CONNECTIONS, seconds, script: 'refresh', tokens: pools[side] })
    pools[side] = measure.left
    for (const key of Object.keys(totals[side]) as Array<keyof typeof totals.app>) {
      totals[side][key] += measure.pool[key]
    }
    return measure
  }
  await spend('floor', 1)
  await spend('app', 1)
  if (appPg !== undefined) await spend('pg', 1)
  const refresh = await abba(
    async () => await spend('floor', HALF),
    async () => await spend('app', HALF),
    appPg === undefined ? undefined : async () => await spend('pg', HALF))
  const refreshApp = merge(refresh.app)
  const refreshFloor = merge(refresh.baseline)
  const refreshRatio = refreshApp.reqPerSec / refreshFloor.reqPerSec
  const pool = totals.app
  report({
    scenario: 'POST /v1/auth/refresh',
    measure: refreshApp,
    baseline: { name: 'JWT sign + raw SQLite rotation', measure: refreshFloor },
    ratio: refreshRatio,
    target: '≥ 40%',
    met: refreshRatio >= 0.4 && clean(refreshApp),
    driver: WRK,
    note: [`${appRefreshTokens.length} sessions, ${pool.handedOut} tokens handed out, ${pool.replayed} replayed`, pool.exhausted > 0 ? `${pool.exhausted} with the pool empty` : '', problems(refreshApp) ?? ''].filter(Boolean).join('; ')
  })
  if (refresh.second.length > 0) {
    const refreshPg = merge(refresh.second)
    const ratio = refreshPg.reqPerSec / refreshFloor.reqPerSec
    const pgPool = totals.pg
    report({
      scenario: 'POST /v1/auth/refresh (PostgreSQL)',
      measure: refreshPg,
      baseline: { name: 'JWT sign + raw SQLite rotation', measure: refreshFloor },
      ratio,
      target: '≥ 30%',
      met: ratio >= 0.3 && clean(refreshPg),
      driver: WRK,
      note: notes(
        `${pgRefreshTokens.length} sessions, ${pgPool.handedOut} tokens handed out, ${pgPool.replayed} replayed`,
        pgPool.exhausted > 0 ? `${pgPool.exhausted} with the pool empty` : undefined,
        `${percent(refreshPg.reqPerSec / refreshApp.reqPerSec)} of the app on SQLite`,
        problems(refreshPg))
    })
  }

  const mediaContext = {
    app,
    media,
    bare,
    token: users[0].accessToken,
    pg: appPg === undefined ? undefined : { app: appPg, token: pgUsers[0].accessToken },
    dataDir,
    staticFile,
    bytesFile,
    seconds: HALF,
    report,
    progress,
    autocannon: AUTOCANNON
  }
  await benchUploads(mediaContext)
  await benchImages(mediaContext)

  // Two nodes need PostgreSQL and Redis (BENCH_REDIS_URL, the local one by default).
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
  const redis = await redisReachable(redisUrl)
  if (database.reachable && redis.reachable) {
    await benchTwoNodes({
      env: { ...appEnv, DATABASE_URL: database.url, UPLOAD_DIR: join(dataDir, 'two-node-uploads'), MAIL_OUTBOX_DIR: join(dataDir, 'two-node-outbox') },
      redisUrl,
      seconds: HALF,
      password: PASSWORD,
      autocannon: AUTOCANNON,
      report,
      progress
    })
  } else {
    progress(`no two-node rows: ${database.reachable ? `Redis at ${redisUrl} is unreachable (${redis.reason})` : 'PostgreSQL is unreachable'}`)
  }

  progress('stopping the servers')
  await stopAll()
  const after = describeMachine()
  const settings = {
    secondsPerSide: 2 * HALF,
    rounds: appPg === undefined
      ? `baseline ${HALF} s, app ${HALF} s, app ${HALF} s, baseline ${HALF} s`
      : `baseline ${HALF} s, app ${HALF} s, app ${HALF} s, baseline ${HALF} s (with PostgreSQL: baseline, SQLite, PostgreSQL, PostgreSQL, SQLite, baseline)`,
    postgresql: database.reachable
      ? {
          server: redacted(serverUrl),
          version: database.serverVersion,
          database: database.name,
          connectionLimit: DEFAULT_CONNECTION_LIMIT
        }
      : { server: redacted(serverUrl), unreachable: database.reason },
    connections: { cheap: CHEAP_CONNECTIONS, argon2: ARGON2_CONNECTIONS, probe: PROBE },
    argon2: ARGON2,
    raisedRateLimits: {
      RATE_LIMIT_MAX: RAISED_LIMIT,
      AUTH_RATE_LIMIT_MAX: RAISED_LIMIT,
      LOGIN_ACCOUNT_RATE_LIMIT_MAX: RAISED_LIMIT,
      IMAGE_RATE_LIMIT_MAX: RAISED_LIMIT
    },
    upload: { bytes: UPLOAD_BYTES, content: 'UTF-8 text lines', ...UPLOAD_LIMITS },
    renderConnections: RENDER_CONNECTIONS,
    renderShares: RENDER_SHARES,
    cheapRoutes: WRK,
    refreshPools: {
      app: { ...totals.app, left: pools.app.length },
      floor: { ...totals.floor, left: pools.floor.length },
      ...(appPg === undefined ? {} : { pg: { ...totals.pg, left: pools.pg.length } })
    }
  }
  writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), machine, loadAverageAfter: after.loadAverage, settings, rows }, null, 2) + '\n')

  console.log(`\nRate limits raised for the run: RATE_LIMIT_MAX, AUTH_RATE_LIMIT_MAX, LOGIN_ACCOUNT_RATE_LIMIT_MAX and IMAGE_RATE_LIMIT_MAX = ${RAISED_LIMIT}.`)
  console.log(`Upload limits for the ${UPLOAD_BYTES / 1024 / 1024} MiB upload: ${Object.entries(UPLOAD_LIMITS).map(([key, value]) => `${key}=${value}`).join(', ')}.`)
  console.log(database.reachable
    ? `PostgreSQL ${database.serverVersion} at ${redacted(serverUrl)}, database ${database.name} (dropped at the end), the app's default pool (connection_limit ${DEFAULT_CONNECTION_LIMIT}); its server processes are not pinned.`
    : `PostgreSQL at ${redacted(serverUrl)} was unreachable (${database.reason}): the app on SQLite only.`)
  console.log(`Machine: ${machineLine(machine)} (after: ${after.loadAverage.join(' ')}).`)
  console.log(`Loads: ${settings.rounds} per comparison; p50/p99 are the worse of each side's two rounds.\n`)
  console.log(markdownTable(rows))
  console.log(`\nWritten to bench/results/latest.json; the app's warn/error log is bench/results/app.log${appPg === undefined ? '' : ' (on PostgreSQL: app-postgresql.log)'}.`)
  if (rows.some((row) => row.target === 'all complete' && row.met !== true)) process.exitCode = 1
}

try {
  await main()
} finally {
  await stopAll()
}
