import fastifyJwt from '@fastify/jwt'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { accessTokenKeyOptions } from './token-keys.js'
import { codes, errors } from '../errors.js'
import { shareInvalidations } from '../redis/invalidations.js'
import { addProblems } from '../schemas.js'
import { REQUIRED_SCOPES } from './openapi.js'
import { createSessionStatusCache, type Account, type SessionStatusCache } from './session-status-cache.js'

/** Every scope a signed-in user's session carries; an API key carries the subset it was created with. */
export const USER_SCOPES = ['profile:read', 'profile:write', 'files:read', 'files:write', 'images:generate'] as const
export type Scope = typeof USER_SCOPES[number]

export const ACCESS_TOKEN_ISSUER = 'userbase-api'
export const ACCESS_TOKEN_AUDIENCE = 'userbase-api:access'

export interface AccessTokenClaims {
  sub: string
  sid: string
  role: string
  iat?: number
  exp?: number
}

export interface SessionPrincipal {
  kind: 'session'
  userId: string
  sessionId: string
  role: string
  scopes: readonly Scope[]
}
export interface ApiKeyPrincipal {
  kind: 'apiKey'
  userId: string
  keyId: string
  role: string
  scopes: readonly Scope[]
  /** Kept so a route can say "unused" without touching the session fields. */
  sessionId?: undefined
}
export type Principal = SessionPrincipal | ApiKeyPrincipal

/** An API key's principal and its owner's row, or null for a key that is unknown, revoked or expired. */
export type ApiKeyVerifier = (secret: string) => Promise<{ principal: ApiKeyPrincipal, user: Account } | null>

/** The session of a `sessionOnly` route's caller (the route config keeps API keys out before this runs). */
export function sessionIdOf (request: FastifyRequest): string {
  if (request.user.kind !== 'session') throw errors.insufficientScope('session')
  return request.user.sessionId
}

/** The prefix of every API key's secret (secret scanners match it). */
export const API_KEY_PREFIX = 'sk_'

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessTokenClaims
    user: Principal
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook: verifies the bearer token and its session, then the route's scope. */
    authenticate: (request: FastifyRequest) => Promise<void>
    sessionStatus: SessionStatusCache
    /** The API keys feature registers how a `sk_` bearer is checked (a shared layer imports no feature). */
    acceptApiKeys: (verify: ApiKeyVerifier) => void
  }
  interface FastifyRequest {
    /** The signed-in user's row without its password hash, as of the session check (null before `authenticate`). */
    account: Account | null
  }
  interface FastifyContextConfig {
    /**
     * The scope a route needs (or every one of several), stated once: it puts `authenticate`
     * in front of the route, and the OpenAPI security requirement and 401/403 answers follow from it.
     */
    scope?: Scope | readonly Scope[]
    /** With `scope`: anonymous callers are served too; a token, when sent, must be valid. */
    anonymous?: boolean
    /**
     * With `scope`: served to accounts whose email is not verified even when
     * REQUIRE_EMAIL_VERIFICATION is on (reading the account, verifying, fixing the address, leaving).
     */
    unverifiedEmail?: boolean
    /** With `scope`: only this role may call the route (403 `forbidden` otherwise); never an API key. */
    role?: 'admin'
    /** With `scope`: a signed-in session only (credential routes); an API key gets 403 `insufficient_scope`. */
    sessionOnly?: boolean
  }
}

function scopesOf (scope: Scope | readonly Scope[] | undefined): readonly Scope[] {
  if (scope === undefined) return []
  return typeof scope === 'string' ? [scope] : scope
}

const jwtErrorCodes: Record<string, () => Error> = {
  FST_JWT_NO_AUTHORIZATION_IN_HEADER: errors.unauthorized,
  FST_JWT_BAD_REQUEST: errors.unauthorized,
  FST_JWT_AUTHORIZATION_TOKEN_EXPIRED: errors.tokenExpired
}

