// `npm run bench`: the built app (dist/server.js) and its baselines, started in the same
// run and driven on 127.0.0.1: the cheap routes by wrk with the server and wrk pinned to
// separate cores, the rest (argon2, renders, uploads, fixed-rate probes) by autocannon.
// Prints a markdown table (req/s, p50/p99, ratio to each scenario's baseline, targets,
// how each row was driven) and writes bench/results/latest.json.
// BENCH_DURATION sets the seconds of load per side of each comparison (default 10).
import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import type autocannon from 'autocannon'
import { perConnection, postJson, tally } from './lib/clients.js'
import { abba, load, merge, type Measure } from './lib/load.js'
import { onCleanup, pids, startServer, stopAll } from './lib/processes.js'
import { describeMachine, machineLine, markdownTable, type Row } from './lib/report.js'
import { requireWrk, wrk, wrkDriver, type WrkMeasure, type WrkOptions } from './lib/wrk.js'
import { benchImages, benchUploads, RENDER_CONNECTIONS, UPLOAD_BYTES } from './media.js'

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

  const staticFile = join(dataDir, 'variant.webp')
  const bytesFile = join(dataDir, 'avatar.png')
  progress('starting the app and the four baselines')
  const tsx = ['--import', 'tsx']
  const [app, bare, floor, raw, media] = await Promise.all([
    startServer({
      name: 'app (dist/server.js)',
      args: ['dist/server.js'],
      stdout: appLog,
      env: {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        JWT_SECRET: jwtSecret,
        DATABASE_URL: `file:${join(dataDir, 'bench.db')}`,
        ...ARGON2,
        // Raised so the load measures the code paths, not the limiters' 429s.
        RATE_LIMIT_MAX: RAISED_LIMIT,
        AUTH_RATE_LIMIT_MAX: RAISED_LIMIT,
        LOGIN_ACCOUNT_RATE_LIMIT_MAX: RAISED_LIMIT,
        IMAGE_RATE_LIMIT_MAX: RAISED_LIMIT,
        ...UPLOAD_LIMITS,
        ...RENDER_SHARES
      }
    }),
    startServer({ name: 'bare Fastify baseline', args: [...tsx, 'bench/baselines/bare.ts'], env: {} }),
    startServer({ name: 'JWT + SQLite baseline', args: [...tsx, 'bench/baselines/jwt-sqlite.ts'], env: { JWT_SECRET: jwtSecret, BENCH_DATA_DIR: dataDir } }),
    startServer({ name: 'argon2 baseline', args: [...tsx, 'bench/baselines/argon2.ts'], env: { ...ARGON2, BENCH_PASSWORD: PASSWORD } }),
    startServer({ name: 'media baseline', args: [...tsx, 'bench/baselines/media.ts'], env: { BENCH_STATIC_FILE: staticFile, BENCH_BYTES_FILE: bytesFile } })
  ])
  if ((await postJson(`${raw}/verify`, { password: PASSWORD })).body.ok !== true) throw new Error('the argon2 baseline does not verify the bench password')

  const rows: Row[] = []
  const report = (row: Row) => {
    rows.push(row)
    const ratio = row.ratio === undefined ? '' : `, ${Math.round(row.ratio * 100)}% of ${row.baseline?.name ?? ''}`
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
  const users = signups.flatMap((reply, i) =>
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
  progress(`GET /v1/me vs JWT + raw SQLite: ${WRK}, ${CHEAP_CONNECTIONS} users' tokens taken in turn`)
  const floorSessions = await Promise.all(Array.from({ length: CHEAP_CONNECTIONS }, async (_, index) => await postJson(`${floor}/sessions`, { index })))
  const floorMe = { url: `${floor}/me`, serverPid: pidOf(floor), connections: CHEAP_CONNECTIONS, script: 'tokens' as const, tokens: floorSessions.map((reply) => reply.body.accessToken as string) }
  const appMe = { url: `${app}/v1/me`, serverPid: pidOf(app), connections: CHEAP_CONNECTIONS, script: 'tokens' as const, tokens: users.slice(0, CHEAP_CONNECTIONS).map((user) => user.accessToken) }
  await warmUp([floorMe, appMe])
  const me = await abba(
    async () => await wrk({ ...floorMe, seconds: HALF }),
    async () => await wrk({ ...appMe, seconds: HALF }))
  const meApp = merge(me.app)
  const meFloor = merge(me.baseline)
  const meRatio = meApp.reqPerSec / meFloor.reqPerSec
  report({ scenario: 'GET /v1/me', measure: meApp, baseline: { name: 'JWT verify + raw SQLite PK lookup', measure: meFloor }, ratio: meRatio, target: '≥ 80%', met: meRatio >= 0.8 && clean(meApp), driver: WRK, note: problems(meApp) ?? problems(meFloor) })

  // POST /v1/auth/login vs raw argon2 verify, same connections; a fixed-rate
  // GET /health probe runs alongside on each side. Logins' refresh tokens feed the refresh pool.
  progress(`POST /v1/auth/login vs raw argon2id verify: ${ARGON2_CONNECTIONS} connections, with a ${PROBE.overallRate} req/s GET /health probe alongside`)
  const harvest: autocannon.Request[] = [{
    method: 'POST',
    onResponse: (status, body) => {
      if (status === 200) appRefreshTokens.push((JSON.parse(body) as { refreshToken: string }).refreshToken)
    }
  }]
  const loginBodies = users.map((user) => JSON.stringify({ login: user.username, password: PASSWORD }))
  const underLoad = async (target: Promise<Measure>, probeUrl: string) => {
    const [measure, probe] = await Promise.all([target, load({ url: probeUrl, ...PROBE, seconds: HALF })])
    return { measure, probe }
  }
  const login = await abba(
    async () => await underLoad(load({ url: `${raw}/verify`, method: 'POST', connections: ARGON2_CONNECTIONS, seconds: HALF, body: JSON.stringify({ password: PASSWORD }) }), `${raw}/health`),
    async () => await underLoad(load({
      url: `${app}/v1/auth/login`,
      method: 'POST',
      connections: ARGON2_CONNECTIONS,
      seconds: HALF,
      requests: harvest,
      setupClient: perConnection(loginBodies, (client, body) => client.setBody(body))
    }), `${app}/health`))
  const loginApp = merge(login.app.map((side) => side.measure))
  const loginRaw = merge(login.baseline.map((side) => side.measure))
  const loginRatio = loginApp.reqPerSec / loginRaw.reqPerSec
  report({ scenario: 'POST /v1/auth/login', measure: loginApp, baseline: { name: 'raw argon2id verify over HTTP', measure: loginRaw }, ratio: loginRatio, target: '≥ 80%', met: loginRatio >= 0.8 && clean(loginApp), driver: `${AUTOCANNON}, ${ARGON2_CONNECTIONS} connections`, note: problems(loginApp) ?? problems(loginRaw) })
  const probeApp = merge(login.app.map((side) => side.probe))
  const probeRaw = merge(login.baseline.map((side) => side.probe))
  report({ scenario: `GET /health p99 while login is saturated (${PROBE.overallRate} req/s probe)`, measure: probeApp, baseline: { name: 'same probe on the argon2 baseline', measure: probeRaw }, target: 'p99 < 20 ms', met: probeApp.p99 < 20 && clean(probeApp), driver: `${AUTOCANNON}, fixed rate (wrk has none)`, note: problems(probeApp) })

  // POST /v1/auth/refresh: one unused refresh token per request (bench/wrk/refresh.lua).
  progress(`POST /v1/auth/refresh vs JWT sign + raw SQLite rotation: ${WRK}, pools of unused tokens (app: ${appRefreshTokens.length} sessions)`)
  // Each load loses the tokens in flight when it stops (up to one per connection): keep a margin of sessions.
  while (appRefreshTokens.length < 8 * CHEAP_CONNECTIONS) {
    const more = await Promise.all(users.slice(0, ARGON2_CONNECTIONS).map(async ({ username }) => await postJson(`${app}/v1/auth/login`, { login: username, password: PASSWORD })))
    appRefreshTokens.push(...more.flatMap((reply) => reply.status === 200 ? [reply.body.refreshToken as string] : []))
    if (more.every((reply) => reply.status !== 200)) throw new Error('logins fail: cannot seed the refresh pool')
  }
  const floorSeed = await Promise.all(Array.from({ length: appRefreshTokens.length }, async (_, index) => (await postJson(`${floor}/sessions`, { index })).body.refreshToken as string))
  // Each round starts from the tokens the last one left unused.
  const pools = { app: appRefreshTokens, floor: floorSeed }
  const totals = {
    app: { handedOut: 0, replayed: 0, exhausted: 0, refused: 0 },
    floor: { handedOut: 0, replayed: 0, exhausted: 0, refused: 0 }
  }
  const spend = async (side: 'app' | 'floor', seconds: number): Promise<WrkMeasure> => {
    const base = side === 'app' ? app : floor
    const measure = await wrk({ url: `${base}${side === 'app' ? '/v1/auth/refresh' : '/refresh'}`, serverPid: pidOf(base), connections: CHEAP_CONNECTIONS, seconds, script: 'refresh', tokens: pools[side] })
    pools[side] = measure.left
    for (const key of Object.keys(totals[side]) as Array<keyof typeof totals.app>) {
      totals[side][key] += measure.pool[key]
    }
    return measure
  }
  await spend('floor', 1)
  await spend('app', 1)
  const refresh = await abba(async () => await spend('floor', HALF), async () => await spend('app', HALF))
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

  const mediaContext = {
    app,
    media,
    bare,
    token: users[0].accessToken,
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

  progress('stopping the servers')
  await stopAll()
  const after = describeMachine()
  const settings = {
    secondsPerSide: 2 * HALF,
    rounds: `baseline ${HALF} s, app ${HALF} s, app ${HALF} s, baseline ${HALF} s`,
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
      floor: { ...totals.floor, left: pools.floor.length }
    }
  }
  writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), machine, loadAverageAfter: after.loadAverage, settings, rows }, null, 2) + '\n')

  console.log(`\nRate limits raised for the run: RATE_LIMIT_MAX, AUTH_RATE_LIMIT_MAX, LOGIN_ACCOUNT_RATE_LIMIT_MAX and IMAGE_RATE_LIMIT_MAX = ${RAISED_LIMIT}.`)
  console.log(`Upload limits for the ${UPLOAD_BYTES / 1024 / 1024} MiB upload: ${Object.entries(UPLOAD_LIMITS).map(([key, value]) => `${key}=${value}`).join(', ')}.`)
  console.log(`Machine: ${machineLine(machine)} (after: ${after.loadAverage.join(' ')}).`)
  console.log(`Loads: ${settings.rounds} per comparison; p50/p99 are the worse of each side's two rounds.\n`)
  console.log(markdownTable(rows))
  console.log('\nWritten to bench/results/latest.json; the app\'s warn/error log is bench/results/app.log.')
  if (rows.some((row) => row.target === 'all complete' && row.met !== true)) process.exitCode = 1
}

try {
  await main()
} finally {
  await stopAll()
}
