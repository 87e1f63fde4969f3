import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import type { DestinationStream } from 'pino'
import type { Config } from './config.js'
import { errors } from './errors.js'
import adminRoutes from './features/admin/routes.js'
import apiKeysPlugin from './features/api-keys/plugin.js'
import auditRoutes from './features/audit/routes.js'
import authFeature from './features/auth/plugin.js'
import { AuthResultSchema } from './features/auth/schemas.js'
import avatarRoutes from './features/avatars/routes.js'
import filesPlugin from './features/files/plugin.js'
import fileRoutes from './features/files/routes.js'
import storageRoutes from './features/files/storage-routes.js'
import healthRoutes from './features/health/routes.js'
import imagesPlugin from './features/images/plugin.js'
import imageRoutes from './features/images/routes.js'
import keyRoutes from './features/keys/routes.js'
import metricsRoutes from './features/metrics/routes.js'
import userRoutes from './features/users/routes.js'
import mailPlugin from './mail/plugin.js'
import auditPlugin from './audit/plugin.js'
import mediaPlugin from './media/plugin.js'
import authPlugin from './plugins/auth.js'
import configPlugin from './plugins/config.js'
import databasePlugin from './plugins/database.js'
import errorsPlugin, { sendProblem } from './plugins/errors.js'
import metricsPlugin from './plugins/metrics.js'
import openapiPlugin from './plugins/openapi.js'
import redisPlugin from './plugins/redis.js'
import securityPlugin from './plugins/security.js'
import validationPlugin from './plugins/validation.js'
import { sharedSchemas } from './schemas.js'

export interface BuildAppOptions {
  config: Config
  /** The clock every service reads; tests move it. */
  now?: () => Date
  /** Where log lines go (stdout by default); tests capture them. */
  logStream?: DestinationStream
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/

/** A sane incoming x-request-id is kept (so traces join up); anything else is replaced. */
function requestId (request: IncomingMessage): string {
  const incoming = request.headers['x-request-id']
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
}

const SECRET_QUERY_PARAMS = /^(token|access_token|refresh_token|accesstoken|refreshtoken|sig|signature|password|code|key|api_key|apikey)$/i

/** The URL as logged: values of query parameters that carry secrets are masked. */
export function redactUrl (url: string): string {
  const queryStart = url.indexOf('?')
  if (queryStart === -1) return url
  const query = url.slice(queryStart + 1).split('&').map((pair) => {
    const [name] = pair.split('=', 1)
    let decoded = name
    try { decoded = decodeURIComponent(name) } catch {}
    return SECRET_QUERY_PARAMS.test(decoded) ? `${name}=[REDACTED]` : pair
  })
  return `${url.slice(0, queryStart)}?${query.join('&')}`
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops

export async function buildApp (
  { config, now = () => new Date(), logStream }: BuildAppOptions
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      stream: logStream,
      // Bodies are never logged; these paths guard what else could carry a secret.
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.refreshToken', '*.accessToken'],
        censor: '[REDACTED]'
      },
      serializers: {
        req: (request) => ({ method: request.method, url: redactUrl(request.url), remoteAddress: request.ip })
      }
    },
    genReqId: requestId,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: config.bodyLimit,
    // A hop count becomes Fastify's function form: trust that many proxies in front.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 72_000,
    return503OnClosing: true,
    // Errors raised before routing (a malformed URL) never reach the error handler,
    // nor the hooks that set the security headers.
    frameworkErrors: function handleFrameworkError (error, request, reply) {
      reply.headers(app.securityHeaders)
      sendProblem(request, reply, errors.invalidRequest(error.message, error))
    }
  })

  // Only JSON bodies are accepted; Fastify would otherwise parse text/plain as a string.
  app.removeContentTypeParser('text/plain')

  if (config.trustProxy === true) {
    app.log.warn('TRUST_PROXY=true trusts the left-most X-Forwarded-For, which any client can set: clients choose ' +
      'their own IP and so their rate-limit key. Set TRUST_PROXY to the number of proxies in front (e.g. 1) or ' +
      'to their addresses/CIDRs.')
  }

  // The request id is echoed by the security plugin's hook, with the headers every answer carries.

  // While closing, answers tell keep-alive clients to hang up, so connections
  // that were busy when the close began end with their response. So does an
  // answer sent before the body was all read (a refused upload): the rest of the
  // body would otherwise sit unread on the socket and the next request hang.
  // (`complete` is Node's flag; injected requests have none.)
  let closing = false
  app.addHook('preClose', async function markClosing () { closing = true })
  app.addHook('onSend', function closeConnectionWhenClosing (request, reply, payload, done) {
    if (closing || request.raw.complete === false) reply.header('connection', 'close')
    done(null, payload)
  })

  // Ecosystem plugins, then our infrastructure, then the features.
  await app.register(configPlugin, { config, now })
  await app.register(validationPlugin, { schemas: [...sharedSchemas, AuthResultSchema] })
  await app.register(redisPlugin)
  await app.register(securityPlugin)
  await app.register(errorsPlugin)
  await app.register(metricsPlugin)
  await app.register(databasePlugin)
  await app.register(mailPlugin)
  await app.register(auditPlugin)
  await app.register(authPlugin)
  await app.register(openapiPlugin)

  await app.register(healthRoutes)
  await app.register(metricsRoutes)
  await app.register(keyRoutes)
  await app.register(mediaPlugin)
  await app.register(authFeature)
  await app.register(apiKeysPlugin)
  await app.register(auditRoutes)
  await app.register(adminRoutes, { prefix: '/v1/admin' })
  await app.register(userRoutes)
  await app.register(imagesPlugin)
  await app.register(filesPlugin)
  await app.register(fileRoutes, { prefix: '/v1/files' })
  await app.register(storageRoutes, { prefix: '/v1/me/storage' })
  await app.register(avatarRoutes)
  await app.register(imageRoutes, { prefix: '/v1/images' })

  return app
}
