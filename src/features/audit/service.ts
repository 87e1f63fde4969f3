import type { Audit } from '../../audit/plugin.js'
import type { AuditFilter, AuditPosition } from '../../audit/queries.js'
import type { AuditEvent as AuditRow } from '../../generated/prisma/client.js'
import type { AuditEventItem, AuditEventList } from './schemas.js'
import { decodeCursor, encodeCursor, type CursorPosition } from '../../pagination.js'

const positionOf = ({ t, id }: CursorPosition): AuditPosition => ({ at: new Date(t), id })

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
      const rows = await audit.find(filter, limit, cursor === undefined ? undefined : positionOf(decodeCursor(cursor)))
      const page = rows.slice(0, limit)
      const nextCursor = rows.length > limit ? encodeCursor(page[limit - 1].at, page[limit - 1].id) : null
      return { items: page.map(toItem), nextCursor }
    }
  }
}
