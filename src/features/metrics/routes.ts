import { createHash, timingSafeEqual } from 'node:crypto'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { codes, errors } from '../../errors.js'
import { problemResponses } from '../../schemas.js'

const digest = (text: string) => createHash('sha256').update(text).digest()

/** Throws 401 unless the request carries `Authorization: Bearer <token>`, compared in constant time. */
function bearerCheck (token: string) {
  const expected = digest(token)
  return async function requireMetricsToken (request: FastifyRequest) {
    const header = request.headers.authorization
    if (header === undefined || !header.startsWith('Bearer ')) throw errors.unauthorized()
    // Digests of equal length: the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(digest(header.slice('Bearer '.length)), expected)) {
      throw errors.invalidToken('The metrics token is not valid.')
    }
  }
}

/**
 * GET /metrics for Prometheus. With METRICS_TOKEN set a scrape needs it; in production without one the route
 * does not exist (404, as any unknown address); in development and tests it is open. A scraper polls it from
 * one address all day: no rate limit, no request log, and not in the request duration histogram.
 */
export default async function metricsRoutes (app: FastifyInstance) {
  const { config, metrics } = app
  const token = config.metricsToken
  if (token === null && config.nodeEnv === 'production') return

  app.get('/metrics', {
    config: { rateLimit: false, measured: false },
    logLevel: 'silent',
    onRequest: token === null ? [] : [bearerCheck(token)],
    schema: {
      operationId: 'metrics',
      summary: 'Metrics in the Prometheus text format',
      description: 'Request durations, sign-ins, refresh-token reuse, rate-limited requests, the render queue, ' +
        'upload bytes, the mail outbox, cache lookups and the process metrics. With METRICS_TOKEN set it needs ' +
        '`Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); in production without METRICS_TOKEN it is off ' +
        '(404). Never rate limited, never logged per request.',
      tags: ['system'],
      response: {
        200: { description: 'The metrics.', content: { 'text/plain': { schema: Type.String() } } },
        ...problemResponses(codes.unauthorized, codes.invalidToken, codes.notFound)
      }
    }
  }, async function serveMetrics (_request, reply) {
    return await reply.type(metrics.contentType).send(await metrics.exposition())
  })
}
