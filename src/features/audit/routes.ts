import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import {
  AdminAuditQuerySchema, AuditEventListSchema, DEFAULT_LIST_LIMIT, MyAuditQuerySchema
} from './schemas.js'
import { createAuditService } from './service.js'

const optionalDate = (value: string | undefined) => value === undefined ? undefined : new Date(value)

/** The audit log, read: `/v1/me/audit` (the caller's own events) and `/v1/admin/audit` (everyone's). */
export default async function auditRoutes (fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = createAuditService(app.audit)

  app.get('/v1/me/audit', {
    // A key must not read where its owner signs in from.
    config: { scope: 'profile:read', sessionOnly: true },
    schema: {
      operationId: 'listMyAuditEvents',
      summary: 'The signed-in user\'s security events, newest first',
      description: 'Sign-ups, sign-ins (failed ones too), logouts, password and email changes, ended sessions, API ' +
        'keys and admin actions on the account, kept for AUDIT_RETENTION. Pass `nextCursor` back as `cursor` for ' +
        'the next page.',
      tags: ['audit'],
      querystring: MyAuditQuerySchema,
      response: { 200: AuditEventListSchema }
    }
  }, async function listMyAuditEvents (request) {
    const { limit = DEFAULT_LIST_LIMIT, cursor } = request.query
    return await service.list({ userId: request.user.userId }, limit, cursor)
  })

  app.get('/v1/admin/audit', {
    config: { scope: 'profile:read', role: 'admin' },
    schema: {
      operationId: 'adminListAuditEvents',
      summary: 'Every security event, newest first, with filters',
      description: 'Filters: `userId` (deleted accounts too), `type`, and `since` (inclusive) and `until` ' +
        '(exclusive) as ISO 8601 times. Pass `nextCursor` back as `cursor` for the next page.',
      tags: ['audit'],
      querystring: AdminAuditQuerySchema,
      response: { 200: AuditEventListSchema }
    }
  }, async function adminListAuditEvents (request) {
    const { userId, type, since, until, limit = DEFAULT_LIST_LIMIT, cursor } = request.query
    return await service.list(
      { userId, type, since: optionalDate(since), until: optionalDate(until) }, limit, cursor
    )
  })
}
