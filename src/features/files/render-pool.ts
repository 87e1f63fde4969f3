import { availableParallelism } from 'node:os'
import type { FastifyInstance } from 'fastify'
import { errors } from '../../errors.js'

/** What variant rendering needs from the image feature's render concurrency limit. */
export interface RenderPool {
  run: <T>(job: () => Promise<T>) => Promise<T>
}

/** A counting semaphore with a short queue; past it, 503 with Retry-After. */
export function createLocalRenderPool (concurrency = availableParallelism(), maxQueue = 32): RenderPool {
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

/**
 * The shared render pool (the image feature's `renderPool` decorator, so
 * variants and generated images count against one limit) or, where that
 * feature is absent, a pool of our own. Resolved per call, as the image
 * feature may register after this one.
 */
export function sharedRenderPool (app: FastifyInstance): RenderPool {
  let fallback: RenderPool | undefined
  return {
    async run (job) {
      const shared = (app as unknown as { renderPool?: RenderPool }).renderPool
      if (shared !== undefined && typeof shared.run === 'function') return await shared.run(job)
      fallback ??= createLocalRenderPool()
      return await fallback.run(job)
    }
  }
}
