import type { Audit } from '../../audit/plugin.js'
import type { AuditFilter, AuditPosition } from '../../audit/queries.js'
import { errors } from '../../errors.js'
import type { AuditEvent as AuditRow } from '../../generated/prisma/client.js'
import type { AuditEventItem, AuditEventList } from './schemas.js'

const encodeCursor = (row: AuditRow) =>
  Buffer.from(JSON.stringify({ t: row.at.getTime(), id: row.id })).toString('base64url')

function decodeCursor (cursor: string): AuditPosition {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown, id?: unknown }
    // A time a Date can hold (|t| ≤ 8.64e15 ms) and an id of ours: anything else would reach the query as garbage.
    if (typeof value.t === 'number' && Number.isSafeInteger(value.t) && Math.abs(value.t) <= 8.64e15 &&
      typeof value.id === 'string' && /^[0-9a-f-]{36}$/.test(value.id)) return { at: new Date(value.t), id: value.id }
  } catch {}
  throw errors.validation([{ path: '/cursor', message: 'is not a cursor from this API' }], 'The request querystring is not valid.')
}

function parseDetail (detail: string | null): AuditEventItem['detail'] {
  if (detail === null) return null
  try {
    return JSON.parse(detail) as AuditEventItem['detail']
  } catch {
    return null
  }
}

const toItem = (row: AuditRow): AuditEventItem => ({
  id: row.id,
  at: row.at.toISOString(),
  type: row.type as AuditEventItem['type'],
  userId: row.userId,
  actor: { type: row.actorType as AuditEventItem['actor']['type'], id: row.actorId },
  ip: row.ip,
  userAgent: row.userAgent,
  requestId: row.requestId,
  detail: parseDetail(row.detail)
})

/** Reading the audit log: the user's own events, and every event for admins. */
export function createAuditService (audit: Audit) {
  return {
    async list (filter: AuditFilter, limit: number, cursor?: string): Promise<AuditEventList> {
      const rows = await audit.find(filter, limit, cursor === undefined ? undefined : decodeCursor(cursor))
      const page = rows.slice(0, limit)
      return { items: page.map(toItem), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null }
    }
  }
}
