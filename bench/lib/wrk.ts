// wrk (Debian's `wrk`, in C) for the cheap routes: autocannon is a Node process and
// burns as much CPU as the server it loads, which on two cores caps both sides and
// squeezes every ratio toward 1. The server under load is pinned to one core and wrk
// to the other (taskset), so neither takes the other's core.
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Measure } from './load.js'

const run = promisify(execFile)
const scripts = new URL('../wrk/', import.meta.url).pathname
const CORES = availableParallelism()
/** The server's core and wrk's; on one core nothing is pinned. */
export const SERVER_CORE = 0
export const LOAD_CORE = CORES - 1
export const pinning = CORES >= 2

/** Fails with what to install when wrk or taskset is missing (`npm run bench` needs both; CI does not). */
export function requireWrk (): void {
  if (spawnSync('wrk', ['--version']).error !== undefined) {
    throw new Error('wrk is missing: the bench drives the cheap routes with it. Install it with `apt-get install wrk`.')
  }
  if (pinning && spawnSync('taskset', ['--version']).error !== undefined) {
    throw new Error('taskset is missing: the bench pins the server and wrk to separate cores. Install it with `apt-get install util-linux`.')
  }
}

export interface WrkOptions {
  url: string
  /** The server process under load: pinned to SERVER_CORE for the run. */
  serverPid: number
  connections: number
  seconds: number
  /** bench/wrk/<script>.lua: plain (the same request), tokens (a bearer token per request), refresh (a pool). */
  script?: 'plain' | 'tokens' | 'refresh'
  /** One token a line, for the tokens and refresh scripts. */
  tokens?: string[]
  headers?: Record<string, string>
}

export interface WrkMeasure extends Measure {
  pool: { handedOut: number, replayed: number, exhausted: number, refused: number, left: number }
  /** The refresh script's unused tokens at the end (the next round's pool). */
  left: string[]
}

/** All threads of a process (libuv's pool included) onto `cores`. */
async function pin (pid: number, cores: string): Promise<void> {
  if (pinning) await run('taskset', ['--all-tasks', '--pid', '--cpu-list', cores, String(pid)])
}

export async function wrk (options: WrkOptions): Promise<WrkMeasure> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'))
  const tokensFile = join(dir, 'tokens')
  const leftFile = join(dir, 'left')
  writeFileSync(tokensFile, (options.tokens ?? []).join('\n'))
  const args = [
    '--threads', '1',
    '--connections', String(options.connections),
    '--duration', `${options.seconds}s`,
    '--timeout', '10s',
    '--script', join(scripts, `${options.script ?? 'plain'}.lua`),
    ...Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['--header', `${name}: ${value}`]),
    options.url
  ]
  await pin(options.serverPid, String(SERVER_CORE))
  try {
    const { stdout } = await run(pinning ? 'taskset' : 'wrk', pinning ? ['--cpu-list', String(LOAD_CORE), 'wrk', ...args] : args, {
      env: { ...process.env, BENCH_WRK_TOKENS: tokensFile, BENCH_WRK_LEFT: leftFile },
      maxBuffer: 16 * 1024 * 1024
    })
    const line = /^BENCH_RESULT (.+)$/m.exec(stdout)
    if (line === null) throw new Error(`wrk printed no result for ${options.url}:\n${stdout}`)
    const result = JSON.parse(line[1]) as Omit<WrkMeasure, 'reqPerSec' | 'rounds' | 'left'>
    const left = options.script === 'refresh' ? readFileSync(leftFile, 'utf8').split('\n').filter(Boolean) : []
    return { ...result, reqPerSec: result.requests / result.seconds, rounds: 1, left }
  } finally {
    await pin(options.serverPid, `0-${CORES - 1}`)
    rmSync(dir, { recursive: true, force: true })
  }
}

/** How a wrk row was driven, for the table. */
export const wrkDriver = (connections: number) => pinning
  ? `wrk, 1 thread, ${connections} connections, on core ${LOAD_CORE}; server pinned to core ${SERVER_CORE}`
  : `wrk, 1 thread, ${connections} connections; one core, nothing pinned`
