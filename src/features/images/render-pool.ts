import { errors } from '../../errors.js'

/** The one render concurrency limit: generated images and file variants take its slots. */
export interface RenderPool {
  run: <T>(job: () => Promise<T>) => Promise<T>
}

/** A counting semaphore with a short queue; past it, 503 with Retry-After. */
export function createRenderPool (concurrency: number, maxQueue: number): RenderPool {
  let running = 0
  const waiting: Array<() => void> = []
  return {
    async run (job) {
      if (running >= concurrency) {
        if (waiting.length >= maxQueue) throw errors.serviceUnavailable('Too many images are being rendered; try again shortly.', 1)
        await new Promise<void>((resolve) => waiting.push(resolve))
      } else {
        running++
      }
      try {
        return await job()
      } finally {
        const next = waiting.shift()
        if (next !== undefined) next() // the slot passes straight to the next job
        else running--
      }
    }
  }
}
