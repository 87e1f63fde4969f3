import { assertAnotherActiveAdmin, isActiveAdmin, lockActiveAdmins, toUser } from '../../accounts.js'
import type { Audit, AuditClient } from '../../audit/plugin.js'
import { errors } from '../../errors.js'
import { Prisma, type PrismaClient } from '../../generated/prisma/client.js'
import type { Sweeper } from '../../media/sweeper.js'
import type { Account, SessionStatusCache } from '../../plugins/session-status-cache.js'
import type { AdminListUsersQuery, AdminUpdateUserBody, AdminUser } from './schemas.js'
import { decodeCursor, encodeCursor } from '../../pagination.js'

/** The admin acting, and where the request came from (for the audit log). */
export interface AdminActor {
  adminId: string
  client: AuditClient
}

const unknownUser = () => errors.notFound('No user has this id.')

export function createAdminService ({ prisma, now, publicUrl, sessionStatus, sweeper, audit }: {
  prisma: PrismaClient
  now: () => Date
  publicUrl: string
  sessionStatus: SessionStatusCache
  sweeper: Sweeper
  audit: Audit
}) {
  const toAdminUser = (row: Account): AdminUser => ({ ...toUser(row, publicUrl), disabled: row.disabled })
  const record = (type: Parameters<Audit['record']>[0]['type'], userId: string, by: AdminActor,
    detail?: Record<string, string | number | boolean>) =>
    audit.record({ type, userId, actor: { type: 'admin', id: by.adminId }, client: by.client, detail })

  return {
    async list ({ q, role, disabled, limit, cursor }: AdminListUsersQuery & { limit: number }) {
      const after = cursor === undefined ? undefined : decodeCursor(cursor)
      // Emails and usernames are stored lower-cased. Raw SQL for LIKE's ESCAPE clause:
      // Prisma's `startsWith` leaves `%` and `_` in the text as wildcards.
      const prefix = q?.trim().toLowerCase() ?? ''
      const pattern = `${prefix.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
      const conditions: Prisma.Sql[] = [
        ...(role !== undefined ? [Prisma.sql`"role" = ${role}`] : []),
        ...(disabled === true ? [Prisma.sql`"disabled" = true`] : disabled === false ? [Prisma.sql`"disabled" = false`] : []),
        ...(prefix !== ''
          ? [Prisma.sql`("email" LIKE ${pattern} ESCAPE '\\' OR "username" LIKE ${pattern} ESCAPE '\\')`]
          : []),
        ...(after !== undefined
          ? [Prisma.sql`("createdAt" < ${new Date(after.t)} OR ("createdAt" = ${new Date(after.t)} AND "id" < ${after.id}))`]
          : [])
      ]
      const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty
      const ids = await prisma.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "User" ${where}
        ORDER BY "createdAt" DESC, "id" DESC LIMIT ${limit + 1}`
      const rows = await prisma.user.findMany({
        where: { id: { in: ids.map((row) => row.id) } },
        omit: { passwordHash: true },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }]
      })
      const page = rows.slice(0, limit)
      return {
        items: page.map(toAdminUser),
        nextCursor: rows.length > limit ? encodeCursor(page[limit - 1].createdAt, page[limit - 1].id) : null
      }
    },

    async get (userId: string): Promise<AdminUser> {
      const row = await prisma.user.findUnique({ where: { id: userId }, omit: { passwordHash: true } })
      if (row === null) throw unknownUser()
      return toAdminUser(row)
    },

    /** Changes role, disabled and emailVerified at once; the last active admin keeps both. */
    async update (userId: string, change: AdminUpdateUserBody, by: AdminActor): Promise<AdminUser> {
      const { before, after } = await prisma.$transaction(async (tx) => {
        await lockActiveAdmins(tx)
        const before = await tx.user.findUnique({ where: { id: userId }, omit: { passwordHash: true } })
        if (before === null) throw unknownUser()
        const next = { role: change.role ?? before.role, disabled: change.disabled ?? before.disabled }
        if (isActiveAdmin(before) && !isActiveAdmin(next)) await assertAnotherActiveAdmin(tx, userId)
        const after = await tx.user.update({ where: { id: userId }, data: change, omit: { passwordHash: true } })
        return { before, after }
      })
      // Again after the commit: a session read during the transaction may have cached the old row.
      sessionStatus.invalidateUser(userId)
      if (before.role !== after.role) await record('role_changed', userId, by, { from: before.role, to: after.role })
      if (before.disabled !== after.disabled) {
        await record(after.disabled ? 'account_disabled' : 'account_enabled', userId, by)
      }
      if (before.emailVerified !== after.emailVerified) {
        await record('admin_email_verified', userId, by, { from: before.emailVerified, to: after.emailVerified })
      }
      return toAdminUser(after)
    },

    /** The same purge as self-deletion: every row in one transaction, then the blobs. */
    async delete (userId: string, by: AdminActor): Promise<void> {
      const exists = await prisma.user.findUnique({ where: { id: userId }, select: { id: true } })
      if (exists === null) throw unknownUser()
      await sweeper.purgeUser(userId, async () => {
        await prisma.$transaction(async (tx) => {
          await lockActiveAdmins(tx)
          const target = await tx.user.findUnique({ where: { id: userId }, select: { role: true, disabled: true } })
          if (target === null) throw unknownUser()
          if (isActiveAdmin(target)) await assertAnotherActiveAdmin(tx, userId)
          await tx.user.delete({ where: { id: userId } })
        })
      })
      sessionStatus.invalidateUser(userId)
      await record('account_deleted', userId, by)
    },

    /** Ends every session (its access and refresh tokens) and voids every device token of the user. */
    async revokeSessions (userId: string, by: AdminActor): Promise<void> {
      const at = now()
      const [users, sessions] = await prisma.$transaction([
        prisma.user.updateMany({ where: { id: userId }, data: { devicesRevokedAt: at } }),
        prisma.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: at, revokedReason: 'admin' } })
      ])
      sessionStatus.invalidateUser(userId)
      if (users.count === 0) throw unknownUser()
      await record('admin_sessions_revoked', userId, by, { sessions: sessions.count })
    },

    /**
     * ADMIN_EMAIL: the account with this address becomes an admin, but only once the address
     * is verified (else whoever signed up with it first would be admin). Returns what it did.
     */
    async promoteAdminEmail (email: string): Promise<'promoted' | 'already_admin' | 'unverified' | 'no_account'> {
      const user = await prisma.user.findUnique({
        where: { email },
        select: { id: true, role: true, emailVerified: true }
      })
      if (user === null) return 'no_account'
      if (!user.emailVerified) return 'unverified'
      if (user.role === 'admin') return 'already_admin'
      // Conditional: nodes starting together promote (and record) once.
      const { count } = await prisma.user.updateMany({
        where: { id: user.id, emailVerified: true, role: user.role },
        data: { role: 'admin' }
      })
      if (count === 0) return 'already_admin'
      const detail = { from: user.role, to: 'admin' }
      await audit.record({ type: 'role_changed', userId: user.id, actor: { type: 'system' }, detail })
      return 'promoted'
    }
  }
}

export type AdminService = ReturnType<typeof createAdminService>
