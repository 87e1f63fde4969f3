// `npm run bench`: the app (dist/server.js) and bare baselines, started in the same
// run and driven with autocannon on 127.0.0.1. Prints a table of req/s, p50/p99 and
// the ratio to each scenario's baseline, and writes bench/results/latest.json.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer, type AddressInfo } from 'node:net'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'

const root = new URL('..', import.meta.url).pathname
const DURATION = Number(process.env.BENCH_DURATION ?? 10)
const JWT_SECRET = randomBytes(48).toString('base64')
const children: ChildProcess[] = []

interface Row {
  scenario: string
  reqPerSec: number
  p50: number
  p99: number
  baseline?: string
  baselineReqPerSec?: number
  ratio?: number
  target?: string
  met?: boolean
  note?: string
}

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Starts a server process on a free port and resolves its base URL once GET /health answers. */
async function startServer (args: string[], env: Record<string, string>): Promise<string> {
  const port = await freePort()
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, PORT: String(port), ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
  children.push(child)
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${url}/health`)).ok) return url
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${args.join(' ')} did not start`)
}

const tsx = ['--import', 'tsx']

interface LoadOptions {
  url: string
  method?: 'GET' | 'POST'
  connections: number
  duration?: number
  body?: string
  headers?: Record<string, string>
  /** Per-connection state: decorate each request, read each response. */
  setupRequest?: (request: Record<string, unknown>, context: Record<string, unknown>) => Record<string, unknown>
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void
}

async function load (options: LoadOptions): Promise<{ reqPerSec: number, p50: number, p99: number, non2xx: number, errors: number }> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration ?? DURATION,
    requests: [{
      method: options.method ?? 'GET',
      body: options.body,
      headers: { 'content-type': 'application/json', ...options.headers },
      // autocannon calls these when the keys exist, even if undefined.
      ...(options.setupRequest === undefined ? {} : { setupRequest: options.setupRequest as never }),
      ...(options.onResponse === undefined ? {} : { onResponse: options.onResponse as never })
    }]
  })
  return { reqPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors }
}

async function post (url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  return { status: response.status, body: await response.json() as Record<string, unknown> }
}

const PASSWORD = 'correct horse battery staple'

