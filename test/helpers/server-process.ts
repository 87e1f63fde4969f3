// The server as a real process (src/server.ts through tsx): for tests about
// start-up, exit codes, signals and several instances on one database.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'

export const root = new URL('../..', import.meta.url).pathname
// Absolute, because the servers may run in other working directories.
const tsx = import.meta.resolve('tsx')
export const serverCommand = [process.execPath, '--import', tsx, join(root, 'src/server.ts')]
export const SERVER_JWT_SECRET = 'server-test-secret-long-enough-for-hs256-0123456789'
// tap would record the children's coverage too, but they run the sources through
// tsx, not tap's TypeScript loader: the two maps do not merge, and the report for
// every file the children load comes out wrong. The children's lines are the
// subject of these tests, not of the coverage figures.
export const childEnv = { PATH: process.env.PATH ?? '', _TAPJS_PROCESSINFO_COVERAGE_: '0' }

export interface ServerProcess {
  child: ChildProcess
  url: string
  output: () => string
}

export function tempDir (t: Test, prefix = 'server-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Starts the server and resolves once it logs its address; rejects if it exits first or takes over `timeoutMs`. */
export async function startServer (t: Test, env: Record<string, string>, {
  cwd = root, command = serverCommand, timeoutMs = 60_000
} = {}): Promise<ServerProcess> {
  const child = spawn(command[0], command.slice(1), {
    cwd,
    env: { ...childEnv, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  let output = ''
  let timer: NodeJS.Timeout | undefined
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += String(chunk)
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (match !== null) resolve(match[1])
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)))
    timer = setTimeout(() => reject(new Error(`server not listening after ${timeoutMs} ms: ${output}`)), timeoutMs)
  }).finally(() => clearTimeout(timer))
  return { child, url, output: () => output }
}

/** Runs the server until it exits (it is expected to refuse to start): its exit code and output. */
export async function exitOf (t: Test, env: Record<string, string>, { cwd = tempDir(t) } = {}) {
  const child = spawn(serverCommand[0], serverCommand.slice(1), {
    cwd,
    env: { ...childEnv, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  let output = ''
  child.stdout.on('data', (chunk) => { output += String(chunk) })
  child.stderr.on('data', (chunk) => { output += String(chunk) })
  const [code] = await once(child, 'exit')
  return { code: code as number | null, output }
}
