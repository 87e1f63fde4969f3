import { createRequire } from 'node:module'
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { Redis } from 'ioredis'
import type { SharedState } from './connection.js'

type Counted = (error: Error | null, result?: { current: number, ttl: number }) => void
interface StoreOptions { continueExceeding?: boolean, exponentialBackoff?: boolean, cache?: number }
interface RouteInfo { routeInfo?: { method?: string | string[], url?: string } }

// The plugin's own in-memory store (not re-exported by its entry point): the fallback counts exactly as
// a node without Redis does.
const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding?: boolean, exponentialBackoff?: boolean, cache?: number
) => FastifyRateLimitStore

/** One fixed window per key: the first hit starts it, later hits read how much of it is left. */
const INCR_SCRIPT = `
local current = redis.call('INCR', KEYS[1])
local ttl = tonumber(ARGV[1])
if current == 1 then
  redis.call('PEXPIRE', KEYS[1], ttl)
else
  ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then
    ttl = tonumber(ARGV[1])
    redis.call('PEXPIRE', KEYS[1], ttl)
  end
end
return {current, ttl}`

type Scripted = Redis & { rateLimitIncr: (key: string, windowMs: number) => Promise<[number, number]> }

function scripted (client: Redis): Scripted {
  if (!('rateLimitIncr' in client)) client.defineCommand('rateLimitIncr', { numberOfKeys: 1, lua: INCR_SCRIPT })
  return client as Scripted
}

/** A limit's own part of the key space, the same on every node: its route, or its own name. */
function namespaceOf (options: RouteInfo, fallback: string): string {
  const { method, url } = options.routeInfo ?? {}
  if (url === undefined) return fallback
  return `${[method ?? ''].flat().join(',')} ${url}`
}

/**
 * A @fastify/rate-limit store counting in Redis while its connection is ready, and in this node's memory
 * otherwise (or when a command fails): never a 500, never no limit. The plugin's own Redis store does
 * either when Redis fails. Continue-exceeding and exponential backoff are not supported (not used here).
 */
export function sharedRateLimitStore (shared: SharedState): FastifyRateLimitStoreCtor {
  class SharedRateLimitStore implements FastifyRateLimitStore {
    private readonly local: FastifyRateLimitStore
    private readonly prefix: string

    constructor (options: FastifyRateLimitOptions & RouteInfo, namespace = 'global') {
      const { continueExceeding, exponentialBackoff, cache } = options as StoreOptions
      this.local = new LocalStore(continueExceeding, exponentialBackoff, cache)
      this.prefix = `rate-limit:${namespace}:`
    }

    incr (key: string, callback: Counted, timeWindow: number, max: number): void {
      const client = shared.client
      if (client === null || !shared.isReady()) {
        this.local.incr(key, callback, timeWindow, max)
        return
      }
      scripted(client).rateLimitIncr(this.prefix + key, timeWindow).then(([current, ttl]) => {
        callback(null, { current, ttl })
      }, (error: unknown) => {
        shared.commandFailed(error)
        this.local.incr(key, callback, timeWindow, max)
      })
    }

    child (options: FastifyRateLimitOptions & RouteInfo): FastifyRateLimitStore {
      // createRateLimit's limiters have no route: theirs keys carry their name (see perUserRateLimit).
      return new SharedRateLimitStore(options, namespaceOf(options, 'limiter'))
    }
  }
  return SharedRateLimitStore
}
