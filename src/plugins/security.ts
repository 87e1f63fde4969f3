import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { errors } from '../errors.js'

/**
 * The client address for rate limiting. Fastify derives `request.ip` from the
 * socket or, per TRUST_PROXY, from X-Forwarded-For; a request whose address
 * cannot be told gets a bucket of its own rather than one shared by everyone.
 */
export function clientKey (request: FastifyRequest): string {
  return request.ip ?? request.socket.remoteAddress ?? `unknown:${request.id}`
}

async function securityPlugin (app: FastifyInstance) {
  const { config } = app

  await app.register(helmet, {
    // A JSON API loads nothing: the strictest policy. The docs page sets its own.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] }
    },
    // Later features serve images to SPAs on other origins and set their own CORP.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    hsts: config.nodeEnv === 'production' ? undefined : false
  })

  await app.register(cors, {
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'If-None-Match', 'If-Match', 'Range'],
    exposedHeaders: ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'X-Request-Id', 'ETag', 'Content-Disposition', 'Location'],
    maxAge: 600
  })

  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindow * 1000,
    keyGenerator: clientKey,
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) => errors.rateLimited(Math.ceil(context.ttl / 1000))
  })
}

export default fp(securityPlugin, { name: 'security', dependencies: ['config'] })

/** Route config for the stricter per-IP limits on signup, login and refresh (one bucket per route). */
export function authRateLimit (app: FastifyInstance) {
  return {
    max: app.config.authRateLimitMax,
    timeWindow: app.config.authRateLimitWindow * 1000,
    keyGenerator: clientKey
  }
}
