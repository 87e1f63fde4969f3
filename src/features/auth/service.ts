import { createHmac, randomUUID } from 'node:crypto'
import type { Audit, AuditInput } from '../../audit/plugin.js'
import type { Config } from '../../config.js'
import { deriveKey, randomToken, sha256Hex } from '../../crypto.js'
import { databaseProvider } from '../../db/database-url.js'
import { errors } from '../../errors.js'
import { Prisma, type PrismaClient, type User as UserRow } from '../../generated/prisma/client.js'
import type { Mail } from '../../mail/plugin.js'
import type { AccessTokenClaims } from '../../plugins/auth.js'
import { isSessionLive, liveSessionSql, purgeableSessionWhere } from '../../plugins/session-liveness.js'
import type { Account } from '../../plugins/session-status-cache.js'
import { assertUsernameAllowed, conflictFor, isUniqueViolation, toUser } from '../../accounts.js'
import { createDeviceTokens } from './device-tokens.js'
import type { LoginThrottle } from './login-throttle.js'
import { createRefreshChain } from './refresh-chain.js'
import type { SessionManager } from './sessions.js'
import { findRefreshTokenRow } from './refresh-token-lookup.js'
import { checkPasswordPolicy, type PasswordHasher } from './passwords.js'
import type { AuthResult, LoginBody, SignupBody } from './schemas.js'

/** Where a sign-in came from, kept on the session for the user's own review. */
export interface ClientInfo {
  ip: string
  userAgent?: string
  /** For the audit log. */
  requestId?: string
}

const MS = 1000

/** Revoked sessions are kept this long, so a replayed token still reads `refresh_token_reused`. */
export const REVOKED_SESSION_RETENTION_MS = 24 * 3600 * MS

/**
 * How many generations a replay may walk down to the live token. Legitimate
 * replays (two tabs, a lost response) are one or two rotations behind; a token
 * further behind within the window is treated as reuse.
 */
export const MAX_REPLAY_STEPS = 32

/**
 * Deletes the sessions that can never be used again (past REFRESH_TOKEN_TTL,
 * idle past SESSION_IDLE_TIMEOUT, or revoked more than a day ago) and, by
 * cascade, their refresh tokens: every refresh adds a row, so without this the
 * tables only grow. Returns how many sessions went.
 */
export async function purgeEndedSessions (prisma: PrismaClient, config: Config, at: Date): Promise<number> {
  const { count } = await prisma.session.deleteMany({
    where: purgeableSessionWhere(config, at, REVOKED_SESSION_RETENTION_MS)
  })
  return count
}

const sessionTimes = { id: true, generation: true, expiresAt: true, lastRefreshedAt: true, revokedAt: true } as const

