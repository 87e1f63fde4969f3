import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ApiError, codes } from '../../errors.js'
import apiKeyRoutes from './routes.js'
import { createApiKeyService } from './service.js'

/**
 * API keys: the `/v1/me/api-keys` routes, and the verifier the auth plugin sends every `sk_` bearer to. Wrapped
 * with fastify-plugin only so that the denial audit hook below sees every route, not just this feature's.
 */
async function apiKeysPlugin (app: FastifyInstance) {
  const service = createApiKeyService({ prisma: app.prisma, now: app.now, log: app.log })
  app.acceptApiKeys(service.verify)
  // Cached keys carry their owner's row: a role change or disabling is seen on the next request.
  app.onUserWrite(service.invalidateUser)

  // A key refused by scope or by a session-only or admin route (the auth plugin's 403 insufficient_scope).
  app.addHook('onError', async function recordApiKeyDenied (request, _reply, error) {
    const principal = request.user as typeof request.user | null
    if (principal?.kind !== 'apiKey' || !(error instanceof ApiError) || error.code !== codes.insufficientScope.code) {
      return
    }
    await app.audit.record({
      type: 'api_key_denied',
      userId: principal.userId,
      request,
      detail: {
        keyId: principal.keyId,
        method: request.method,
        route: request.routeOptions.url ?? null,
        scope: /scope="([^"]*)"/.exec(error.headers?.['www-authenticate'] ?? '')?.[1] ?? null
      }
    })
  })

  await app.register(apiKeyRoutes, { service })
}

export default fp(apiKeysPlugin, { name: 'api-keys', dependencies: ['config', 'database', 'audit', 'auth'] })
