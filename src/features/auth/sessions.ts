import type { PrismaClient } from '../../generated/prisma/client.js'
import { liveSessionWhere, type SessionPolicy } from '../../plugins/session-liveness.js'
import type { SessionStatusCache } from '../../plugins/session-status-cache.js'

/** Why a session ended, kept on its row. */
export type EndReason = 'logout' | 'refresh_token_reused' | 'revoked' | 'password_changed' | 'password_reset'

/**
 * Ending sessions, whichever route asks: the row is stamped revoked and the
 * session check's cache forgets it, so its access tokens fail at once (the
 * same guarantee as logout).
 */
export function createSessionManager ({ prisma, now, sessionStatus }: {
  prisma: PrismaClient
  now: () => Date
  sessionStatus: SessionStatusCache
}) {
  return {
    async end (sessionId: string, reason: EndReason): Promise<void> {
      await prisma.session.updateMany({
        where: { id: sessionId, revokedAt: null },
        data: { revokedAt: now(), revokedReason: reason }
      })
      sessionStatus.invalidate(sessionId)
    },

    /** Ends every session of the user but `exceptSessionId`; returns how many ended. */
    async endAllOf (userId: string, reason: EndReason, exceptSessionId?: string): Promise<number> {
      const { count } = await prisma.session.updateMany({
        where: { userId, revokedAt: null, ...(exceptSessionId !== undefined ? { id: { not: exceptSessionId } } : {}) },
        data: { revokedAt: now(), revokedReason: reason }
      })
      sessionStatus.invalidateUser(userId)
      return count
    },

    /** The user's live sessions, newest first; `lastRefreshedAt` is when each was last used. */
    async listLive (userId: string, policy: SessionPolicy) {
      return await prisma.session.findMany({
        where: { userId, ...liveSessionWhere(policy, now()) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select: { id: true, createdAt: true, lastRefreshedAt: true, ip: true, userAgent: true }
      })
    },

    /**
     * Ends one of the user's own live sessions; false when `sessionId` is not
     * one (another user's, ended or unknown: the caller cannot tell which).
     */
    async endOwn (userId: string, sessionId: string, policy: SessionPolicy, reason: EndReason): Promise<boolean> {
      const { count } = await prisma.session.updateMany({
        where: { id: sessionId, userId, ...liveSessionWhere(policy, now()) },
        data: { revokedAt: now(), revokedReason: reason }
      })
      sessionStatus.invalidate(sessionId)
      return count > 0
    }
  }
}

export type SessionManager = ReturnType<typeof createSessionManager>
