// `npm run bench:profile [-- route...]`: the built app under wrk load with `node --cpu-prof`,
// one process per route (health, me, refresh, avatar, variant), the app pinned to one core and wrk
// to the other as in the bench. Prints each route's top self-time frames, aggregated by
// function and file, and by package; the .cpuprofile files stay in bench/results/profiles
// (open them in Chrome's DevTools). BENCH_PROFILE_SECONDS sets the seconds of load (default 10).
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { postJson } from './lib/clients.js'
import { onCleanup, pids, startServer, stopAll } from './lib/processes.js'
import { requireWrk, wrk, type WrkOptions } from './lib/wrk.js'

const root = new URL('..', import.meta.url).pathname
const SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 10)
const CONNECTIONS = 50
const TOP = Number(process.env.BENCH_PROFILE_TOP ?? 25)
const PASSWORD = 'correct horse battery staple'
const RAISED_LIMIT = '100000000'
const ROUTES = ['health', 'me', 'refresh', 'avatar', 'variant'] as const
type Route = typeof ROUTES[number]

interface CpuProfile {
  nodes: Array<{ id: number, callFrame: { functionName: string, url: string, lineNumber: number } }>
  /** Microseconds on the monotonic clock, as process.hrtime reads it. */
  startTime: number
  samples: number[]
  timeDeltas: number[]
}

/** Microseconds on the monotonic clock V8's profiler stamps samples with. */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n)

/** A file as a reader finds it: the package under node_modules, the app's own path, or node's. */
function shortFile (url: string): string {
  if (url === '') return ''
  const path = url.replace(/^file:\/\//, '')
  const inModules = path.lastIndexOf('/node_modules/')
  if (inModules !== -1) return path.slice(inModules + '/node_modules/'.length)
  return path.startsWith(root) ? path.slice(root.length) : path
}

function packageOf (file: string): string {
  if (file === '') return '(native, gc, idle)'
  if (file.startsWith('node:')) return 'node core'
  if (file.startsWith('dist/') || file.startsWith('src/')) return 'the app (dist/)'
  const [scope, name] = file.split('/')
  return scope.startsWith('@') ? `${scope}/${name}` : scope
}

/**
 * Self time by function+file and by package, as text, counting only the samples taken
 * in `window` (the load, not start-up and set-up); idle time is left out of the shares.
 */
export function topFrames (profile: CpuProfile, window: { from: number, to: number }, top = TOP): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]))
  const self = new Map<number, number>()
  let at = profile.startTime
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0
    at += delta
    if (at >= window.from && at <= window.to) self.set(id, (self.get(id) ?? 0) + delta)
  })
  if (self.size === 0) throw new Error('no sample falls in the load window: the clocks disagree')
  const frames = new Map<string, number>()
  const packages = new Map<string, number>()
  let busy = 0
  for (const [id, micros] of self) {
    const frame = byId.get(id)
    if (frame === undefined || frame.functionName === '(idle)') continue
    busy += micros
    const file = shortFile(frame.url)
    const key = `${frame.functionName === '' ? '(anonymous)' : frame.functionName}  ${file}${file === '' ? '' : `:${frame.lineNumber + 1}`}`
    frames.set(key, (frames.get(key) ?? 0) + micros)
    packages.set(packageOf(file), (packages.get(packageOf(file)) ?? 0) + micros)
  }
  const share = (micros: number) => `${(micros / busy * 100).toFixed(1).padStart(5)}%`
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1])
  return [
    `busy ${(busy / 1e6).toFixed(2)} s of the main thread's time under load; self time, share of busy:`,
    ...sorted(frames).slice(0, top).map(([key, micros]) => `  ${share(micros)}  ${key}`),
    'by package:',
    ...sorted(packages).slice(0, 12).map(([key, micros]) => `  ${share(micros)}  ${key}`)
  ].join('\n')
}

