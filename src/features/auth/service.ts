import { randomUUID } from 'node:crypto'
import type { Config } from '../../config.js'
import { randomToken, sha256Hex } from '../../crypto.js'
import { errors } from '../../errors.js'
import type { PrismaClient, User as UserRow } from '../../generated/prisma/client.js'
import type { AccessTokenClaims } from '../../plugins/auth.js'
import type { SessionStatusCache } from '../../plugins/session-status-cache.js'
import { assertUsernameAllowed, conflictFor, isUniqueViolation, toUser } from '../users/service.js'
import type { AttemptLimiter } from './attempt-limiter.js'
import { checkPasswordPolicy, type PasswordHasher } from './passwords.js'
import type { AuthResult, LoginBody, SignupBody } from './schemas.js'

/** Where a sign-in came from, kept on the session for the user's own review. */
export interface ClientInfo {
  ip: string
  userAgent?: string
}

const MS = 1000

/** Revoked sessions are kept this long, so a replayed token still reads `refresh_token_reused`. */
export const REVOKED_SESSION_RETENTION_MS = 24 * 3600 * MS

/**
 * Deletes the sessions that can never be used again (past REFRESH_TOKEN_TTL,
 * idle past SESSION_IDLE_TIMEOUT, or revoked more than a day ago) and, by
 * cascade, their refresh tokens: every refresh adds a row, so without this the
 * tables only grow. Returns how many sessions went.
 */
export async function purgeEndedSessions (prisma: PrismaClient, config: Config, at: Date): Promise<number> {
  const { count } = await prisma.session.deleteMany({
    where: {
      OR: [
        { expiresAt: { lte: at } },
        { lastRefreshedAt: { lte: new Date(at.getTime() - config.sessionIdleTimeout * MS) } },
        { revokedAt: { lte: new Date(at.getTime() - REVOKED_SESSION_RETENTION_MS) } }
      ]
    }
  })
  return count
}

