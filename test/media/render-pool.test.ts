// The render pool on its own: the global bounds, queue order, each client's
// share, the anonymous reserve, and slots freed whatever a job does.
import type { FastifyRequest } from 'fastify'
import t from 'tap'
import { ApiError } from '../../src/errors.js'
import {
  createRenderPool, renderClientOf, userClient, type RenderClient, type RenderPoolLimits
} from '../../src/media/render-pool.js'

/** Shares so wide that only the global bounds count, unless a test narrows them. */
const limits = (overrides: Partial<RenderPoolLimits> = {}): RenderPoolLimits => ({
  slots: 2,
  queue: 2,
  perClient: { slots: 100, queue: 100 },
  perAnonymousClient: { slots: 100, queue: 100 },
  ...overrides
})

const alice = userClient('alice')
const bob = userClient('bob')
const ip = (address: string): RenderClient => ({ key: `ip:${address}`, anonymous: true })

/** A job that runs until released (released early, it ends as soon as it starts), recording that it started. */
function gate () {
  let release: (value?: unknown) => void = () => {}
  let fail: (error: Error) => void = () => {}
  const done = new Promise((resolve, reject) => { release = resolve; fail = reject })
  done.catch(() => {}) // observed by the job
  let started = false
  const job = async () => {
    started = true
    return await done
  }
  return {
    job,
    release: (value?: unknown) => release(value),
    fail: (error: Error) => fail(error),
    started: () => started
  }
}

/** Lets every pending promise callback run (no timers involved). */
const settle = async () => { for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve)) }

const refusal = async (promise: Promise<unknown>) =>
  await promise.then(() => undefined, (error: unknown) => error as ApiError)

t.test('at most `slots` jobs run, then up to `queue` wait, then 503 with Retry-After', async (t) => {
  const pool = createRenderPool(limits())
  const gates = Array.from({ length: 4 }, gate)
  const runs = gates.map(async (g, i) => await pool.run(alice, async () => { await g.job(); return i }))
  await settle()
  t.same(gates.map((g) => g.started()), [true, true, false, false], 'two run, two wait')

  const refused = await refusal(pool.run(bob, async () => 'never'))
  t.ok(refused instanceof ApiError, 'full: refused')
  t.equal(refused?.statusCode, 503)
  t.equal(refused?.code, 'service_unavailable')
  t.same(refused?.headers, { 'retry-after': '1' })

  gates[1].release()
  await settle()
  t.same(gates.map((g) => g.started()), [true, true, true, false], 'a finished job hands its slot to the first waiting one')
  t.equal(await runs[1], 1, 'the job\'s result is returned')

  gates[0].fail(new Error('boom'))
  await t.rejects(runs[0], { message: 'boom' }, 'a job\'s error is passed on')
  await settle()
  t.same(gates.map((g) => g.started()), [true, true, true, true], 'and a failed job frees its slot too')

  const late = gate()
  const lateRun = pool.run(bob, late.job)
  await settle()
  t.notOk(late.started(), 'both slots are busy again: it waits')
  gates[2].release()
  gates[3].release()
  await settle()
  t.ok(late.started())
  late.release('done')
  t.equal(await lateRun, 'done')
  t.same(await Promise.all(runs.slice(1)), [1, 2, 3])
})

t.test('a job that throws before awaiting anything frees its slot', async (t) => {
  const pool = createRenderPool(limits({ slots: 1, queue: 0 }))
  await t.rejects(pool.run(alice, () => { throw new Error('at once') }), { message: 'at once' })
  t.equal(await pool.run(alice, async () => 'next'), 'next')
})

t.test('never more than `slots` at once, whatever the order of completion', async (t) => {
  const pool = createRenderPool(limits({ slots: 3, queue: 100 }))
  let running = 0
  let peak = 0
  const gates = Array.from({ length: 20 }, gate)
  const runs = gates.map(async (g, i) => await pool.run(userClient(`user${i % 7}`), async () => {
    running++
    peak = Math.max(peak, running)
    try { return await g.job() } finally { running-- }
  }))
  for (const index of [5, 0, 19, 2, 1, 7, 3, 4, 6, 8, 9, 18, 10, 11, 17, 12, 13, 16, 14, 15]) {
    await settle()
    t.ok(running <= 3, `${running} running`)
    gates[index].release()
  }
  await Promise.all(runs)
  t.equal(peak, 3, 'the limit was reached and never passed')
  t.equal(running, 0)
  t.ok(gates.every((g) => g.started()), 'every job ran')
})

t.test('with no queue, the first job past the limit is refused', async (t) => {
  const pool = createRenderPool(limits({ slots: 1, queue: 0 }))
  const only = gate()
  const first = pool.run(alice, only.job)
  await t.rejects(pool.run(bob, async () => 1), { code: 'service_unavailable', statusCode: 503 })
  only.release()
  await first
  t.equal(await pool.run(bob, async () => 2), 2, 'free again')
})