async function main () {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-'))
  const raised = '100000000'
  const appUrl = await startServer(['dist/server.js'], {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    JWT_SECRET,
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${join(dataDir, 'bench.db')}`,
    // Raised so the load measures the code paths, not the limiter's 429s.
    RATE_LIMIT_MAX: raised,
    AUTH_RATE_LIMIT_MAX: raised,
    LOGIN_ACCOUNT_RATE_LIMIT_MAX: raised
  })
  const bareUrl = await startServer([...tsx, 'bench/baselines/bare.ts'], {})
  const floorUrl = await startServer([...tsx, 'bench/baselines/jwt-sqlite.ts'], { JWT_SECRET })
  const argonUrl = await startServer([...tsx, 'bench/baselines/argon2.ts'], {})
  const rows: Row[] = []
  const report = (row: Row) => {
    rows.push(row)
    console.error(`${row.scenario}: ${row.reqPerSec.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms${row.ratio === undefined ? '' : `, ${(row.ratio * 100).toFixed(0)}% of ${row.baseline}`}`)
  }

  // 50 concurrent signups, then 50 concurrent logins: all must complete.
  const signups = await Promise.all(Array.from({ length: 50 }, async (_, i) =>
    await post(`${appUrl}/v1/auth/signup`, { email: `bench${i}@example.com`, username: `bench${i}`, password: PASSWORD })))
  const logins = await Promise.all(Array.from({ length: 50 }, async (_, i) =>
    await post(`${appUrl}/v1/auth/login`, { login: `bench${i}`, password: PASSWORD })))
  const signupsOk = signups.filter((r) => r.status === 201).length
  const loginsOk = logins.filter((r) => r.status === 200).length
  const tokens = logins.map((r) => r.body.accessToken as string)
  const refreshTokens = logins.map((r) => r.body.refreshToken as string)

  // GET /health vs bare Fastify.
  const bareHealth = await load({ url: `${bareUrl}/health`, connections: 50 })
  const health = await load({ url: `${appUrl}/health`, connections: 50 })
  report({ scenario: 'GET /health', ...health, baseline: 'bare Fastify', baselineReqPerSec: bareHealth.reqPerSec, ratio: health.reqPerSec / bareHealth.reqPerSec })

  // GET /v1/me with a valid token per connection vs JWT verify + raw SQLite lookup.
  const floorTokens = await Promise.all(Array.from({ length: 50 }, async () => (await post(`${floorUrl}/token`, {})).body.token as string))
  const withToken = (list: string[]) => {
    let next = 0
    return (request: Record<string, unknown>, context: Record<string, unknown>) => {
      context.token ??= list[next++ % list.length]
      return { ...request, headers: { ...(request.headers as object), authorization: `Bearer ${String(context.token)}` } }
    }
  }
  const floor = await load({ url: `${floorUrl}/me`, connections: 50, setupRequest: withToken(floorTokens) })
  const me = await load({ url: `${appUrl}/v1/me`, connections: 50, setupRequest: withToken(tokens) })
  report({ scenario: 'GET /v1/me', ...me, baseline: 'JWT verify + raw SQLite PK lookup', baselineReqPerSec: floor.reqPerSec, ratio: me.reqPerSec / floor.reqPerSec, target: '≥ 50% (stretch 100%)', met: me.reqPerSec / floor.reqPerSec >= 0.5, note: me.non2xx > 0 ? `${me.non2xx} non-2xx` : undefined })

  // POST /v1/auth/login vs raw argon2 verify, and /health latency while login is saturated.
  const argonConnections = Math.max(4, cpus().length * 4)
  const rawArgon = await load({ url: `${argonUrl}/verify`, method: 'POST', connections: argonConnections, body: JSON.stringify({ password: PASSWORD }) })
  const loginBody = (() => {
    let next = 0
    return (request: Record<string, unknown>) => ({ ...request, body: JSON.stringify({ login: `bench${next++ % 50}`, password: PASSWORD }) })
  })()
  const [login, healthUnderLogin] = await Promise.all([
    load({ url: `${appUrl}/v1/auth/login`, method: 'POST', connections: argonConnections, setupRequest: loginBody }),
    load({ url: `${appUrl}/health`, connections: 2 })
  ])
  report({ scenario: 'POST /v1/auth/login', ...login, baseline: 'raw argon2id verify over HTTP', baselineReqPerSec: rawArgon.reqPerSec, ratio: login.reqPerSec / rawArgon.reqPerSec, target: '≥ 80%', met: login.reqPerSec / rawArgon.reqPerSec >= 0.8, note: login.non2xx > 0 ? `${login.non2xx} non-2xx` : undefined })
  report({ scenario: 'GET /health while login is saturated', ...healthUnderLogin, target: 'p99 < 20 ms', met: healthUnderLogin.p99 < 20 })

  // POST /v1/auth/refresh: each connection rotates its own session's token.
  let nextSession = 0
  const refresh = await load({
    url: `${appUrl}/v1/auth/refresh`,
    method: 'POST',
    connections: 50,
    setupRequest: (request, context) => {
      context.refreshToken ??= refreshTokens[nextSession++ % refreshTokens.length]
      return { ...request, body: JSON.stringify({ refreshToken: context.refreshToken }) }
    },
    onResponse: (status, body, context) => {
      if (status === 200) context.refreshToken = (JSON.parse(body) as { refreshToken: string }).refreshToken
    }
  })
  report({ scenario: 'POST /v1/auth/refresh', ...refresh, baseline: 'bare Fastify', baselineReqPerSec: bareHealth.reqPerSec, ratio: refresh.reqPerSec / bareHealth.reqPerSec, note: refresh.non2xx > 0 ? `${refresh.non2xx} non-2xx` : undefined })

  report({ scenario: '50 concurrent signups', reqPerSec: 0, p50: 0, p99: 0, target: '50/50 complete', met: signupsOk === 50, note: `${signupsOk}/50 succeeded` })
  report({ scenario: '50 concurrent logins', reqPerSec: 0, p50: 0, p99: 0, target: '50/50 complete', met: loginsOk === 50, note: `${loginsOk}/50 succeeded` })

  const machine = {
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    durationSeconds: DURATION,
    date: new Date().toISOString()
  }
  mkdirSync(join(root, 'bench/results'), { recursive: true })
  writeFileSync(join(root, 'bench/results/latest.json'), JSON.stringify({ machine, rows }, null, 2))
  console.log(markdownTable(rows))
  console.log(`\n${machine.cpus}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${DURATION} s per load`)
  rmSync(dataDir, { recursive: true, force: true })
}

function markdownTable (rows: Row[]): string {
  const format = (value: number | undefined, digits = 0) => value === undefined ? '' : value.toFixed(digits)
  const lines = [
    '| scenario | req/s | p50 ms | p99 ms | baseline | baseline req/s | ratio | target | met |',
    '|---|---:|---:|---:|---|---:|---:|---|---|'
  ]
  for (const row of rows) {
    const throughput = row.reqPerSec > 0
    lines.push(`| ${row.scenario}${row.note === undefined ? '' : ` (${row.note})`} | ${throughput ? format(row.reqPerSec) : ''} | ${throughput ? row.p50 : ''} | ${throughput ? row.p99 : ''} | ${row.baseline ?? ''} | ${format(row.baselineReqPerSec)} | ${row.ratio === undefined ? '' : `${(row.ratio * 100).toFixed(0)}%`} | ${row.target ?? ''} | ${row.met === undefined ? '' : row.met ? 'yes' : 'no'} |`)
  }
  return lines.join('\n')
}

try {
  await main()
} finally {
  for (const child of children) child.kill('SIGTERM')
}
