import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { codes } from '../errors.js'
import { createMetrics, type Metrics } from '../metrics/registry.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's metrics (its own registry: apps in one process share none). */
    metrics: Metrics
  }
  interface FastifyContextConfig {
    /** false: the route's requests are left out of the request duration histogram (GET /metrics itself). */
    measured?: boolean
  }
}

/** What a response tells about a sign-in, by status: 401 is a wrong login or password. */
const loginOutcomes: Partial<Record<number, 'ok' | 'failed' | 'throttled'>> = { 200: 'ok', 401: 'failed', 429: 'throttled' }

/**
 * The request metrics, read from responses so that no feature has to count: every route gets an onResponse
 * hook of its own that knows its route pattern (the hot path pays one histogram observation), and the
 * sign-in and refresh routes one that reads their outcome.
 */
async function metricsPlugin (app: FastifyInstance) {
  const metrics = createMetrics()
  app.decorate('metrics', metrics)

  function countRateLimited (request: FastifyRequest, reply: FastifyReply) {
    if (reply.statusCode === 429 && request.rateLimitedBy !== null) {
      metrics.rateLimited.inc({ limit: request.rateLimitedBy })
    }
  }

  const measureRoute = (route: string): onResponseHookHandler => function measureRequest (request, reply, done) {
    metrics.httpDuration.observe(
      { method: request.method, route, status_code: reply.statusCode }, reply.elapsedTime / 1000)
    countRateLimited(request, reply)
    done()
  }

  const countLogin: onResponseHookHandler = function countLogin (_request, reply, done) {
    const outcome = loginOutcomes[reply.statusCode]
    if (outcome !== undefined) metrics.logins.inc({ outcome })
    done()
  }

  const countRefreshReuse: onResponseHookHandler = function countRefreshReuse (request, _reply, done) {
    if (request.problemCode === codes.refreshTokenReused.code) metrics.refreshTokenReuse.inc()
    done()
  }

  app.addHook('onRoute', function addMetricsHooks (route: RouteOptions) {
    const hooks: onResponseHookHandler[] = []
    if (route.config?.measured !== false) hooks.push(measureRoute(route.url))
    if (route.schema?.operationId === 'login') hooks.push(countLogin)
    if (route.schema?.operationId === 'refreshToken') hooks.push(countRefreshReuse)
    route.onResponse = [...[route.onResponse ?? []].flat(), ...hooks]
  })

  // Requests no route matched (404, 405, and the 429s of the not-found handler's rate limit).
  const measureUnmatched = measureRoute('unmatched')
  app.addHook('onResponse', function measureUnmatchedRequest (request, reply, done) {
    if (request.is404) measureUnmatched.call(this, request, reply, done)
    else done()
  })
}

export default fp(metricsPlugin, { name: 'metrics', dependencies: ['errors', 'security'] })
