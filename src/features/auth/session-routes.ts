import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { codes, errors } from '../../errors.js'
import { sessionIdOf } from '../../plugins/auth.js'
import { problemResponses } from '../../schemas.js'
import { SessionListSchema, SessionParamsSchema } from './schemas.js'
import type { SessionManager } from './sessions.js'

/**
 * `/v1/me/sessions`: the signed-in user's own sessions, to review them and end
 * the ones left on a lost device. Served to unverified accounts too.
 */
export default async function sessionRoutes (fastify: FastifyInstance, { sessions }: { sessions: SessionManager }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { config } = app

  app.get('/v1/me/sessions', {
    config: { scope: 'profile:read', sessionOnly: true, unverifiedEmail: true },
    schema: {
      operationId: 'listSessions',
      summary: 'The signed-in user\'s live sessions',
      description: 'One per sign-in, newest first; ended sessions (logged out, revoked, expired or idle) are left ' +
        'out. `lastUsedAt` is the last refresh, so it lags use by up to the access token lifetime.',
      tags: ['sessions'],
      response: { 200: SessionListSchema }
    }
  }, async function listSessions (request) {
    const { userId } = request.user
    const sessionId = sessionIdOf(request)
    const rows = await sessions.listLive(userId, config)
    return {
      items: rows.map((row) => ({
        id: row.id,
        current: row.id === sessionId,
        createdAt: row.createdAt.toISOString(),
        lastUsedAt: row.lastRefreshedAt.toISOString(),
        ip: row.ip,
        userAgent: row.userAgent
      }))
    }
  })

  app.delete('/v1/me/sessions/:id', {
    config: { scope: 'profile:write', sessionOnly: true, unverifiedEmail: true },
    schema: {
      operationId: 'revokeSession',
      summary: 'End one of the signed-in user\'s sessions',
      description: 'Its refresh token dies and its access tokens are refused at once. Ending the current ' +
        'session is a logout. Another user\'s session, or one already ended, is a 404.',
      tags: ['sessions'],
      params: SessionParamsSchema,
      response: {
        204: Type.Null({ description: 'The session has ended.' }),
        ...problemResponses(codes.notFound)
      }
    }
  }, async function revokeSession (request, reply) {
    const { userId } = request.user
    const ended = await sessions.endOwn(userId, request.params.id, config, 'revoked')
    if (!ended) throw errors.notFound('No live session of yours has this id.')
    const detail = { sessionId: request.params.id, current: request.params.id === sessionIdOf(request) }
    await app.audit.record({ type: 'session_revoked', userId, request, detail })
    return reply.code(204).send(null)
  })

  app.delete('/v1/me/sessions', {
    config: { scope: 'profile:write', sessionOnly: true, unverifiedEmail: true },
    schema: {
      operationId: 'revokeOtherSessions',
      summary: 'End every session but the current one',
      description: 'Signs out every other device: their refresh tokens die and their access tokens are refused at once.',
      tags: ['sessions'],
      response: { 204: Type.Null({ description: 'Every other session has ended.' }) }
    }
  }, async function revokeOtherSessions (request, reply) {
    const { userId } = request.user
    const sessionsEnded = await sessions.endAllOf(userId, 'revoked', sessionIdOf(request))
    await app.audit.record({ type: 'other_sessions_revoked', userId, request, detail: { sessionsEnded } })
    return reply.code(204).send(null)
  })
}