async function profileRoute (route: Route, dataDir: string, profileDir: string): Promise<string> {
  const jwtSecret = randomBytes(48).toString('base64')
  const routeDir = join(profileDir, route)
  rmSync(routeDir, { recursive: true, force: true })
  const app = await startServer({
    name: `app with --cpu-prof (${route})`,
    args: ['--cpu-prof', `--cpu-prof-dir=${routeDir}`, 'dist/server.js'],
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      JWT_SECRET: jwtSecret,
      DATABASE_URL: `file:${join(dataDir, `${route}.db`)}`,
      RATE_LIMIT_MAX: RAISED_LIMIT,
      AUTH_RATE_LIMIT_MAX: RAISED_LIMIT,
      LOGIN_ACCOUNT_RATE_LIMIT_MAX: RAISED_LIMIT,
      IMAGE_RATE_LIMIT_MAX: RAISED_LIMIT
    }
  })
  const serverPid = pids.get(app) as number
  let options: WrkOptions
  if (route === 'health') {
    options = { url: `${app}/health`, serverPid, connections: CONNECTIONS, seconds: SECONDS }
  } else if (route === 'avatar') {
    const url = `${app}/v1/images/avatar/bench.png?size=128`
    if (!(await fetch(url)).ok) throw new Error(`${url} does not answer 200`)
    options = { url, serverPid, connections: CONNECTIONS, seconds: SECONDS }
  } else {
    const replies = await Promise.all(Array.from({ length: 4 * CONNECTIONS }, async (_, index) =>
      await postJson(`${app}/v1/auth/signup`, { email: `p${index}@example.com`, username: `p${index}`, password: PASSWORD })))
    const ok = replies.filter((reply) => reply.status === 201)
    if (ok.length === 0) throw new Error(`signups fail: ${JSON.stringify(replies[0])}`)
    if (route === 'variant') {
      options = await variantLoad(app, serverPid, ok[0].body.accessToken as string)
    } else {
      options = route === 'me'
        ? { url: `${app}/v1/me`, serverPid, connections: CONNECTIONS, seconds: SECONDS, script: 'tokens', tokens: ok.slice(0, CONNECTIONS).map((reply) => reply.body.accessToken as string) }
        : { url: `${app}/v1/auth/refresh`, serverPid, connections: CONNECTIONS, seconds: SECONDS, script: 'refresh', tokens: ok.map((reply) => reply.body.refreshToken as string) }
    }
  }
  return await profileLoad(route, routeDir, options)
}

/** The owner asking for a cached 640-wide WebP variant of a photo-like JPEG (as in the bench). */
async function variantLoad (app: string, serverPid: number, token: string): Promise<WrkOptions> {
  const photo = await sharp({
    create: { width: 1600, height: 1200, channels: 3, background: '#4a7', noise: { type: 'gaussian', mean: 128, sigma: 40 } }
  }).jpeg({ quality: 85 }).toBuffer()
  const form = new FormData()
  form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg')
  const headers = { authorization: `Bearer ${token}` }
  const uploaded = await (await fetch(`${app}/v1/files`, { method: 'POST', headers, body: form })).json() as { files: Array<{ id: string }> }
  const url = `${app}/v1/files/${uploaded.files[0].id}/content?w=640&format=webp`
  if (!(await fetch(url, { headers })).ok) throw new Error(`${url} does not answer 200`)
  return { url, serverPid, connections: CONNECTIONS, seconds: SECONDS, headers }
}

async function profileLoad (route: Route, routeDir: string, options: WrkOptions): Promise<string> {
  const from = monotonicMicros()
  const measure = await wrk(options)
  const window = { from, to: monotonicMicros() }
  await stopAll()
  const file = readdirSync(routeDir).find((name) => name.endsWith('.cpuprofile'))
  if (file === undefined) throw new Error(`no .cpuprofile in ${routeDir}`)
  const profile = JSON.parse(readFileSync(join(routeDir, file), 'utf8')) as CpuProfile
  const problems = measure.non2xx + measure.errors > 0 ? ` (${measure.non2xx} non-2xx, ${measure.errors} errors)` : ''
  return `### ${route}: ${new URL(options.url).pathname}, ${Math.round(measure.reqPerSec)} req/s under --cpu-prof${problems}\n${topFrames(profile, window)}`
}

async function main () {
  requireWrk()
  const chosen = process.argv.slice(2).filter((arg): arg is Route => (ROUTES as readonly string[]).includes(arg))
  const dataDir = mkdtempSync(join(tmpdir(), 'userbase-profile-'))
  onCleanup(() => rmSync(dataDir, { recursive: true, force: true }))
  const profileDir = join(root, 'bench/results/profiles')
  mkdirSync(profileDir, { recursive: true })
  const reports: string[] = []
  for (const route of chosen.length > 0 ? chosen : ROUTES) {
    console.error(`profiling ${route} for ${SECONDS} s`)
    reports.push(await profileRoute(route, dataDir, profileDir))
    console.log(reports.at(-1) + '\n')
  }
  writeFileSync(join(profileDir, 'top-frames.txt'), reports.join('\n\n') + '\n')
}

try {
  await main()
} finally {
  await stopAll()
}
