/**
 * At most `concurrency` jobs at once; the others wait in arrival order. For
 * work that must not flood a shared resource (argon2 on libuv's pool, SQLite's
 * one connection). The render pool is its fair, bounded cousin (see render-pool.ts).
 */
export function createSemaphore (concurrency: number) {
  let active = 0
  const waiting: Array<() => void> = []

  function free () {
    // The slot passes straight to the oldest waiter: freeing it first would let a
    // caller arriving before the waiter wakes take it too (N + 1 running, out of order).
    const next = waiting.shift()
    if (next === undefined) active--
    else next()
  }

  /** Takes a slot, for a holder whose end is not one job's; resolves to the function that frees it (once). */
  async function acquire (): Promise<() => void> {
    if (active < concurrency) active++
    else await new Promise<void>((resolve) => waiting.push(resolve))
    let freed = false
    return () => {
      if (freed) return
      freed = true
      free()
    }
  }

  return {
    acquire,
    async run<T> (job: () => Promise<T>): Promise<T> {
      const release = await acquire()
      try {
        return await job()
      } finally {
        release()
      }
    },
    /** Jobs running and waiting, for tests and metrics. */
    get pending () { return active + waiting.length }
  }
}