t.test('a client past its share is refused at once, while others still run and queue', async (t) => {
  const pool = createRenderPool(limits({ slots: 4, queue: 8, perClient: { slots: 1, queue: 2 } }))
  const mine = Array.from({ length: 3 }, gate)
  const runs = mine.map(async (g) => await pool.run(alice, g.job))
  await settle()
  t.same(mine.map((g) => g.started()), [true, false, false], 'one runs, two wait, though slots are free')
  const refused = await refusal(pool.run(alice, async () => 'never'))
  t.equal(refused?.statusCode, 503, 'a fourth is refused')
  t.equal(refused?.headers?.['retry-after'], '1')
  t.match(refused?.message, /one client/)

  const theirs = gate()
  const theirRun = pool.run(bob, theirs.job)
  await settle()
  t.ok(theirs.started(), 'another client starts at once, ahead of the waiting ones')

  mine[0].release()
  await settle()
  t.same(mine.map((g) => g.started()), [true, true, false], 'the client\'s next job takes its place, in order')
  for (const g of [...mine, theirs]) g.release()
  await Promise.all([...runs, theirRun])
  t.equal(await pool.run(alice, async () => 'again'), 'again', 'the share is free once the jobs are done')
})

t.test('queue order: a freed slot goes to the oldest job whose client is under its share', async (t) => {
  const pool = createRenderPool(limits({ slots: 2, queue: 10, perClient: { slots: 1, queue: 5 } }))
  const order: string[] = []
  const job = (name: string, g: ReturnType<typeof gate>) => async () => { order.push(name); return await g.job() }
  const [a1, a2, b1, b2, c1] = Array.from({ length: 5 }, gate)
  const runs = [
    pool.run(alice, job('a1', a1)), // runs
    pool.run(bob, job('b1', b1)), // runs
    pool.run(alice, job('a2', a2)), // waits: no slot, and alice is at her share
    pool.run(userClient('carol'), job('c1', c1)), // waits: no slot
    pool.run(bob, job('b2', b2)) // waits: no slot, and bob is at his share
  ]
  await settle()
  t.same(order, ['a1', 'b1'])
  b1.release()
  await settle()
  t.same(order, ['a1', 'b1', 'c1'], 'a2 is older, but alice is still at her share: c1 goes first')
  a1.release()
  await settle()
  t.same(order, ['a1', 'b1', 'c1', 'a2'], 'then a2, older than b2')
  c1.release()
  await settle()
  t.same(order, ['a1', 'b1', 'c1', 'a2', 'b2'])
  a2.release()
  b2.release()
  await Promise.all(runs)
})

t.test('anonymous clients have their own, smaller share', async (t) => {
  const pool = createRenderPool(limits({ slots: 4, queue: 8, perAnonymousClient: { slots: 1, queue: 1 } }))
  const gates = Array.from({ length: 2 }, gate)
  const runs = gates.map(async (g) => await pool.run(ip('203.0.113.7'), g.job))
  await settle()
  t.same(gates.map((g) => g.started()), [true, false])
  t.equal((await refusal(pool.run(ip('203.0.113.7'), async () => 1)))?.statusCode, 503, 'a third is refused')
  t.equal(await pool.run(ip('198.51.100.1'), async () => 'other ip'), 'other ip', 'another address has its own share')
  for (const g of gates) g.release()
  await Promise.all(runs)
})

t.test('anonymous clients together never take the last slot nor more than half the queue', async (t) => {
  const pool = createRenderPool(limits({ slots: 3, queue: 4, perAnonymousClient: { slots: 1, queue: 1 } }))
  const held: Array<ReturnType<typeof gate>> = []
  const runs: Array<Promise<string>> = []
  for (let index = 0; index < 6; index++) {
    const g = gate()
    held.push(g)
    const run = pool.run(ip(`203.0.113.${index}`), g.job)
    runs.push(run.then(() => 'ok', (error: ApiError) => String(error.statusCode)))
  }
  await settle()
  t.same(held.map((g) => g.started()), [true, true, false, false, false, false], 'two of three slots')
  t.same(await Promise.all(runs.slice(4)), ['503', '503'], 'two wait (half the queue of 4), the rest are refused')

  const signedIn = gate()
  const signedInRun = pool.run(alice, signedIn.job)
  await settle()
  t.ok(signedIn.started(), 'a signed-in user gets the slot that was kept')
  const queuedToo = gate()
  const queuedRun = pool.run(bob, queuedToo.job)
  await settle()
  t.notOk(queuedToo.started(), 'no slot: another user waits, in the half of the queue anonymous work cannot take')

  for (const g of held) g.release()
  signedIn.release()
  queuedToo.release()
  await Promise.all([...runs, signedInRun, queuedRun])
})

t.test('with one slot, anonymous work may still use it', async (t) => {
  const pool = createRenderPool(limits({ slots: 1, queue: 0 }))
  t.equal(await pool.run(ip('203.0.113.7'), async () => 'drawn'), 'drawn')
})

t.test('the client of a request: the signed-in user, else the address (an IPv6 /64)', async (t) => {
  const request = (user: unknown, ip: string) => ({ user, ip, socket: {}, id: 'req-1' }) as unknown as FastifyRequest
  t.same(renderClientOf(request({ userId: 'u1' }, '203.0.113.7')), { key: 'user:u1', anonymous: false })
  t.same(renderClientOf(request(null, '203.0.113.7')), { key: 'ip:203.0.113.7', anonymous: true })
  t.same(renderClientOf(request(undefined, '2001:db8:1:2:3:4:5:6')), renderClientOf(request(undefined, '2001:db8:1:2:ffff::1')),
    'one /64 is one client')
})
