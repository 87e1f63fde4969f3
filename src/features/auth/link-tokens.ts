import { randomUUID } from 'node:crypto'
import type { Config } from '../../config.js'
import { randomToken, sha256Hex } from '../../crypto.js'
import type { Prisma, LinkToken } from '../../generated/prisma/client.js'

/** What a mailed link proves: an address, the right to a new password, a new address. */
export type LinkPurpose = 'verify_email' | 'reset_password' | 'change_email'

type Db = Prisma.TransactionClient

/**
 * The tokens mailed as links: 256 random bits, stored only as SHA-256 hashes,
 * single use (using one deletes its row), expiring, and void once a newer one
 * of the same purpose is issued.
 */
export function createLinkTokens ({ config, now }: { config: Config, now: () => Date }) {
  const ttlSeconds: Record<LinkPurpose, number> = {
    verify_email: config.emailVerificationTtl,
    reset_password: config.passwordResetTtl,
    change_email: config.emailChangeTtl
  }

  /** A live token's row, without using it; null when unknown, expired or of another purpose. */
  async function find (db: Db, token: string, purposes: readonly LinkPurpose[]): Promise<LinkToken | null> {
    const row = await db.linkToken.findUnique({ where: { tokenHash: sha256Hex(token) } })
    return row === null || !purposes.includes(row.purpose as LinkPurpose) || row.expiresAt <= now() ? null : row
  }

  return {
    ttlSeconds: (purpose: LinkPurpose) => ttlSeconds[purpose],

    /** A new token for the user and purpose; the older ones of that purpose die with it. */
    async issue (db: Db, userId: string, purpose: LinkPurpose, email: string): Promise<string> {
      const token = randomToken()
      const at = now()
      await db.linkToken.deleteMany({ where: { userId, purpose } })
      await db.linkToken.create({
        data: {
          id: randomUUID(),
          userId,
          purpose,
          email,
          tokenHash: sha256Hex(token),
          createdAt: at,
          expiresAt: new Date(at.getTime() + ttlSeconds[purpose] * 1000)
        }
      })
      return token
    },

    find,

    /**
     * Uses a token: its row, deleted by this call, or null when the token is
     * unknown, expired, of another purpose, or was used first by a concurrent call.
     */
    async consume (db: Db, token: string, purposes: readonly LinkPurpose[]): Promise<LinkToken | null> {
      const row = await find(db, token, purposes)
      if (row === null) return null
      const { count } = await db.linkToken.deleteMany({ where: { id: row.id } })
      return count === 1 ? row : null
    },

    /** Removes the links that expired (each user keeps at most one per purpose; this keeps no dead ones). */
    async purgeExpired (db: Db): Promise<number> {
      return (await db.linkToken.deleteMany({ where: { expiresAt: { lte: now() } } })).count
    },

    /** Every outstanding link of the user dies (the password changed). */
    async revokeAll (db: Db, userId: string): Promise<void> {
      await db.linkToken.deleteMany({ where: { userId } })
    }
  }
}

export type LinkTokens = ReturnType<typeof createLinkTokens>
