import type { PrismaClient, User } from '../generated/prisma/client.js'

export interface SessionStatus {
  userId: string
  role: string
  /** The session's user as stored: GET /v1/me answers from it without another query. */
  user: User
}

/**
 * Whether a session may still be used, asked on every authenticated request.
 * Reads are cached briefly so the hot path rarely touches the database; ending
 * a session invalidates its entry at once on this node, and the short TTL bounds
 * how long another node can lag (a shared store can replace this later).
 */
export interface SessionStatusCache {
  /** The live session's owner and role, or null when it is unknown, revoked or expired. */
  get: (sessionId: string) => Promise<SessionStatus | null>
  invalidate: (sessionId: string) => void
  /** After a write to a user's row: their sessions are read afresh. */
  invalidateUser: (userId: string) => void
  invalidateAll: () => void
}

interface Entry {
  status: SessionStatus | null
  /** Epoch ms after which the entry is read again; also the session's own expiry. */
  freshUntil: number
}

export function createSessionStatusCache ({ prisma, now, ttlMs = 1000, maxEntries = 50_000 }: {
  prisma: PrismaClient
  now: () => Date
  ttlMs?: number
  maxEntries?: number
}): SessionStatusCache {
  const entries = new Map<string, Entry>()

  async function load (sessionId: string, at: number): Promise<Entry> {
    const session = await prisma.session.findUnique({
      where: { id: sessionId },
      select: { userId: true, revokedAt: true, expiresAt: true, user: true }
    })
    if (session === null || session.revokedAt !== null || session.expiresAt.getTime() <= at) {
      return { status: null, freshUntil: at + ttlMs }
    }
    return {
      status: { userId: session.userId, role: session.user.role, user: session.user },
      freshUntil: Math.min(at + ttlMs, session.expiresAt.getTime())
    }
  }

  return {
    async get (sessionId) {
      const at = now().getTime()
      const cached = entries.get(sessionId)
      if (cached !== undefined && cached.freshUntil > at) return cached.status
      const entry = await load(sessionId, at)
      entries.delete(sessionId)
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
      entries.set(sessionId, entry)
      return entry.status
    },
    invalidate (sessionId) {
      entries.delete(sessionId)
    },
    invalidateUser (userId) {
      for (const [sessionId, entry] of entries) if (entry.status?.userId === userId) entries.delete(sessionId)
    },
    invalidateAll () {
      entries.clear()
    }
  }
}
