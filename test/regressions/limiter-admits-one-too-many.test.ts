// The password hasher's bound (now media/semaphore.ts) freed a slot before waking the
// oldest waiter, so a caller arriving in between ran too: N + 1 hashes at once, out of order.
import t from 'tap'
import { createSemaphore } from '../../src/media/semaphore.js'

t.test('a caller arriving as a slot is released does not run beside the woken waiter', async (t) => {
  const semaphore = createSemaphore(1)
  let running = 0
  let most = 0
  const order: string[] = []
  const job = (name: string) => async () => {
    running++
    most = Math.max(most, running)
    order.push(name)
    await new Promise((resolve) => setImmediate(resolve))
    running--
  }
  let release = () => {}
  const holder = new Promise<void>((resolve) => { release = resolve })
  // run() awaits this very promise, so the slot is released in the microtask where it settles.
  const first = semaphore.run(() => holder)
  const waiter = semaphore.run(job('waiter'))
  // Reacts to the same promise as the running job: calls run() right after the slot is released.
  const late = holder.then(async () => await semaphore.run(job('late')))
  release()
  await Promise.all([first, waiter, late])
  t.equal(most, 1, 'never two at once')
  t.same(order, ['waiter', 'late'], 'the waiter, which came first, runs first')
})
