// The one rule for "is this session live?": the per-request check, the refresh
// path and the purge all call it, so they cannot disagree.
import type { Config } from '../config.js'
import { Prisma } from '../generated/prisma/client.js'

export type SessionPolicy = Pick<Config, 'sessionIdleTimeout'>

export interface SessionTimes {
  /** Absolute end: createdAt + REFRESH_TOKEN_TTL, fixed at sign-in. */
  expiresAt: Date
  /** The idle timeout counts from the last refresh (sign-in counts as one). */
  lastRefreshedAt: Date
  revokedAt: Date | null
}

const MS = 1000

/** Epoch ms at which the session ends (absolute expiry or idle timeout, the earlier); -Infinity once revoked. */
export function sessionEndsAt (session: SessionTimes, policy: SessionPolicy): number {
  if (session.revokedAt !== null) return -Infinity
  return Math.min(session.expiresAt.getTime(), session.lastRefreshedAt.getTime() + policy.sessionIdleTimeout * MS)
}

export const isSessionLive = (session: SessionTimes, policy: SessionPolicy, at: Date): boolean =>
  sessionEndsAt(session, policy) > at.getTime()

/** The same rule as a filter: the sessions live at `at` (for conditional updates). */
export function liveSessionWhere (policy: SessionPolicy, at: Date): Prisma.SessionWhereInput {
  return {
    revokedAt: null,
    expiresAt: { gt: at },
    lastRefreshedAt: { gt: new Date(at.getTime() - policy.sessionIdleTimeout * MS) }
  }
}

/**
 * The same rule as SQL on the Session table, for the statements the query builder
 * cannot batch cheaply (the refresh rotation). Dates compare as stored: Prisma
 * writes and binds them as the same fixed-width ISO text.
 */
export function liveSessionSql (policy: SessionPolicy, at: Date): Prisma.Sql {
  const idleSince = new Date(at.getTime() - policy.sessionIdleTimeout * MS)
  return Prisma.sql`"revokedAt" IS NULL AND "expiresAt" > ${at} AND "lastRefreshedAt" > ${idleSince}`
}

/**
 * The sessions a purge may delete: ended by time (they can never be live again),
 * or revoked more than `revokedRetentionMs` ago (kept until then so a replayed
 * token still reads `refresh_token_reused`).
 */
export function purgeableSessionWhere (
  policy: SessionPolicy,
  at: Date,
  revokedRetentionMs: number
): Prisma.SessionWhereInput {
  return {
    OR: [
      { expiresAt: { lte: at } },
      { lastRefreshedAt: { lte: new Date(at.getTime() - policy.sessionIdleTimeout * MS) } },
      { revokedAt: { lte: new Date(at.getTime() - revokedRetentionMs) } }
    ]
  }
}