async function authPlugin (app: FastifyInstance) {
  // HS256 under a key derived from JWT_SECRET, or EdDSA with the configured keys (a bad key fails the start).
  const keys = accessTokenKeyOptions(app.config)
  await app.register(fastifyJwt, {
    secret: keys.secret,
    sign: { ...keys.sign, iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE, expiresIn: app.config.accessTokenTtl },
    // The algorithm is pinned (by `keys.verify`): `alg: none` and algorithm confusion are refused.
    // The verified-token cache spares the signature check on the hot path; entries expire with the token.
    verify: { ...keys.verify, allowedIss: ACCESS_TOKEN_ISSUER, allowedAud: ACCESS_TOKEN_AUDIENCE, cache: 10_000 },
    formatUser: (claims) => ({ kind: 'session', userId: claims.sub, sessionId: claims.sid, role: claims.role, scopes: USER_SCOPES })
  })

  // Every node's copy is dropped when one ends a session (through Redis when configured).
  const sessionStatus = shareInvalidations(
    createSessionStatusCache({
      prisma: app.prisma, now: app.now, policy: app.config, onLookup: app.metrics.lookupCounter('session_status')
    }), app.sharedState, 'session-status'
  )
  app.decorate('sessionStatus', sessionStatus)
  // The cache holds user rows: every write to one, wherever it is made, drops the copies.
  app.onUserWrite((userId) => {
    if (userId === null) sessionStatus.invalidateAll()
    else sessionStatus.invalidateUser(userId)
  })
  app.decorateRequest('account', null)
  const { requireEmailVerification } = app.config

  let verifyApiKey: ApiKeyVerifier | null = null
  app.decorate('acceptApiKeys', function acceptApiKeys (verify: ApiKeyVerifier) { verifyApiKey = verify })

  /** A `sk_` bearer: the key's principal and owner, or 401 (no key feature registered means no keys). */
  async function authenticateApiKey (request: FastifyRequest, secret: string): Promise<Account> {
    const verified = verifyApiKey === null ? null : await verifyApiKey(secret)
    if (verified === null) throw errors.invalidToken('The API key is not valid, has been revoked or has expired.')
    request.user = verified.principal
    return verified.user
  }

  /** An access token: its session must be live, and the role is read from the database, not the token. */
  async function authenticateSession (request: FastifyRequest): Promise<Account> {
    try {
      await request.jwtVerify()
    } catch (error) {
      const code = (error as { code?: string }).code ?? ''
      throw (jwtErrorCodes[code] ?? errors.invalidToken)()
    }
    const principal = request.user
    if (typeof principal.userId !== 'string' || typeof principal.sessionId !== 'string') throw errors.invalidToken()
    const session = await sessionStatus.get(principal.sessionId)
    if (session === null || session.userId !== principal.userId) {
      throw errors.invalidToken('The session of this access token has ended; sign in again.')
    }
    // A demotion takes effect without waiting for the token to expire.
    principal.role = session.role
    return session.user
  }

  app.decorate('authenticate', async function authenticate (request: FastifyRequest) {
    const header = request.headers.authorization
    const bearer = typeof header === 'string' && header.startsWith(`Bearer ${API_KEY_PREFIX}`) ? header.slice(7) : null
    const account = bearer !== null ? await authenticateApiKey(request, bearer) : await authenticateSession(request)
    request.account = account
    if (account.disabled) throw errors.accountDisabled()
    const principal = request.user
    const { scope, unverifiedEmail = false, role, sessionOnly = false } = request.routeOptions.config
    const needed = scopesOf(scope)
    const missing = needed.find((one) => !principal.scopes.includes(one))
    if (missing !== undefined) throw errors.insufficientScope(missing)
    // Keys never reach admin or credential routes, whatever scopes they carry.
    if (principal.kind === 'apiKey' && (sessionOnly || role !== undefined)) {
      throw errors.insufficientScope(needed[0] ?? 'session')
    }
    if (role !== undefined && principal.role !== role) throw errors.forbidden(`This needs the ${role} role.`)
    if (requireEmailVerification && !unverifiedEmail && !account.emailVerified) throw errors.emailNotVerified()
  })

  async function authenticateIfSent (request: FastifyRequest) {
    if (request.headers.authorization !== undefined) await app.authenticate(request)
  }

  // A route's authentication is stated one way, its `config.scope`: without one it is public, and the
  // document says so unless the route declares its own requirement (logout takes either credential).
  app.addHook('onRoute', function requireDeclaredScope (route) {
    const { scope, anonymous = false } = route.config ?? {}
    if (scope === undefined) {
      if (route.schema !== undefined && route.schema.security === undefined) {
        route.schema = { ...route.schema, security: [] }
      }
      return
    }
    route.onRequest = [anonymous ? authenticateIfSent : app.authenticate, ...[route.onRequest ?? []].flat()]
    const { role, sessionOnly = false } = route.config ?? {}
    const keysAccepted = role === undefined && !sessionOnly
    const security: Array<Record<string, string[]>> = [
      { bearerAuth: [] }, ...(keysAccepted ? [{ apiKeyAuth: [] }] : [])
    ]
    route.schema = {
      ...route.schema, security: anonymous ? [...security, {}] : security, [REQUIRED_SCOPES]: [...scopesOf(scope)]
    }
    addProblems(
      route, codes.unauthorized, codes.invalidToken, codes.tokenExpired, codes.insufficientScope, codes.accountDisabled
    )
    if (role !== undefined) addProblems(route, codes.forbidden)
    // Declared whatever the setting: the document describes every deployment.
    if (route.config?.unverifiedEmail !== true) addProblems(route, codes.emailNotVerified)
  })
}

export default fp(authPlugin, { name: 'auth', dependencies: ['config', 'database', 'redis'] })
