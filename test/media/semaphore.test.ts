// The semaphore on its own: never more than N jobs at once, waiting jobs start
// in arrival order, and a job that throws gives its slot back.
import t from 'tap'
import { createSemaphore } from '../../src/media/semaphore.js'

interface Deferred { promise: Promise<void>, resolve: () => void, reject: (error: Error) => void }

function deferred (): Deferred {
  let resolve: () => void = () => {}
  let reject: (error: Error) => void = () => {}
  const promise = new Promise<void>((_resolve, _reject) => { resolve = _resolve; reject = _reject })
  return { promise, resolve, reject }
}

/** Lets every pending promise callback run (no timers involved). */
const settle = async () => { for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve)) }

/** Jobs that each run until their own deferred settles, recording starts and the most running at once. */
function instrumented () {
  let running = 0
  const stats = { most: 0, started: [] as number[] }
  const gates: Deferred[] = []
  const job = (index: number) => {
    gates[index] = deferred()
    return async () => {
      running++
      stats.most = Math.max(stats.most, running)
      stats.started.push(index)
      try {
        await gates[index].promise
        return index
      } finally {
        running--
      }
    }
  }
  return { stats, gates, job, running: () => running }
}

t.test('never more than N jobs run, however they finish', async (t) => {
  const semaphore = createSemaphore(3)
  const { stats, gates, job, running } = instrumented()
  const runs = Array.from({ length: 10 }, async (_, i) => await semaphore.run(job(i)))
  await settle()
  t.equal(running(), 3, 'three start')
  t.equal(semaphore.pending, 10, 'the others wait')
  for (const i of [1, 0, 2, 5, 4, 3, 9, 6, 8, 7]) {
    gates[i].resolve()
    await settle()
    t.ok(running() <= 3, `after job ${i} ends, ${running()} run`)
  }
  t.same(await Promise.all(runs), Array.from({ length: 10 }, (_, i) => i), 'each run returns its job\'s result')
  t.equal(stats.most, 3, 'at most three at once')
  t.equal(semaphore.pending, 0)
})

t.test('waiting jobs start in arrival order', async (t) => {
  const semaphore = createSemaphore(1)
  const { stats, gates, job } = instrumented()
  const runs = Array.from({ length: 5 }, async (_, i) => await semaphore.run(job(i)))
  await settle()
  for (let i = 0; i < 5; i++) {
    gates[i].resolve()
    await settle()
  }
  await Promise.all(runs)
  t.same(stats.started, [0, 1, 2, 3, 4])
})

t.test('a job that throws passes its error on and gives its slot back', async (t) => {
  const semaphore = createSemaphore(1)
  const { stats, gates, job } = instrumented()
  const failing = semaphore.run(job(0))
  const next = semaphore.run(job(1))
  const synchronous = semaphore.run(() => { throw new Error('thrown before any promise') })
  const after = semaphore.run(job(3))
  await settle()
  gates[0].reject(new Error('boom'))
  await t.rejects(failing, { message: 'boom' })
  await settle()
  t.same(stats.started, [0, 1], 'the next job took the slot')
  gates[1].resolve()
  t.equal(await next, 1)
  await t.rejects(synchronous, { message: 'thrown before any promise' })
  await settle()
  t.same(stats.started, [0, 1, 3], 'a job throwing synchronously gives the slot back too')
  gates[3].resolve()
  t.equal(await after, 3)
  t.equal(semaphore.pending, 0, 'nothing holds a slot')
})

// Fails against b2198ff: a released slot is counted free before the woken
// waiter takes it, so a job arriving in that microtask takes it too.
t.test('a job arriving as a slot is released waits behind the queue (no more than N, FIFO)', async (t) => {
  const semaphore = createSemaphore(1)
  const { stats, gates, job, running } = instrumented()
  const holder = deferred()
  // run() awaits this very promise, so its release runs first in the microtask where `holder` settles.
  const first = semaphore.run(() => holder.promise)
  const waiter = semaphore.run(job(0))
  // Reacts to the same promise as the job, so it calls run() in the microtask right after the release.
  const late = holder.promise.then(async () => await semaphore.run(job(1)))
  holder.resolve()
  await first
  await settle()
  t.equal(stats.most, 1, 'one job at a time')
  t.same(stats.started, [0], 'the waiter, which came first, runs; the late job waits')
  t.equal(running(), 1)
  gates[0].resolve()
  gates[1].resolve()
  await Promise.all([waiter, late])
  t.same(stats.started, [0, 1])
})

t.test('acquire holds a slot until its release, and a second release frees nothing more', async (t) => {
  const semaphore = createSemaphore(1)
  const release = await semaphore.acquire()
  const started: string[] = []
  const first = semaphore.run(async () => { started.push('first') })
  const second = semaphore.run(async () => { started.push('second') })
  await settle()
  t.same(started, [], 'the holder keeps the only slot')
  t.equal(semaphore.pending, 3)
  release()
  release()
  await Promise.all([first, second])
  t.same(started, ['first', 'second'], 'waiters run one after the other, in order')
  t.equal(semaphore.pending, 0, 'the repeated release did not free a slot twice')
})