export function createAuthService ({
  prisma, config, now, hasher, signAccessToken, sessions, loginThrottle, mail, onSignedUp, audit
}: {
  prisma: PrismaClient
  config: Config
  now: () => Date
  hasher: PasswordHasher
  signAccessToken: (claims: AccessTokenClaims) => string
  sessions: SessionManager
  loginThrottle: LoginThrottle
  /** Without one (a test of the service alone) no notice is written. */
  mail?: Mail
  /** Runs in the transaction that creates an account (the verification mail is written there). */
  onSignedUp?: (db: Prisma.TransactionClient, user: UserRow) => Promise<void>
  /** Without one (a test of the service alone) no event is recorded. */
  audit?: Audit
}) {
  const chain = createRefreshChain(config.jwtSecret)
  const onPostgresql = databaseProvider(config.databaseUrl) === 'postgresql'
  const devices = createDeviceTokens({ secret: config.jwtSecret, now })
  const newSigninNotice = config.securityNotices.includes('new_signin')
  const loginHashKey = deriveKey(config.jwtSecret, 'audit-login')

  /**
   * What the audit log keeps of a login text that matches no account: people type passwords into the
   * login field, so never the text, only a keyed hash short enough to tell repeated attempts apart.
   */
  const loginHash = (login: string) => createHmac('sha256', loginHashKey).update(login).digest('hex').slice(0, 12)

  async function record (event: AuditInput) {
    await audit?.record(event)
  }

  function tokenPair (user: Account, sessionId: string, refreshToken: string): AuthResult {
    return {
      user: toUser(user, config.publicUrl),
      accessToken: signAccessToken({ sub: user.id, sid: sessionId, role: user.role }),
      tokenType: 'Bearer',
      expiresIn: config.accessTokenTtl,
      refreshToken
    }
  }

  /**
   * A new session, and the client's device token: a known device (`deviceId`, from a valid token) keeps
   * its id, so its failure counter follows it. A sign-in from a client without one is announced to
   * the account (when `announce`), by a mail written in the same transaction as the session.
   */
  async function startSession (
    user: UserRow, client: ClientInfo, { deviceId, announce }: { deviceId: string | null, announce: boolean }
  ): Promise<AuthResult> {
    const at = now()
    const refreshToken = randomToken()
    const createSession = prisma.session.create({
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
    let session: { id: string }
    if (mail !== undefined && announce && deviceId === null && newSigninNotice) {
      const notice = mail.message(user.email, 'new-signin', {
        username: user.username, ip: client.ip, userAgent: client.userAgent ?? 'unknown', time: at.toISOString()
      })
      ;[session] = await prisma.$transaction([createSession, prisma.outboxMessage.create({ data: notice })])
      mail.kick()
    } else {
      session = await createSession
    }
    return { ...tokenPair(user, session.id, refreshToken), deviceToken: devices.issue(user, deviceId ?? undefined) }
  }

  /** A refresh token (live or spent) of a live session, or null. */
  async function findRefreshToken (refreshToken: string) {
    const row = await findRefreshTokenRow(prisma, sha256Hex(refreshToken))
    return row !== null && isSessionLive(row.session, config, now()) ? row : null
  }

  /**
   * Rotates the live token of generation `generation`: one conditional insert of
   * the child, then one conditional update that moves the session's generation
   * (and stamps the idle timer). No transaction: the child is derived from its
   * parent, so every attempt to rotate one token inserts the same row, and the
   * insert is skipped when that row exists. Concurrent refreshes of one token
   * insert it once and the update lets one of them move the generation; an
   * attempt cut off between the two statements is completed by the next. The
   * child's row exists before the generation moves, so a replay always finds it.
   * Returns the child, or null when the session moved on first (a concurrent
   * refresh) or has ended.
   */
  async function rotate (sessionId: string, generation: number, token: string) {
    const child = chain.child(token)
    // A session's rotations are ordered by their tokens (each needs its parent's answer), so times follow
    // commits.
    const at = now()
    const live = liveSessionSql(config, at)
    const insertChild = Prisma.sql`INSERT INTO "RefreshToken" ("id", "sessionId", "tokenHash", "generation", "createdAt")
      SELECT ${randomUUID()}, "id", ${sha256Hex(child)}, ${generation + 1}, ${at} FROM "Session"
      WHERE "id" = ${sessionId} AND "generation" = ${generation} AND ${live}
      ON CONFLICT DO NOTHING`
    const moveGeneration = Prisma.sql`UPDATE "Session" SET "generation" = ${generation + 1}, "lastRefreshedAt" = ${at}
      WHERE "id" = ${sessionId} AND "generation" = ${generation} AND ${live}`
    let moved: number
    if (onPostgresql) {
      // One statement, one round trip and one commit (a WAL flush) instead of two. The loser of a race waits on
      // the winner's child row, then finds the generation moved: the same outcome as the two statements.
      moved = await prisma.$executeRaw`WITH "child" AS (${insertChild}) ${moveGeneration}`
    } else {
      // SQLite has no INSERT inside WITH; in-process, the second statement costs microseconds.
      await prisma.$executeRaw(insertChild)
      moved = await prisma.$executeRaw(moveGeneration)
    }
    return { at, child: moved === 0 ? null : child }
  }

  /**
   * A spent token. Within REFRESH_REUSE_INTERVAL of its rotation it gets the
   * session's one live token (its child, or that child's successor), never a
   * new one; later, it is a stolen token's replay and the session ends.
   */
  async function replay (
    token: string, generation: number, { sessionId, userId }: { sessionId: string, userId: string }, at: Date,
    client?: ClientInfo
  ): Promise<string> {
    const session = await prisma.session.findUnique({ where: { id: sessionId }, select: sessionTimes })
    const steps = (session?.generation ?? 0) - generation
    if (session === null || steps < 1 || !isSessionLive(session, config, at)) throw errors.invalidRefreshToken()
    const child = chain.child(token)
    // The child's row is the rotation's record; missing only while that rotation commits.
    const rotation = await prisma.refreshToken.findUnique({
      where: { tokenHash: sha256Hex(child) },
      select: { createdAt: true }
    })
    const rotatedAt = rotation?.createdAt.getTime() ?? at.getTime()
    // A racing loser may have read the clock before the winner stamped its rotation: never less than 0.
    if (Math.max(0, at.getTime() - rotatedAt) >= config.refreshReuseInterval * MS || steps > MAX_REPLAY_STEPS) {
      await sessions.end(sessionId, 'refresh_token_reused')
      await record({ type: 'refresh_token_reused', userId, client, detail: { sessionId } })
      throw errors.refreshTokenReused()
    }
    return chain.descendant(child, steps - 1)
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
        user = await prisma.$transaction(async (tx) => {
          const created = await tx.user.create({
            data: {
              id: randomUUID(),
              email: body.email,
              username: body.username,
              passwordHash,
              displayName: body.displayName ?? null
            }
          })
          await onSignedUp?.(tx, created)
          return created
        })
      } catch (error) {
        if (!isUniqueViolation(error)) throw error
        throw await conflictFor(prisma, body.email, body.username) ?? errors.emailTaken()
      }
      mail?.kick()
      const result = await startSession(user, client, { deviceId: null, announce: false })
      await record({ type: 'signup', userId: user.id, client })
      return result
    },

    /**
     * Checks a password, throttled before any hashing. A client with a valid device token for the
     * account it names counts against its device's own limit; any other, against the login text's.
     * `deviceToken` is the body's, else the `device` cookie's.
     */
    async login ({ login, password, deviceToken }: LoginBody, client: ClientInfo): Promise<AuthResult> {
      const user = await prisma.user.findUnique({ where: login.includes('@') ? { email: login } : { username: login } })
      const deviceId = user === null ? null : devices.verify(deviceToken, user)
      const retryAfter = deviceId !== null
        ? await loginThrottle.deviceBlockedFor(deviceId)
        : await loginThrottle.blockedFor(login)
      const failed = async (reason: 'password' | 'throttled' | 'disabled') => {
        await record(user === null
          ? { type: 'login_failed', userId: null, client, detail: { loginHash: loginHash(login), reason } }
          : { type: 'login_failed', userId: user.id, client, detail: { reason } })
      }
      if (retryAfter > 0) {
        // Not awaited: this refusal is made cheap on purpose (no hashing), and the write must not hold it.
        failed('throttled').catch(() => {}) // record() never throws; it logs a failed write
        throw errors.accountThrottled(retryAfter)
      }

      const valid = user !== null
        ? await hasher.verify(user.passwordHash, password)
        : await hasher.verifyDummy(password)
      if (user === null || !valid) {
        if (deviceId !== null) await loginThrottle.failDevice(deviceId)
        else await loginThrottle.fail(login, user)
        await failed('password')
        throw errors.invalidCredentials()
      }
      // Told only after the right password: a guesser learns nothing of the account's state.
      if (user.disabled) {
        await failed('disabled')
        throw errors.accountDisabled()
      }
      // A known device's success leaves the login text's count alone: it must not reset an attacker's tries.
      if (deviceId !== null) await loginThrottle.deviceSucceeded(deviceId)
      else await loginThrottle.succeeded(login)
      if (hasher.needsRehash(user.passwordHash)) {
        await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hasher.hash(password) } })
      }
      const result = await startSession(user, client, { deviceId, announce: true })
      await record({ type: 'login_succeeded', userId: user.id, client, detail: { knownDevice: deviceId !== null } })
      return result
    },

    /**
     * Rotates a refresh token. A session has one live refresh token at a time:
     * a spent one replayed within REFRESH_REUSE_INTERVAL of its rotation gets
     * that live token back; replayed later, it ends the whole session.
     */
    async refresh (refreshToken: string, client?: ClientInfo): Promise<AuthResult> {
      const row = await findRefreshToken(refreshToken)
      if (row === null) throw errors.invalidRefreshToken()
      const { session } = row
      if (session.user.disabled) throw errors.accountDisabled()
      let at = now()
      if (row.generation === session.generation) {
        const rotated = await rotate(session.id, row.generation, refreshToken)
        if (rotated.child !== null) return tokenPair(session.user, session.id, rotated.child)
        at = rotated.at
      }
      const spent = { sessionId: session.id, userId: session.user.id }
      return tokenPair(session.user, session.id, await replay(refreshToken, row.generation, spent, at, client))
    },

    /** `by`: the session's user and client, for the audit log (no event without them). */
    async logoutSession (sessionId: string, by?: { userId: string, client: ClientInfo }): Promise<void> {
      await sessions.end(sessionId, 'logout')
      if (by !== undefined) await record({ type: 'logout', userId: by.userId, client: by.client, detail: { sessionId } })
    },

    async logoutWithRefreshToken (refreshToken: string, client?: ClientInfo): Promise<void> {
      const row = await findRefreshToken(refreshToken)
      if (row === null) throw errors.invalidRefreshToken()
      await sessions.end(row.session.id, 'logout')
      await record({ type: 'logout', userId: row.session.user.id, client, detail: { sessionId: row.session.id } })
    }
  }
}

export type AuthService = ReturnType<typeof createAuthService>
