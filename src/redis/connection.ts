import type { FastifyBaseLogger } from 'fastify'
import { Redis, type RedisOptions } from 'ioredis'

/** Reconnection waits grow by this much per attempt... */
const RETRY_STEP_MS = 200
/** ...up to this: a Redis that comes back is used again within two seconds. */
const RETRY_CAP_MS = 2000
/** A command that takes longer fails (and the caller counts in memory) rather than holding a request. */
const COMMAND_TIMEOUT_MS = 500
/** After a timed-out command, how often a PING asks whether a connected but silent Redis answers again. */
const PROBE_INTERVAL_MS = 1000
/** The outage warning is repeated at most this often while Redis stays away. */
const OUTAGE_LOG_INTERVAL_MS = 60_000

/**
 * The state several nodes share through Redis (REDIS_URL), or nothing at all
 * without it: then `client` is null and every count and cache stays in this process.
 */
export interface SharedState {
  /** The command connection (null without REDIS_URL). Use it only while `isReady()`. */
  readonly client: Redis | null
  /** True while commands can be sent now; when false, callers count in memory instead of waiting. */
  isReady: () => boolean
  /** The channel name under the configured prefix (ioredis prefixes keys, never channels). */
  channel: (name: string) => string
  /** Fire and forget: a message is dropped while Redis is away (the caches' lifetime bounds the lag then). */
  publish: (channel: string, message: string) => void
  /** Messages on a channel, from every node (ours included); resubscribed after a reconnection. */
  subscribe: (channel: string, onMessage: (message: string) => void) => void
  /** A command failed although the connection looked ready: logged like an outage (at most once a minute). */
  commandFailed: (error: unknown) => void
  /** Waits (at most `ms`) for both connections, so a node starts counting in Redis from its first request. */
  waitUntilReady: (ms: number) => Promise<boolean>
  /** Drops both connections at once: never waits on a Redis that is away. */
  close: () => void
}

/** The state of a node without REDIS_URL: nothing shared. */
export const unsharedState: SharedState = {
  client: null,
  isReady: () => false,
  channel: (name) => name,
  publish: () => {},
  subscribe: () => {},
  commandFailed: () => {},
  waitUntilReady: async () => false,
  close: () => {}
}

export function connectionOptions (keyPrefix: string): RedisOptions {
  return {
    keyPrefix,
    // A command sent while disconnected fails at once instead of queueing (and holding its request).
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: RETRY_CAP_MS,
    retryStrategy: (attempt) => Math.min(attempt * RETRY_STEP_MS, RETRY_CAP_MS)
  }
}

function waitForReady (connection: Redis, ms: number): Promise<boolean> {
  if (connection.status === 'ready') return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => { connection.off('ready', onReady); resolve(false) }, ms)
    function onReady () { clearTimeout(timer); resolve(true) }
    connection.once('ready', onReady)
  })
}

/** Two connections to REDIS_URL: commands, and subscriptions (a subscribed connection sends nothing else). */
export function connectSharedState ({ url, keyPrefix, log }: {
  url: string
  keyPrefix: string
  log: FastifyBaseLogger
}): SharedState {
  const client = new Redis(url, connectionOptions(keyPrefix))
  // Subscriptions are on no request's path: they wait for the connection (a timed-out one would be lost).
  const subscriber = new Redis(url, {
    ...connectionOptions(keyPrefix), enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined
  })
  const handlers = new Map<string, Array<(message: string) => void>>()
  const subscriptions: Array<Promise<unknown>> = []
  let closed = false
  let down = false
  let lastWarning = -Infinity
  // A connection that stays open while Redis does not answer (a partition, a stopped server) is not
  // dropped by ioredis: after one timed-out command it is left alone until a PING gets through.
  let silent = false
  let probe: NodeJS.Timeout | undefined

  function outage (error: unknown) {
    if (closed) return
    down = true
    if (Date.now() - lastWarning < OUTAGE_LOG_INTERVAL_MS) return
    lastWarning = Date.now()
    log.warn({ err: error }, 'Redis is unavailable: rate limits and throttles count per node, and session ' +
      'revocations reach other nodes only through the one-second cache lifetime, until it is back')
  }

  function back () {
    clearTimeout(probe)
    silent = false
    if (!down) return
    down = false
    lastWarning = -Infinity
    log.info('Redis is available again: rate limits and throttles count across nodes')
  }

  function commandFailed (error: unknown) {
    outage(error)
    if (silent || !(error instanceof Error) || error.message !== 'Command timed out') return
    silent = true
    const ping = () => {
      probe = setTimeout(() => { client.ping().then(back, () => { if (!closed) ping() }) }, PROBE_INTERVAL_MS)
      probe.unref()
    }
    ping()
  }

  client.on('error', outage)
  client.on('close', () => { if (!closed && !down) outage(new Error('connection closed')) })
  client.on('ready', back)
  // Its loss shows on the command connection too; without a listener ioredis would print every error.
  subscriber.on('error', (error) => { log.debug({ err: error }, 'Redis subscription connection error') })
  subscriber.on('message', (channel: string, message: string) => {
    for (const handler of handlers.get(channel) ?? []) handler(message)
  })

  return {
    client,
    isReady: () => !closed && !silent && client.status === 'ready',
    channel: (name) => `${keyPrefix}${name}`,
    publish (channel, message) {
      if (closed || silent || client.status !== 'ready') return
      client.publish(channel, message).catch(commandFailed)
    },
    subscribe (channel, onMessage) {
      const list = handlers.get(channel)
      if (list !== undefined) {
        list.push(onMessage)
        return
      }
      handlers.set(channel, [onMessage])
      subscriptions.push(subscriber.subscribe(channel).catch((error: unknown) => {
        if (!closed) log.error({ err: error, channel }, 'could not subscribe to a Redis channel')
      }))
    },
    commandFailed,
    async waitUntilReady (ms) {
      const [commands, listening] = await Promise.all([waitForReady(client, ms), waitForReady(subscriber, ms)])
      // Once connected, the subscriptions made so far are answered within a round trip.
      if (listening) await Promise.all(subscriptions)
      return commands && listening
    },
    close () {
      closed = true
      clearTimeout(probe)
      client.disconnect()
      subscriber.disconnect()
    }
  }
}
