import type { PrismaClient, User } from '../generated/prisma/client.js'
import { sessionEndsAt, type SessionPolicy } from './session-liveness.js'

/** A user row as requests may hold it: everything but the password hash. */
export type Account = Omit<User, 'passwordHash'>

export interface SessionStatus {
  userId: string
  role: string
  /** The session's user as stored: GET /v1/me answers from it without another query. */
  user: Account
}

/**
 * Whether a session may still be used, asked on every authenticated request.
 * Reads are cached briefly so the hot path rarely touches the database; ending
 * a session invalidates its entry at once on this node, and the short TTL bounds
 * how long another node can lag (a shared store can replace this later).
 */
export interface SessionStatusCache {
  /** The live session's owner and role, or null when it is unknown, revoked, expired or idle. */
  get: (sessionId: string) => Promise<SessionStatus | null>
  invalidate: (sessionId: string) => void
  /** After a write to a user's row: their sessions are read afresh. */
  invalidateUser: (userId: string) => void
  invalidateAll: () => void
}

interface Entry {
  status: SessionStatus | null
  /** Epoch ms after which the entry is read again; never past the session's own end. */
  freshUntil: number
  /** Set while the row is read: concurrent requests for the session share the read. */
  loading: Promise<SessionStatus | null> | undefined
}

export function createSessionStatusCache ({ prisma, now, policy, ttlMs = 1000, maxEntries = 50_000, onLookup }: {
  prisma: PrismaClient
  now: () => Date
  policy: SessionPolicy
  ttlMs?: number
  maxEntries?: number
  /** Told whether each lookup was answered without a read of its own (a hit: cached, or joining a read). */
  onLookup?: (hit: boolean) => void
}): SessionStatusCache {
  const entries = new Map<string, Entry>()

  async function read (sessionId: string, at: number): Promise<Pick<Entry, 'status' | 'freshUntil'>> {
    const session = await prisma.session.findUnique({
      where: { id: sessionId },
      select: {
        userId: true,
        expiresAt: true,
        lastRefreshedAt: true,
        revokedAt: true,
        user: { omit: { passwordHash: true } }
      }
    })
    const endsAt = session === null ? -Infinity : sessionEndsAt(session, policy)
    if (session === null || endsAt <= at) return { status: null, freshUntil: at + ttlMs }
    return {
      status: { userId: session.userId, role: session.user.role, user: session.user },
      freshUntil: Math.min(at + ttlMs, endsAt)
    }
  }

  /**
   * The entry object is its key's generation: an invalidation removes it from
   * the map, so a read that began before the invalidation completes an entry
   * nobody can find any more, and can never put a revoked session back as live.
   */
  function load (sessionId: string, at: number): Promise<SessionStatus | null> {
    const entry: Entry = { status: null, freshUntil: 0, loading: undefined }
    entry.loading = read(sessionId, at).then((loaded) => {
      entry.status = loaded.status
      entry.freshUntil = loaded.freshUntil
      entry.loading = undefined
      return loaded.status
    }, (error: unknown) => {
      if (entries.get(sessionId) === entry) entries.delete(sessionId)
      throw error
    })
    entries.delete(sessionId)
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
    entries.set(sessionId, entry)
    return entry.loading
  }

  return {
    async get (sessionId) {
      const at = now().getTime()
      const cached = entries.get(sessionId)
      if (cached !== undefined && (cached.loading !== undefined || cached.freshUntil > at)) {
        onLookup?.(true)
        return cached.loading !== undefined ? await cached.loading : cached.status
      }
      onLookup?.(false)
      return await load(sessionId, at)
    },
    invalidate (sessionId) {
      entries.delete(sessionId)
    },
    invalidateUser (userId) {
      // A read still in flight may be this user's: it goes too.
      for (const [sessionId, entry] of entries) {
        if (entry.loading !== undefined || entry.status?.userId === userId) entries.delete(sessionId)
      }
    },
    invalidateAll () {
      entries.clear()
    }
  }
}
