// The audit log: security events in one table, written beside the request that
// caused them. Recording never fails a request: a failed insert is logged.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { AuditEvent as AuditRow } from '../generated/prisma/client.js'
import { runPeriodically } from '../periodic.js'
import { findAuditEvents, purgeAuditEvents, type AuditFilter, type AuditPosition } from './queries.js'

const PURGE_INTERVAL_MS = 3600 * 1000

export const AUDIT_EVENT_TYPES = [
  'signup', 'login_succeeded', 'login_failed', 'logout', 'refresh_token_reused',
  'email_verified', 'email_change_requested', 'email_changed', 'password_changed', 'password_reset',
  'session_revoked', 'other_sessions_revoked',
  'api_key_created', 'api_key_revoked', 'api_key_denied',
  'role_changed', 'account_disabled', 'account_enabled', 'account_deleted', 'admin_sessions_revoked',
  'admin_email_verified'
] as const
export type AuditEventType = typeof AUDIT_EVENT_TYPES[number]

/** Who acted: the account itself, an admin, or the system (a start-up promotion, a purge). */
export interface AuditActor {
  type: 'user' | 'admin' | 'system'
  id?: string | null
}

/** Where a request came from, for services that are handed values rather than requests. */
export interface AuditClient {
  ip?: string
  userAgent?: string
  requestId?: string
}

export interface AuditInput {
  type: AuditEventType
  /** The account the event is about; null for a login text that matches no account. */
  userId: string | null
  /** Default: the user themselves. */
  actor?: AuditActor
  /** The request that caused it (IP, user agent, request id), or the same read from `client`. */
  request?: FastifyRequest
  client?: AuditClient
  /** A small flat object: never a password, token, key, hash or mailed link. */
  detail?: Record<string, string | number | boolean | null>
}

export interface Audit {
  /** Writes one event (one insert); never throws, and a failure is logged. */
  record: (event: AuditInput) => Promise<void>
  /** Events matching `filter`, newest first, after `after`: up to `limit + 1` rows (the extra one means more). */
  find: (filter: AuditFilter, limit: number, after?: AuditPosition) => Promise<AuditRow[]>
  /** Deletes the events older than AUDIT_RETENTION; returns how many went. */
  purge: () => Promise<number>
}

declare module 'fastify' {
  interface FastifyInstance { audit: Audit }
}

/** The IP, user agent and request id of a request, for a service that records events. */
export const auditClientOf = (request: FastifyRequest): AuditClient =>
  ({ ip: request.ip, userAgent: request.headers['user-agent'], requestId: request.id })

async function auditPlugin (app: FastifyInstance) {
  app.decorate('audit', {
    async record ({ type, userId, actor, request, client, detail }) {
      const from = request !== undefined ? auditClientOf(request) : client ?? {}
      try {
        await app.prisma.auditEvent.create({
          data: {
            id: randomUUID(),
            at: app.now(),
            type,
            userId,
            actorType: actor?.type ?? 'user',
            actorId: actor === undefined ? userId : actor.id ?? null,
            ip: from.ip ?? null,
            userAgent: from.userAgent?.slice(0, 256) ?? null,
            requestId: from.requestId ?? null,
            detail: detail === undefined ? null : JSON.stringify(detail)
          }
        })
      } catch (error) {
        app.log.error({ err: error, auditEvent: type, userId }, 'could not write an audit event')
      }
    },

    async find (filter, limit, after) {
      return await findAuditEvents(app.prisma, filter, limit, after)
    },

    async purge () {
      return await purgeAuditEvents(app.prisma, new Date(app.now().getTime() - app.config.auditRetention * 1000))
    }
  } satisfies Audit)

  // Old events go at start-up and hourly, like ended sessions.
  runPeriodically(app, {
    name: 'purge old audit events',
    intervalMs: PURGE_INTERVAL_MS,
    task: async function purgeAuditLog () {
      const events = await app.audit.purge()
      if (events > 0) app.log.info({ events }, 'purged audit events older than AUDIT_RETENTION')
    }
  })
}

export default fp(auditPlugin, { name: 'audit', dependencies: ['config', 'database'] })
