import type { AuditEvent as AuditRow, Prisma, PrismaClient } from '../generated/prisma/client.js'

/** A page position: the last row's time and id (events are ordered newest first, ties by id). */
export interface AuditPosition { at: Date, id: string }

export interface AuditFilter {
  userId?: string
  type?: string
  /** Inclusive. */
  since?: Date
  /** Exclusive. */
  until?: Date
}

/** Events matching `filter`, newest first, after `after`; one more than `limit` tells there is a next page. */
export async function findAuditEvents (
  prisma: PrismaClient, filter: AuditFilter, limit: number, after?: AuditPosition
): Promise<AuditRow[]> {
  const at: Prisma.DateTimeFilter = {}
  if (filter.since !== undefined) at.gte = filter.since
  if (filter.until !== undefined) at.lt = filter.until
  return await prisma.auditEvent.findMany({
    where: {
      ...(filter.userId !== undefined ? { userId: filter.userId } : {}),
      ...(filter.type !== undefined ? { type: filter.type } : {}),
      ...(Object.keys(at).length > 0 ? { at } : {}),
      ...(after === undefined
        ? {}
        : { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] })
    },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit + 1
  })
}

/** Deletes the events older than `before`; returns how many went. */
export async function purgeAuditEvents (prisma: PrismaClient, before: Date): Promise<number> {
  const { count } = await prisma.auditEvent.deleteMany({ where: { at: { lt: before } } })
  return count
}