export function createAuthService ({ prisma, config, now, hasher, signAccessToken, sessionStatus, loginAttempts }: {
  prisma: PrismaClient
  config: Config
  now: () => Date
  hasher: PasswordHasher
  signAccessToken: (claims: AccessTokenClaims) => string
  sessionStatus: SessionStatusCache
  loginAttempts: AttemptLimiter
}) {
  function tokenPair (user: UserRow, sessionId: string, refreshToken: string): AuthResult {
    return {
      user: toUser(user, config.publicUrl),
      accessToken: signAccessToken({ sub: user.id, sid: sessionId, role: user.role }),
      tokenType: 'Bearer',
      expiresIn: config.accessTokenTtl,
      refreshToken
    }
  }

  async function startSession (user: UserRow, client: ClientInfo): Promise<AuthResult> {
    const at = now()
    const refreshToken = randomToken()
    const session = await prisma.session.create({
      data: {
        id: randomUUID(),
        userId: user.id,
        createdAt: at,
        expiresAt: new Date(at.getTime() + config.refreshTokenTtl * MS),
        lastRefreshedAt: at,
        ip: client.ip,
        userAgent: client.userAgent?.slice(0, 256),
        refreshTokens: { create: { id: randomUUID(), tokenHash: sha256Hex(refreshToken), createdAt: at } }
      },
      select: { id: true }
    })
    return tokenPair(user, session.id, refreshToken)
  }

  async function endSession (sessionId: string, reason: string): Promise<void> {
    await prisma.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now(), revokedReason: reason } })
    sessionStatus.invalidate(sessionId)
  }

  /** A refresh token that belongs to a live session, or null. */
  async function findLiveRefreshToken (refreshToken: string) {
    const row = await prisma.refreshToken.findUnique({
      where: { tokenHash: sha256Hex(refreshToken) },
      include: { session: { include: { user: true } } }
    })
    if (row === null) return null
    const at = now().getTime()
    const { session } = row
    const idleSince = session.lastRefreshedAt.getTime() + config.sessionIdleTimeout * MS
    if (session.revokedAt !== null || session.expiresAt.getTime() <= at || idleSince <= at) return null
    return row
  }

  return {
    async signup (body: SignupBody, client: ClientInfo): Promise<AuthResult> {
      assertUsernameAllowed(body.username)
      const problems = checkPasswordPolicy(body.password, body)
      if (problems.length > 0) throw errors.weakPassword(problems)
      // Checked before hashing to spare argon2 work; the unique indexes settle races.
      const conflict = await conflictFor(prisma, body.email, body.username)
      if (conflict !== null) throw conflict
      // Hashed before any write: no transaction or lock is ever held across argon2.
      const passwordHash = await hasher.hash(body.password)
      let user: UserRow
      try {
        user = await prisma.user.create({
          data: { id: randomUUID(), email: body.email, username: body.username, passwordHash, displayName: body.displayName ?? null }
        })
      } catch (error) {
        if (!isUniqueViolation(error)) throw error
        throw await conflictFor(prisma, body.email, body.username) ?? errors.emailTaken()
      }
      return await startSession(user, client)
    },

    async login ({ login, password }: LoginBody, client: ClientInfo): Promise<AuthResult> {
      const user = await prisma.user.findUnique({ where: login.includes('@') ? { email: login } : { username: login } })
      // Keyed on the account when it exists, so email and username share a bucket;
      // on the login string otherwise, so 429 vs 401 reveals nothing.
      const attemptKey = user !== null ? `user:${user.id}` : `login:${login}`
      const retryAfter = loginAttempts.blockedFor(attemptKey)
      if (retryAfter > 0) throw errors.accountThrottled(retryAfter)

      const valid = user !== null ? await hasher.verify(user.passwordHash, password) : await hasher.verifyDummy(password)
      if (user === null || !valid) {
        loginAttempts.fail(attemptKey)
        throw errors.invalidCredentials()
      }
      loginAttempts.reset(attemptKey)
      if (hasher.needsRehash(user.passwordHash)) {
        await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hasher.hash(password) } })
      }
      return await startSession(user, client)
    },

    /**
     * Rotates a refresh token. A token already rotated within
     * REFRESH_REUSE_INTERVAL (two tabs, a lost response) gets a pair in the same
     * session; replayed later, it ends the whole session.
     */
    async refresh (refreshToken: string): Promise<AuthResult> {
      const row = await findLiveRefreshToken(refreshToken)
      if (row === null) throw errors.invalidRefreshToken()
      const at = now()
      const next = randomToken()
      const outcome = await prisma.$transaction(async (tx) => {
        const { count } = await tx.refreshToken.updateMany({ where: { id: row.id, rotatedAt: null }, data: { rotatedAt: at } })
        const rotatedAt = count === 1 ? at : (await tx.refreshToken.findUniqueOrThrow({ where: { id: row.id } })).rotatedAt as Date
        if (at.getTime() - rotatedAt.getTime() > config.refreshReuseInterval * MS) return 'reused'
        await tx.refreshToken.create({ data: { id: randomUUID(), sessionId: row.sessionId, tokenHash: sha256Hex(next), createdAt: at } })
        await tx.session.update({ where: { id: row.sessionId }, data: { lastRefreshedAt: at } })
        return 'rotated'
      })
      if (outcome === 'reused') {
        await endSession(row.sessionId, 'refresh_token_reused')
        throw errors.refreshTokenReused()
      }
      return tokenPair(row.session.user, row.sessionId, next)
    },

    async logoutSession (sessionId: string): Promise<void> {
      await endSession(sessionId, 'logout')
    },

    async logoutWithRefreshToken (refreshToken: string): Promise<void> {
      const row = await findLiveRefreshToken(refreshToken)
      if (row === null) throw errors.invalidRefreshToken()
      await endSession(row.sessionId, 'logout')
    }
  }
}

export type AuthService = ReturnType<typeof createAuthService>
