import { Prisma, type PrismaClient } from '../../generated/prisma/client.js'
import type { SessionTimes } from '../../plugins/session-liveness.js'
import type { Account } from '../../plugins/session-status-cache.js'

/** A refresh token's row with its session and the session's user, as the refresh path needs them. */
export interface RefreshTokenRow {
  generation: number
  session: SessionTimes & { id: string, generation: number, user: Account }
}

// Every user column but the hash, read from the schema: a column added to User is selected here too.
const accountFields = Object.values(Prisma.UserScalarFieldEnum).filter((field) => field !== 'passwordHash')
const accountColumns = Prisma.join(accountFields.map((field) => Prisma.raw(`u."${field}"`)))

interface JoinedRow extends Account {
  tokenGeneration: number
  sessionId: string
  sessionGeneration: number
  expiresAt: Date
  lastRefreshedAt: Date
  revokedAt: Date | null
}

/**
 * The token of hash `tokenHash` with its session and user, in one statement: the
 * nested findUnique read them in three (token, session, user), each compiled,
 * prepared and mapped on its own. DateTime and Boolean columns come back as Date
 * and boolean (SQLite: from the declared column types; PostgreSQL: natively).
 * CROSS JOIN with the conditions in WHERE is an inner join on both databases; on
 * SQLite it also fixes the join order (token, session, user, the only sensible
 * one), which halves the cost of preparing the statement (the adapter prepares
 * every statement anew: about 50 µs for a three-way JOIN … ON, 20 µs this way).
 */
export async function findRefreshTokenRow (prisma: PrismaClient, tokenHash: string): Promise<RefreshTokenRow | null> {
  const rows = await prisma.$queryRaw<JoinedRow[]>`SELECT t."generation" AS "tokenGeneration", s."id" AS "sessionId",
      s."generation" AS "sessionGeneration", s."expiresAt", s."lastRefreshedAt", s."revokedAt", ${accountColumns}
    FROM "RefreshToken" t CROSS JOIN "Session" s CROSS JOIN "User" u
    WHERE t."tokenHash" = ${tokenHash} AND s."id" = t."sessionId" AND u."id" = s."userId"`
  if (rows.length === 0) return null
  const { tokenGeneration, sessionId, sessionGeneration, expiresAt, lastRefreshedAt, revokedAt, ...user } = rows[0]
  return {
    generation: tokenGeneration,
    session: { id: sessionId, generation: sessionGeneration, expiresAt, lastRefreshedAt, revokedAt, user }
  }
}
