import cors, { type FastifyCorsOptions } from '@fastify/cors'
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet'
import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { codes, errors } from '../errors.js'
import type { RateLimitName } from '../metrics/registry.js'
import { sharedRateLimitStore } from '../redis/rate-limit-store.js'
import { setContentSecurityHeaders } from '../media/serve.js'
import { addProblems } from '../schemas.js'
import { RATE_LIMITED } from './openapi.js'

/**
 * The client address, as kept on sessions. Fastify derives `request.ip` from the
 * socket or, per TRUST_PROXY, from X-Forwarded-For.
 */
export function clientKey (request: FastifyRequest): string {
  return request.ip ?? request.socket.remoteAddress ?? `unknown:${request.id}`
}

/**
 * The rate-limit bucket of a request: its client address, with an IPv6 address
 * cut to its /64 (one subscriber's network: rotating through it would dodge
 * every limit) and an IPv4-mapped one read as IPv4, as the plugin's own key does.
 * A request whose address cannot be told gets a bucket of its own rather than
 * one shared by everyone.
 */
export function rateLimitKey (request: FastifyRequest): string {
  const address = request.ip ?? request.socket.remoteAddress
  return address === undefined ? `unknown:${request.id}` : normalizeIP(address)
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Helmet's headers for a JSON answer, for the answers Fastify sends before
     * any hook runs (a malformed URL): those must carry them too.
     */
    securityHeaders: Record<string, string>
  }
  interface FastifyContextConfig {
    /** Serves bytes other origins may show in <img> (files, avatars, images): see setContentSecurityHeaders. */
    servesContent?: boolean
  }
  interface FastifyRequest {
    /** Which limit answered the request 429 (null when none did): metrics read it. */
    rateLimitedBy: RateLimitName | null
  }
}

/** The headers helmet sets with these options, read from helmet itself so they never drift. */
async function helmetHeaders (options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify()
  await probe.register(helmet, options)
  probe.get('/', async function probeRoute () { return {} })
  const response = await probe.inject({ method: 'GET', url: '/' })
  await probe.close()
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(response.headers)) {
    if (!['content-type', 'content-length', 'date', 'connection'].includes(name)) headers[name] = String(value)
  }
  return headers
}

async function securityPlugin (app: FastifyInstance) {
  const { config } = app

  const helmetOptions: FastifyHelmetOptions = {
    // A JSON API loads nothing: the strictest policy. The docs page sets its own.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] }
    },
    // Later features serve images to SPAs on other origins and set their own CORP.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    hsts: config.nodeEnv === 'production' ? undefined : false
  }
  // @fastify/helmet builds helmet's middleware anew for every request (a fifth
  // of /health's time here) and, even with `global: false`, adds two hooks to every
  // request. The headers do not vary per request, so they are read from helmet once
  // (in a throwaway instance) and set by one synchronous hook, with the request id.
  const securityHeaders = await helmetHeaders(helmetOptions)
  app.decorate('securityHeaders', securityHeaders)
  app.addHook('onRequest', function setSecurityHeaders (request, reply, done) {
    reply.headers(securityHeaders)
    reply.header('x-request-id', request.id)
    if (request.routeOptions.config.servesContent === true) setContentSecurityHeaders(reply)
    done()
  })

  const corsOptions: FastifyCorsOptions = {
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'Authorization', 'Content-Type', 'X-Request-Id', 'If-None-Match', 'If-Match', 'Range',
      ...(config.refreshTokenCookie ? ['X-CSRF-Token'] : [])
    ],
    exposedHeaders: ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'X-Request-Id', 'ETag', 'Content-Disposition', 'Content-Range', 'Location'],
    maxAge: 600,
    // The strict mode answers an OPTIONS without Origin with a text/plain 400,
    // which is no problem document; such a request gets the preflight answer instead.
    strictPreflight: false
  }
  if (!config.refreshTokenCookie) {
    await app.register(cors, corsOptions)
  } else {
    // Cookie mode: credentialed CORS (the refresh cookie) for the listed origins only. The plugin sends
    // Access-Control-Allow-Credentials to every Origin when `credentials` is set, so it is chosen per request.
    const listed = new Set(config.corsOrigins)
    const credentialed = { ...corsOptions, credentials: true }
    await app.register(cors, {
      delegator: (request, callback) => {
        const origin = request.headers.origin
        callback(null, origin !== undefined && listed.has(origin) ? credentialed : corsOptions)
      }
    })
  }

  app.decorateRequest('rateLimitedBy', null)
  await app.register(rateLimit, {
    global: false,
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindow * 1000,
    keyGenerator: rateLimitKey,
    // Redis while it is ready (every node counts together), this node's memory otherwise.
    store: sharedRateLimitStore(app.sharedState),
    enableDraftSpec: true,
    errorResponseBuilder: (request, context) => {
      request.rateLimitedBy = request.routeOptions.config.rateLimit === undefined ? 'global' : 'route'
      return errors.rateLimited(Math.ceil(context.ttl / 1000))
    }
  })

  // The global limit is an app-wide hook rather than the plugin's per-route one,
  // which runs after a feature's own hooks: requests that authentication refused
  // (a flood of forged tokens) were never counted. Here every request counts, the
  // 404 handler's included; routes with a limit of their own (signup, login,
  // refresh, public images) use that instead, as the plugin does. Per-user
  // limits come on top of this one (see `perUserRateLimit`).
  const globalLimit = app.rateLimit()
  app.addHook('onRoute', function declareRateLimit (route) {
    if (route.config?.rateLimit === false) return
    addProblems(route, codes.rateLimited)
    if (route.schema !== undefined) route.schema = { ...route.schema, [RATE_LIMITED]: true }
  })
  // Synchronous for the routes with their own limit (or none), so they pay no promise for it.
  app.addHook('onRequest', function limitPerClient (request, reply, done) {
    if (request.routeOptions.config.rateLimit !== undefined) return done()
    globalLimit.call(this, request, reply).then(() => { done() }, done)
  })
}

export default fp(securityPlugin, { name: 'security', dependencies: ['config', 'redis'] })

/**
 * A hook (after authentication) limiting a signed-in user's calls to a route, on top of the
 * per-IP limit (the plugin runs one limit per request, so this one is ours):
 * the same draft headers, and a 429 rate_limited with Retry-After.
 */
export function perUserRateLimit (
  app: FastifyInstance,
  options: { name: string, max: number, timeWindowSeconds: number }
) {
  const check = app.createRateLimit({
    max: options.max,
    timeWindow: options.timeWindowSeconds * 1000,
    keyGenerator: (request) => `${options.name}:${(request.user as { userId: string }).userId}`
  })
  return async function limitPerUser (request: FastifyRequest, reply: FastifyReply) {
    const limit = await check(request)
    if (limit.isAllowed) return
    reply.header('ratelimit-limit', limit.max).header('ratelimit-remaining', limit.remaining).header('ratelimit-reset', limit.ttlInSeconds)
    if (limit.isExceeded) {
      reply.header('retry-after', limit.ttlInSeconds)
      request.rateLimitedBy = 'user'
      throw errors.rateLimited(limit.ttlInSeconds)
    }
  }
}

/** Route config for the stricter per-IP limits on signup, login and refresh (one bucket per route). */
export function authRateLimit (app: FastifyInstance) {
  return {
    max: app.config.authRateLimitMax,
    timeWindow: app.config.authRateLimitWindow * 1000,
    keyGenerator: rateLimitKey
  }
}
