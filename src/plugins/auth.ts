import fastifyJwt from '@fastify/jwt'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { deriveKey } from '../crypto.js'
import { codes, errors } from '../errors.js'
import { addProblems } from '../schemas.js'
import { createSessionStatusCache, type Account, type SessionStatusCache } from './session-status-cache.js'

/** Every scope a signed-in user's session carries; API keys (later) carry a subset. */
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
export type Principal = SessionPrincipal

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
  }
  interface FastifyRequest {
    /** The signed-in user's row without its password hash, as of the session check (null before `authenticate`). */
    account: Account | null
  }
  interface FastifyContextConfig {
    /**
     * The scope a route needs, stated once: it puts `authenticate` in front of
     * the route, and the OpenAPI security requirement and 401/403 answers follow from it.
     */
    scope?: Scope
    /** With `scope`: anonymous callers are served too; a token, when sent, must be valid. */
    anonymous?: boolean
    /**
     * With `scope`: served to accounts whose email is not verified even when
     * REQUIRE_EMAIL_VERIFICATION is on (reading the account, verifying, fixing the address, leaving).
     */
    unverifiedEmail?: boolean
  }
}

const jwtErrorCodes: Record<string, () => Error> = {
  FST_JWT_NO_AUTHORIZATION_IN_HEADER: errors.unauthorized,
  FST_JWT_BAD_REQUEST: errors.unauthorized,
  FST_JWT_AUTHORIZATION_TOKEN_EXPIRED: errors.tokenExpired
}

async function authPlugin (app: FastifyInstance) {
  await app.register(fastifyJwt, {
    secret: deriveKey(app.config.jwtSecret, 'access-token'),
    sign: { algorithm: 'HS256', iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE, expiresIn: app.config.accessTokenTtl },
    // The algorithm is pinned: `alg: none` and asymmetric confusion are refused.
    // The verified-token cache spares the HMAC on the hot path; entries expire with the token.
    verify: { algorithms: ['HS256'], allowedIss: ACCESS_TOKEN_ISSUER, allowedAud: ACCESS_TOKEN_AUDIENCE, cache: 10_000 },
    formatUser: (claims) => ({ kind: 'session', userId: claims.sub, sessionId: claims.sid, role: claims.role, scopes: USER_SCOPES })
  })

  const sessionStatus = createSessionStatusCache({ prisma: app.prisma, now: app.now, policy: app.config })
  app.decorate('sessionStatus', sessionStatus)
  // The cache holds user rows: every write to one, wherever it is made, drops the copies.
  app.onUserWrite((userId) => {
    if (userId === null) sessionStatus.invalidateAll()
    else sessionStatus.invalidateUser(userId)
  })
  app.decorateRequest('account', null)
  const { requireEmailVerification } = app.config

  app.decorate('authenticate', async function authenticate (request: FastifyRequest) {
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
    // The role is read from the database (through the cache), so a demotion
    // takes effect without waiting for the token to expire.
    principal.role = session.role
    request.account = session.user
    const { scope, unverifiedEmail = false } = request.routeOptions.config
    if (scope !== undefined && !principal.scopes.includes(scope)) throw errors.insufficientScope(scope)
    if (requireEmailVerification && !unverifiedEmail && !session.user.emailVerified) throw errors.emailNotVerified()
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
    const security = [{ bearerAuth: [scope] }]
    route.schema = { ...route.schema, security: anonymous ? [...security, {}] : security }
    addProblems(route, codes.unauthorized, codes.invalidToken, codes.tokenExpired, codes.insufficientScope)
    // Declared whatever the setting: the document describes every deployment.
    if (route.config?.unverifiedEmail !== true) addProblems(route, codes.emailNotVerified)
  })
}

export default fp(authPlugin, { name: 'auth', dependencies: ['config', 'database'] })
