import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { SharedState } from './connection.js'

/**
 * Counts failures per key in fixed windows (failed logins per account, mails asked for). Counted in Redis
 * while it is ready, so every node sees one count; in this process otherwise.
 */
export interface AttemptLimiter {
  /** Seconds until the key may try again; 0 when it may now. */
  blockedFor: (key: string) => Promise<number>
  /** Counts a failure; answers what `blockedFor` would answer after it. */
  fail: (key: string) => Promise<number>
  /** Counts an attempt and answers whether it was within the max: check and count in one step, on every node. */
  take: (key: string) => Promise<boolean>
  reset: (key: string) => Promise<void>
}

export interface AttemptLimiterOptions {
  max: number
  windowSeconds: number
  now: () => Date
  maxKeys?: number
}

/** Makes a named limiter; the name keeps its keys apart from every other limiter's in Redis. */
export type AttemptLimiterFactory = (name: string, options: AttemptLimiterOptions) => AttemptLimiter

/** This process's count: a node without Redis, or any node while Redis is away. */
export function createMemoryAttemptLimiter ({ max, windowSeconds, now, maxKeys = 100_000 }: AttemptLimiterOptions):
AttemptLimiter {
  const windows = new Map<string, { failures: number, resetAt: number }>()

  function current (key: string, at: number) {
    const entry = windows.get(key)
    if (entry === undefined || entry.resetAt <= at) return undefined
    return entry
  }

  function blockedFor (key: string): number {
    const at = now().getTime()
    const entry = current(key, at)
    return entry !== undefined && entry.failures >= max ? Math.ceil((entry.resetAt - at) / 1000) : 0
  }

  /** The key's failures, this one included. */
  function fail (key: string): number {
    const at = now().getTime()
    const entry = current(key, at)
    if (entry !== undefined) return ++entry.failures
    if (windows.size >= maxKeys) {
      for (const [staleKey, stale] of windows) if (stale.resetAt <= at) windows.delete(staleKey)
      if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string)
    }
    windows.set(key, { failures: 1, resetAt: at + windowSeconds * 1000 })
    return 1
  }

  return {
    blockedFor: async (key) => blockedFor(key),
    fail: async (key) => { fail(key); return blockedFor(key) },
    take: async (key) => fail(key) <= max,
    reset: async (key) => { windows.delete(key) }
  }
}

export const memoryAttemptLimiters: AttemptLimiterFactory = (_name, options) => createMemoryAttemptLimiter(options)

/** The failures so far and the window's milliseconds left (a failure first starts the window). */
const FAIL_SCRIPT = `
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {failures, redis.call('PTTL', KEYS[1])}`
const READ_SCRIPT = `
local failures = redis.call('GET', KEYS[1])
if not failures then return {0, 0} end
return {tonumber(failures), redis.call('PTTL', KEYS[1])}`

type Scripted = Redis & {
  attemptFail: (key: string, windowMs: number) => Promise<[number, number]>
  attemptRead: (key: string) => Promise<[number, number]>
}

function scripted (client: Redis): Scripted {
  if (!('attemptFail' in client)) {
    client.defineCommand('attemptFail', { numberOfKeys: 1, lua: FAIL_SCRIPT })
    client.defineCommand('attemptRead', { numberOfKeys: 1, lua: READ_SCRIPT })
  }
  return client as Scripted
}

/**
 * A limiter counting in Redis while it is ready and in memory otherwise (a failed command included).
 * Keys are hashed: they are login texts (emails), which Redis need not list.
 */
export function sharedAttemptLimiters (shared: SharedState): AttemptLimiterFactory {
  return function sharedAttemptLimiter (name, options) {
    const memory = createMemoryAttemptLimiter(options)
    const windowMs = options.windowSeconds * 1000
    const redisKey = (key: string) => `attempts:${name}:${createHash('sha256').update(key).digest('base64url')}`
    const secondsLeft = ([failures, ttl]: [number, number]) =>
      failures >= options.max ? Math.max(1, Math.ceil(ttl / 1000)) : 0

    /** Redis's answer, or memory's when Redis is away or fails. */
    async function either<T> (viaRedis: (client: Scripted) => Promise<T>, viaMemory: () => Promise<T>): Promise<T> {
      const client = shared.client
      if (client === null || !shared.isReady()) return await viaMemory()
      try {
        return await viaRedis(scripted(client))
      } catch (error) {
        shared.commandFailed(error)
        return await viaMemory()
      }
    }

    return {
      blockedFor: async (key) => await either(
        async (client) => secondsLeft(await client.attemptRead(redisKey(key))),
        async () => await memory.blockedFor(key)),
      fail: async (key) => await either(
        async (client) => secondsLeft(await client.attemptFail(redisKey(key), windowMs)),
        async () => await memory.fail(key)),
      take: async (key) => await either(
        async (client) => (await client.attemptFail(redisKey(key), windowMs))[0] <= options.max,
        async () => await memory.take(key)),
      reset: async (key) => {
        await either(async (client) => { await client.del(redisKey(key)) }, async () => {})
        await memory.reset(key)
      }
    }
  }
}
