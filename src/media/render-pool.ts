// The one render concurrency limit: scenes, placeholders, generated avatars,
// file variants, upload decoding and avatar resizing all take its slots. It is
// shared fairly: each client (a signed-in user, or an anonymous IP) may hold only
// a few slots and queue places, and anonymous clients together never hold the
// last slot nor more than half the queue, so one anonymous flood cannot lock
// signed-in users out. Past a share or the global bounds: 503 with Retry-After.
import type { FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import { errors } from '../errors.js'
import { rateLimitKey } from '../plugins/security.js'

/** Who a render is charged to. */
export interface RenderClient {
  /** `user:<id>` or `ip:<address>`. */
  key: string
  anonymous: boolean
}

export interface Share { slots: number, queue: number }

export interface RenderPoolLimits extends Share {
  perClient: Share
  perAnonymousClient: Share
}

export interface RenderPool {
  run: <T>(client: RenderClient, job: () => Promise<T>) => Promise<T>
  /** Jobs holding a slot and jobs waiting for one, now (metrics sample it). */
  load: () => { running: number, queued: number }
}

/** Told, for every job admitted, how long it waited for its slot (0 when one was free). */
export type QueueWaitObserver = (seconds: number) => void

export const userClient = (userId: string): RenderClient => ({ key: `user:${userId}`, anonymous: false })

/** The signed-in user when a valid token was sent, else the client address (an IPv6 /64, as for rate limits). */
export function renderClientOf (request: FastifyRequest): RenderClient {
  const userId = (request.user as { userId?: string } | null | undefined)?.userId
  return userId !== undefined ? userClient(userId) : { key: `ip:${rateLimitKey(request)}`, anonymous: true }
}

export function renderPoolLimits (config: Config): RenderPoolLimits {
  return {
    slots: config.imageMaxConcurrency,
    queue: config.imageQueueMax,
    perClient: { slots: config.imageMaxPerClient, queue: config.imageQueuePerClient },
    perAnonymousClient: { slots: config.imageAnonymousMaxPerClient, queue: config.imageAnonymousQueuePerClient }
  }
}

/** A per-key count that forgets keys at zero (a flood of IPs leaves nothing behind). */
function counter () {
  const counts = new Map<string, number>()
  return {
    get: (key: string) => counts.get(key) ?? 0,
    add (key: string, delta: number) {
      const next = (counts.get(key) ?? 0) + delta
      if (next === 0) counts.delete(key)
      else counts.set(key, next)
    }
  }
}

const ANONYMOUS = '\0anonymous' // the total of all anonymous clients; no client key starts with NUL

/**
 * A counting semaphore with a short FIFO queue and per-client shares. A job
 * waits only behind jobs that may start: when a slot frees, the oldest waiting
 * job whose client is under its share takes it.
 */
export function createRenderPool (limits: RenderPoolLimits, onQueueWait: QueueWaitObserver = () => {}): RenderPool {
  const anonymousTotal: Share = { slots: Math.max(1, limits.slots - 1), queue: Math.floor(limits.queue / 2) }
  const running = counter()
  const queued = counter()
  let runningTotal = 0
  const waiting: Array<{ client: RenderClient, start: () => void }> = []

  const shareOf = (client: RenderClient) => client.anonymous ? limits.perAnonymousClient : limits.perClient

  function mayStart (client: RenderClient): boolean {
    return runningTotal < limits.slots && running.get(client.key) < shareOf(client).slots &&
      (!client.anonymous || running.get(ANONYMOUS) < anonymousTotal.slots)
  }

  function mayWait (client: RenderClient): boolean {
    return waiting.length < limits.queue && queued.get(client.key) < shareOf(client).queue &&
      (!client.anonymous || queued.get(ANONYMOUS) < anonymousTotal.queue)
  }

  function count (client: RenderClient, tally: ReturnType<typeof counter>, delta: number): void {
    tally.add(client.key, delta)
    if (client.anonymous) tally.add(ANONYMOUS, delta)
  }

  function start (client: RenderClient): void {
    runningTotal++
    count(client, running, 1)
  }

  function finish (client: RenderClient): void {
    runningTotal--
    count(client, running, -1)
    for (let index = 0; index < waiting.length && runningTotal < limits.slots;) {
      const next = waiting[index]
      if (!mayStart(next.client)) { index++; continue }
      waiting.splice(index, 1)
      count(next.client, queued, -1)
      start(next.client)
      next.start()
    }
  }

  return {
    async run (client, job) {
      if (mayStart(client)) {
        start(client)
        onQueueWait(0)
      } else if (mayWait(client)) {
        count(client, queued, 1)
        const queuedAt = performance.now()
        await new Promise<void>((resolve) => waiting.push({ client, start: resolve }))
        onQueueWait((performance.now() - queuedAt) / 1000)
      } else {
        const full = waiting.length >= limits.queue && runningTotal >= limits.slots
        throw errors.serviceUnavailable(full
          ? 'Too many images are being rendered; try again shortly.'
          : 'You have as many images rendering and waiting as one client may; try again once they are done.', 1)
      }
      try {
        return await job()
      } finally {
        finish(client)
      }
    },
    load: () => ({ running: runningTotal, queued: waiting.length })
  }
}
