// Child processes for the bench: free ports, readiness by polling GET /health,
// and no orphans (children are stopped on success, on errors and on signals).
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'

const children = new Set<ChildProcess>()
/** The process id behind each started server's URL (for memory readings). */
export const pids = new Map<string, number>()
const cleanups: Array<() => void | Promise<void>> = []

/** A port the kernel just handed out on 127.0.0.1 (listen(0), then close). */
export async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface StartOptions {
  name: string
  args: string[]
  env: Record<string, string>
  /** Where the child's stdout goes: a file descriptor, or dropped. */
  stdout?: number
}

/** Starts a server on a free port of 127.0.0.1; resolves its base URL once GET /health answers 200. */
export async function startServer ({ name, args, env, stdout }: StartOptions): Promise<string> {
  const port = await freePort()
  const child = spawn(process.execPath, args, {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', stdout ?? 'ignore', 'inherit'],
    // Its own process group: a terminal's Ctrl-C reaches only the bench, which stops it once.
    detached: true
  })
  children.add(child)
  let failure: Error | undefined
  child.once('error', (error) => { failure = error })
  child.once('exit', (code, signal) => {
    children.delete(child)
    failure ??= new Error(`${name} exited (${signal ?? `code ${code}`})`)
  })
  const url = `http://127.0.0.1:${port}`
  if (child.pid !== undefined) pids.set(url, child.pid)
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (failure !== undefined) throw failure
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })
      if (response.ok) return url
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${name} did not answer GET /health within 60 s`)
}

/**
 * Runs once at the end, whatever the ending (temporary directories, the PostgreSQL database). An async cleanup is
 * awaited by stopAll (on errors and signals too); on a crash only its synchronous start runs.
 */
export function onCleanup (cleanup: () => void | Promise<void>): void {
  cleanups.push(cleanup)
}

async function runCleanups (): Promise<void> {
  for (const cleanup of cleanups.splice(0)) {
    try { await cleanup() } catch (error) { console.error(`cleanup failed: ${(error as Error).message}`) }
  }
}

/** For the 'exit' event, where nothing can be awaited. */
function startCleanups (): void {
  for (const cleanup of cleanups.splice(0)) {
    try { Promise.resolve(cleanup()).catch(() => {}) } catch {}
  }
}

/** SIGTERM to every child (the app closes gracefully), SIGKILL after 5 s, then the cleanups. */
export async function stopAll (): Promise<void> {
  await Promise.all([...children].map(async (child) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }))
  await runCleanups()
}

// A crash or Ctrl-C must not leave servers listening.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL')
  startCleanups()
})
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers`)
    stopAll().finally(() => process.exit(code))
  })
}
