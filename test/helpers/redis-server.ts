// A redis-server of a test's own (no persistence), for tests that stop and restart Redis under an app.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'
import type { Test } from 'tap'

const REDIS_SERVER = '/usr/bin/redis-server'

export async function freePort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

export async function until (what: string, ms: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + ms
  while (!await check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** A throwaway redis-server on `port` (no persistence), killed at the end of the test if still running. */
export async function startRedis (t: Test, port: number): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore'
  })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  probe.on('error', () => {}) // refused until the server listens
  try {
    await until('redis-server to answer', 5000, async () => {
      try {
        if (probe.status !== 'ready') await probe.connect()
        return await probe.ping() === 'PONG'
      } catch {
        return false
      }
    })
  } finally {
    probe.disconnect()
  }
  return child
}

export async function timed<T> (work: () => Promise<T>): Promise<{ value: T, ms: number }> {
  const started = performance.now()
  const value = await work()
  return { value, ms: performance.now() - started }
}

/** The JSON log lines an app wrote into `build`'s `logs`. */
export const logLines = (logs: string[]) => logs.flatMap((chunk) => chunk.split('\n')).filter((line) => line !== '')
  .map((line) => JSON.parse(line) as { level: number, msg: string })
