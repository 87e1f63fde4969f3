/**
 * At most `concurrency` jobs at once; the others wait in arrival order. For
 * work that must not flood a shared resource (argon2 on libuv's pool). The
 * render pool is its fair, bounded cousin (see render-pool.ts).
 */
export function createSemaphore (concurrency: number) {
  let active = 0
  const waiting: Array<() => void> = []
  return {
    async run<T> (job: () => Promise<T>): Promise<T> {
      if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve))
      active++
      try {
        return await job()
      } finally {
        active--
        waiting.shift()?.()
      }
    },
    /** Jobs running and waiting, for tests and metrics. */
    get pending () { return active + waiting.length }
  }
}

export type Semaphore = ReturnType<typeof createSemaphore>
