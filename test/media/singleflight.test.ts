// Singleflight on its own: one run per key at a time, shared by every caller,
// forgotten once it settles (results and errors alike are never cached).
import t from 'tap'
import { createSingleflight } from '../../src/media/singleflight.js'

function deferred<T> () {
  let resolve: (value: T) => void = () => {}
  let reject: (error: Error) => void = () => {}
  const promise = new Promise<T>((_resolve, _reject) => { resolve = _resolve; reject = _reject })
  return { promise, resolve, reject }
}

/** A work function that counts its runs and settles when told. */
function counted<T> () {
  let runs = 0
  let current = deferred<T>()
  return {
    work: async () => {
      runs++
      current = deferred<T>()
      return await current.promise
    },
    resolve: (value: T) => current.resolve(value),
    reject: (error: Error) => current.reject(error),
    runs: () => runs
  }
}

t.test('concurrent calls with one key run the work once and all get its result', async (t) => {
  const flight = createSingleflight<string>()
  const render = counted<string>()
  const calls = Array.from({ length: 5 }, async () => await flight.run('scene-1', render.work))
  t.equal(render.runs(), 1, 'one run')
  t.equal(flight.has('scene-1'), true, 'under way')
  render.resolve('pixels')
  t.same(await Promise.all(calls), Array(5).fill('pixels'), 'every caller gets it')
  t.equal(render.runs(), 1)
})

t.test('once settled, the key is forgotten: the next call runs the work again', async (t) => {
  const flight = createSingleflight<number>()
  const render = counted<number>()
  const first = flight.run('k', render.work)
  render.resolve(1)
  t.equal(await first, 1)
  t.equal(flight.has('k'), false, 'nothing left under the key')
  const second = flight.run('k', render.work)
  t.equal(render.runs(), 2, 'a new run, not a cached result')
  render.resolve(2)
  t.equal(await second, 2)
})

t.test('a rejection reaches every waiter and is not cached', async (t) => {
  const flight = createSingleflight<string>()
  const render = counted<string>()
  const calls = Array.from({ length: 3 }, async () => await flight.run('k', render.work))
  render.reject(new Error('render failed'))
  for (const call of calls) await t.rejects(call, { message: 'render failed' })
  t.equal(flight.has('k'), false)
  const retry = flight.run('k', render.work)
  t.equal(render.runs(), 2, 'the next call tries again')
  render.resolve('ok')
  t.equal(await retry, 'ok')
})

t.test('different keys run separately', async (t) => {
  const flight = createSingleflight<string>()
  const a = counted<string>()
  const b = counted<string>()
  const first = flight.run('a', a.work)
  const second = flight.run('b', b.work)
  t.equal(a.runs(), 1)
  t.equal(b.runs(), 1, 'b was not folded into a')
  b.resolve('from b')
  t.equal(await second, 'from b', 'b settles while a is still running')
  t.equal(flight.has('a'), true)
  a.resolve('from a')
  t.equal(await first, 'from a')
})

t.test('a work function that throws synchronously rejects and does not leave its key stuck', async (t) => {
  const flight = createSingleflight<string>()
  const throwing = (): Promise<string> => { throw new Error('bad scene') }
  await t.rejects(flight.run('k', throwing), { message: 'bad scene' }, 'a rejection, not an exception from run()')
  t.equal(flight.has('k'), false, 'no pending entry was left')
  const render = counted<string>()
  const next = flight.run('k', render.work)
  t.equal(render.runs(), 1, 'the next call runs its own work')
  render.resolve('drawn')
  t.equal(await next, 'drawn')
})
