// Orphan blobs were swept only at start-up: a long-running server kept every leftover until its next restart.
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Fastify from 'fastify'
import t, { type Test } from 'tap'
import { SWEEP_GRACE_MS, SWEEP_INTERVAL_MS } from '../../src/media/plugin.js'
import { runPeriodically } from '../../src/periodic.js'
import { build } from '../helpers/build.js'
import { logLines } from '../helpers/platform.js'

interface Scheduled { run: () => unknown, ms: number, timer: NodeJS.Timeout }

/** Records the intervals set while the app is built (the real timers still run), and which are cleared. */
function recordIntervals (t: Test) {
  const scheduled: Scheduled[] = []
  const cleared = new Set<unknown>()
  const { setInterval: realSet, clearInterval: realClear } = globalThis
  globalThis.setInterval = ((run: () => unknown, ms: number) => {
    const timer = realSet(run, ms)
    scheduled.push({ run, ms, timer })
    return timer
  }) as typeof setInterval
  globalThis.clearInterval = ((timer: NodeJS.Timeout) => {
    cleared.add(timer)
    realClear(timer)
  }) as typeof clearInterval
  t.teardown(() => { globalThis.setInterval = realSet; globalThis.clearInterval = realClear })
  return { scheduled, cleared }
}

/** An old orphan blob (no row names it) written after start-up, as a crashed request of another process leaves it. */
function leaveOrphan (uploadDir: string): string {
  const id = randomUUID()
  const path = join(uploadDir, 'blobs', 'files', id.slice(0, 2), id.slice(2, 4), id, 'original')
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, 'leftover')
  const old = new Date(Date.now() - 2 * SWEEP_GRACE_MS)
  utimesSync(path, old, old)
  return path
}

t.test('the running server sweeps hourly: an orphan left after start-up goes at the next run', async (t) => {
  const { scheduled, cleared } = recordIntervals(t)
  const logs: string[] = []
  const app = await build(t, { logs })
  t.equal(SWEEP_INTERVAL_MS, 3600 * 1000, 'hourly')
  const orphan = leaveOrphan(app.config.uploadDir)
  const hourly = scheduled.filter((entry) => entry.ms === SWEEP_INTERVAL_MS)
  t.ok(hourly.length > 0, 'an hourly timer was set')
  t.ok(hourly.every((entry) => !entry.timer.hasRef()), 'unref\'d: it never holds the process open')
  for (const entry of hourly) await entry.run()
  t.notOk(existsSync(orphan), 'the orphan is gone without a restart')
  t.match(logLines(logs).find((line) => line.msg === 'removed upload leftovers'), { orphans: 1 })
  await app.close()
  t.ok(hourly.every((entry) => cleared.has(entry.timer)), 'cleared on close')
})

t.test('a failing periodic sweep is logged and never throws', async (t) => {
  const { scheduled } = recordIntervals(t)
  const logs: string[] = []
  const app = await build(t, { logs })
  leaveOrphan(app.config.uploadDir)
  await app.prisma.$executeRawUnsafe('DROP TABLE "FileVariant"')
  await app.prisma.$executeRawUnsafe('DROP TABLE "File"') // the orphan's look-up now fails
  for (const entry of scheduled.filter((entry) => entry.ms === SWEEP_INTERVAL_MS)) await entry.run()
  t.ok(logLines(logs).some((line) => line.level === 50 && line.msg === 'could not sweep upload leftovers'), 'logged as an error')
})

t.test('runPeriodically: at ready, then every interval until close', async (t) => {
  const app = Fastify({ logger: false })
  let runs = 0
  let onRun = () => {}
  const run = runPeriodically(app, { name: 'count', intervalMs: 5, task: async () => { runs++; onRun() } })
  await app.ready()
  t.equal(runs, 1, 'once at ready')
  const thirdRun = new Promise<void>((resolve) => { onRun = () => { if (runs >= 3) resolve() } })
  // The interval is unref'd (that is the point): something else must keep this process alive meanwhile.
  const keepAlive = setTimeout(() => {}, 10_000)
  await thirdRun
  clearTimeout(keepAlive)
  t.ok(runs >= 3, 'then on the interval')
  await app.close()
  const atClose = runs
  await new Promise((resolve) => setTimeout(resolve, 30))
  t.equal(runs, atClose, 'no run after close')
  await run()
  t.equal(runs, atClose + 1, 'the scheduled function can be called directly')
})
