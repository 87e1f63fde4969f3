import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { randomToken, sha256Hex } from '../../crypto.js'
import { errors } from '../../errors.js'
import type { PrismaClient } from '../../generated/prisma/client.js'
import { API_KEY_PREFIX, USER_SCOPES, type ApiKeyVerifier, type Scope } from '../../plugins/auth.js'
import type { Account } from '../../plugins/session-status-cache.js'
import type { ApiKey, CreateApiKeyBody, CreatedApiKey } from './schemas.js'

/** Keys a user may hold at once: enough for every script and service, few enough to review. */
export const MAX_API_KEYS_PER_USER = 100
/** How long a verified key is served from memory; a revocation on this node is seen at once. */
const CACHE_TTL_MS = 1000
const CACHE_MAX_ENTRIES = 50_000
const LAST_USED_INTERVAL_MS = 60_000
const DAY_MS = 86_400_000
/** `sk_` and 43 base64url characters; anything much longer is not one of ours and is not hashed. */
const MAX_SECRET_LENGTH = 128

interface KeyStatus {
  keyId: string
  userId: string
  scopes: Scope[]
  expiresAt: number | null
  lastUsedAt: number | null
  user: Account
}

interface Entry {
  status: KeyStatus | null
  freshUntil: number
  /** Set while the row is read: concurrent requests with the key share the read. */
  loading: Promise<KeyStatus | null> | undefined
}

const parseScopes = (stored: string): Scope[] =>
  stored.split(' ').filter((scope): scope is Scope => (USER_SCOPES as readonly string[]).includes(scope))

interface ApiKeyRow {
  id: string
  name: string
  scopes: string
  prefix: string
  createdAt: Date
  lastUsedAt: Date | null
  expiresAt: Date | null
}

const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  scopes: parseScopes(row.scopes),
  prefix: row.prefix,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  expiresAt: row.expiresAt?.toISOString() ?? null
})

export function createApiKeyService ({ prisma, now, log }: {
  prisma: PrismaClient
  now: () => Date
  log: FastifyBaseLogger
}) {
  /** By secret hash. An entry object is its key's generation: an invalidated read can never be put back. */
  const entries = new Map<string, Entry>()
  /** When each key's `lastUsedAt` was last written by this node. */
  const lastWritten = new Map<string, number>()

  async function read (secretHash: string): Promise<KeyStatus | null> {
    const row = await prisma.apiKey.findUnique({
      where: { secretHash },
      select: {
        id: true,
        userId: true,
        scopes: true,
        expiresAt: true,
        lastUsedAt: true,
        user: { omit: { passwordHash: true } }
      }
    })
    if (row === null) return null
    return {
      keyId: row.id,
      userId: row.userId,
      scopes: parseScopes(row.scopes),
      expiresAt: row.expiresAt?.getTime() ?? null,
      lastUsedAt: row.lastUsedAt?.getTime() ?? null,
      user: row.user
    }
  }

  async function lookUp (secretHash: string, at: number): Promise<KeyStatus | null> {
    const cached = entries.get(secretHash)
    if (cached !== undefined) {
      if (cached.loading !== undefined) return await cached.loading
      if (cached.freshUntil > at) return cached.status
    }
    const entry: Entry = { status: null, freshUntil: 0, loading: undefined }
    entry.loading = read(secretHash).then((status) => {
      entry.status = status
      entry.freshUntil = at + CACHE_TTL_MS
      entry.loading = undefined
      // Unknown secrets are not kept: guesses would only push real keys out.
      if (status === null && entries.get(secretHash) === entry) entries.delete(secretHash)
      return status
    }, (error: unknown) => {
      if (entries.get(secretHash) === entry) entries.delete(secretHash)
      throw error
    })
    entries.delete(secretHash)
    if (entries.size >= CACHE_MAX_ENTRIES) entries.delete(entries.keys().next().value as string)
    entries.set(secretHash, entry)
    return await entry.loading
  }

  /** At most one write a minute per key: the time of the last one is kept in memory, not read per request. */
  async function touch (status: KeyStatus, at: number): Promise<void> {
    const last = lastWritten.get(status.keyId) ?? status.lastUsedAt ?? -Infinity
    if (at - last < LAST_USED_INTERVAL_MS) return
    lastWritten.set(status.keyId, at)
    if (lastWritten.size > CACHE_MAX_ENTRIES) {
      for (const [keyId, written] of lastWritten) if (at - written >= LAST_USED_INTERVAL_MS) lastWritten.delete(keyId)
    }
    try {
      await prisma.apiKey.updateMany({ where: { id: status.keyId }, data: { lastUsedAt: new Date(at) } })
    } catch (error) {
      log.warn({ err: error, keyId: status.keyId }, 'could not record when an API key was last used')
    }
  }

  const verify: ApiKeyVerifier = async function verifyApiKey (secret) {
    if (!secret.startsWith(API_KEY_PREFIX) || secret.length > MAX_SECRET_LENGTH) return null
    const at = now().getTime()
    const status = await lookUp(sha256Hex(secret), at)
    if (status === null || (status.expiresAt !== null && status.expiresAt <= at)) return null
    await touch(status, at)
    return {
      principal: { kind: 'apiKey', userId: status.userId, keyId: status.keyId, role: status.user.role, scopes: status.scopes },
      user: status.user
    }
  }

  return {
    verify,

    async create (userId: string, { name, scopes, expiresInDays }: CreateApiKeyBody): Promise<CreatedApiKey> {
      const held = await prisma.apiKey.count({ where: { userId } })
      if (held >= MAX_API_KEYS_PER_USER) {
        throw errors.validation(
          [{ path: '', message: `at most ${MAX_API_KEYS_PER_USER} API keys`, code: 'max_api_keys' }],
          `You may hold at most ${MAX_API_KEYS_PER_USER} API keys; revoke some first.`
        )
      }
      const secret = `${API_KEY_PREFIX}${randomToken()}`
      const createdAt = now()
      const row = await prisma.apiKey.create({
        data: {
          id: randomUUID(),
          userId,
          name,
          scopes: USER_SCOPES.filter((scope) => scopes.includes(scope)).join(' '),
          prefix: secret.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + 8),
          secretHash: sha256Hex(secret),
          createdAt,
          expiresAt: expiresInDays === undefined ? null : new Date(createdAt.getTime() + expiresInDays * DAY_MS)
        }
      })
      return { ...toApiKey(row), secret }
    },

    async list (userId: string): Promise<ApiKey[]> {
      const rows = await prisma.apiKey.findMany({
        where: { userId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        omit: { secretHash: true, userId: true }
      })
      return rows.map(toApiKey)
    },

    /** Deletes the user's key and forgets it at once; another user's key, or none, is a 404. */
    async revoke (userId: string, id: string): Promise<ApiKey> {
      const row = await prisma.apiKey.findFirst({ where: { id, userId } })
      if (row === null) throw errors.notFound('No such API key.')
      await prisma.apiKey.deleteMany({ where: { id, userId } })
      entries.delete(row.secretHash)
      lastWritten.delete(id)
      return toApiKey(row)
    },

    /** After a write to a user's row (role, disabled): their keys are read afresh. */
    invalidateUser (userId: string | null) {
      if (userId === null) {
        entries.clear()
        return
      }
      // A read still in flight may be this user's: it goes too.
      for (const [hash, entry] of entries) {
        if (entry.loading !== undefined || entry.status?.userId === userId) entries.delete(hash)
      }
    }
  }
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>
