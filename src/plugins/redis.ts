import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { sharedAttemptLimiters, memoryAttemptLimiters, type AttemptLimiterFactory } from '../redis/attempt-limiter.js'
import { connectSharedState, unsharedState, type SharedState } from '../redis/connection.js'

/** How long a starting node waits for Redis before it serves with per-node counts (and says so). */
const STARTUP_WAIT_MS = 2000

declare module 'fastify' {
  interface FastifyInstance {
    /** Redis shared by every node (REDIS_URL), or nothing shared without it. */
    sharedState: SharedState
    /** Failure counters (login throttle, mail limits): shared through Redis when it is there. */
    attemptLimiter: AttemptLimiterFactory
  }
}

async function redisPlugin (app: FastifyInstance) {
  const { redisUrl, redisKeyPrefix } = app.config
  if (redisUrl === null) {
    app.decorate('sharedState', unsharedState)
    app.decorate('attemptLimiter', memoryAttemptLimiters)
    return
  }
  const shared = connectSharedState({ url: redisUrl, keyPrefix: redisKeyPrefix, log: app.log })
  app.decorate('sharedState', shared)
  app.decorate('attemptLimiter', sharedAttemptLimiters(shared))
  app.addHook('onReady', async function connectRedis () {
    if (await shared.waitUntilReady(STARTUP_WAIT_MS)) app.log.info('Redis connected: limits and throttles count across nodes')
  })
  app.addHook('onClose', async function disconnectRedis () { shared.close() })
}

export default fp(redisPlugin, { name: 'redis', dependencies: ['config'] })
