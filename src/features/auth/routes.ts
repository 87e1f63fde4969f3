import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { codes, errors } from '../../errors.js'
import { OPTIONAL_BODY } from '../../plugins/openapi.js'
import { sessionIdOf } from '../../plugins/auth.js'
import { clientKey, authRateLimit } from '../../plugins/security.js'
import { bearerSecurity, problemResponses } from '../../schemas.js'
import { DEVICE_TOKEN_MAX_AGE_SECONDS } from './device-tokens.js'
import { normalizeCredentials } from './normalize.js'
import {
  AuthResultSchema, LoginBodySchema, LogoutBodySchema, RefreshBodySchema, SignupBodySchema, type AuthResult
} from './schemas.js'
import type { AuthService, ClientInfo } from './service.js'

const clientInfo = (request: FastifyRequest): ClientInfo =>
  ({ ip: clientKey(request), userAgent: request.headers['user-agent'] })

export const DEVICE_COOKIE = 'device'

/**
 * The device token as a cookie too, for browsers: HttpOnly (scripts never see it), sent only to the
 * auth routes and never cross-site. It vouches for the device at the next login, nothing more.
 */
function setDeviceCookie (reply: FastifyReply, result: AuthResult): AuthResult {
  if (result.deviceToken !== undefined) {
    reply.setCookie(DEVICE_COOKIE, result.deviceToken, {
      httpOnly: true, secure: true, sameSite: 'strict', path: '/v1/auth', maxAge: DEVICE_TOKEN_MAX_AGE_SECONDS
    })
  }
  return result
}

/** Sign-up, sign-in, refresh and logout, under /v1/auth. */
export default async function signInRoutes (fastify: FastifyInstance, { auth }: { auth: AuthService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const rateLimit = authRateLimit(app)

  app.post('/signup', {
    config: { rateLimit },
    preValidation: normalizeCredentials,
    schema: {
      operationId: 'signup',
      summary: 'Create an account and sign in',
      description: 'Emails are trimmed and lower-cased; passwords follow NIST SP 800-63B (8-128 characters, common ones refused). ' +
        'A 409 reveals that an email is registered: accepted, as every sign-up form does. ' +
        'The answer carries a device token, also set as the `device` cookie (see login).',
      tags: ['auth'],
      body: SignupBodySchema,
      response: {
        201: Type.Ref(AuthResultSchema),
        ...problemResponses(codes.weakPassword, codes.emailTaken, codes.usernameTaken, codes.unsupportedMediaType)
      }
    }
  }, async function signup (request, reply) {
    reply.code(201)
    return setDeviceCookie(reply, await auth.signup(request.body, clientInfo(request)))
  })

  app.post('/login', {
    config: { rateLimit },
    preValidation: normalizeCredentials,
    schema: {
      operationId: 'login',
      summary: 'Sign in with email or username and password',
      description: 'A wrong password and an unknown account get the same 401 in the same time. ' +
        'After LOGIN_ACCOUNT_RATE_LIMIT_MAX failures within LOGIN_ACCOUNT_RATE_LIMIT_WINDOW a login text (the email or ' +
        'the username, each counted apart) answers 429 `account_throttled`, even to the right password, except to ' +
        'a client presenting a valid device token for the account (`deviceToken` or the `device` cookie, from an ' +
        'earlier sign-in), which has its own limit of LOGIN_DEVICE_RATE_LIMIT_MAX failures. The per-IP limit ' +
        'applies to every client. A sign-in from a client without a valid device token is mailed to the account.',
      tags: ['auth'],
      body: LoginBodySchema,
      response: {
        200: Type.Ref(AuthResultSchema),
        ...problemResponses(codes.invalidCredentials, codes.accountThrottled, codes.accountDisabled)
      }
    }
  }, async function login (request, reply) {
    const deviceToken = request.body.deviceToken ?? request.cookies[DEVICE_COOKIE]
    return setDeviceCookie(reply, await auth.login({ ...request.body, deviceToken }, clientInfo(request)))
  })

  app.post('/refresh', {
    config: { rateLimit },
    schema: {
      operationId: 'refreshToken',
      summary: 'Exchange a refresh token for a new token pair',
      description: 'Refresh tokens rotate on every use; a session has one live refresh token at a time. ' +
        'A spent token replayed less than REFRESH_REUSE_INTERVAL after its rotation gets that live token again (never a new one); ' +
        'replayed later it ends the session (401 `refresh_token_reused`).',
      tags: ['auth'],
      body: RefreshBodySchema,
      response: {
        200: Type.Ref(AuthResultSchema),
        ...problemResponses(codes.invalidRefreshToken, codes.refreshTokenReused, codes.accountDisabled)
      }
    }
  }, async function refresh (request) {
    return await auth.refresh(request.body.refreshToken)
  })

  app.post('/logout', {
    // Leaving works before the address is verified too (REQUIRE_EMAIL_VERIFICATION).
    config: { unverifiedEmail: true, sessionOnly: true },
    // The body is optional: a request with none is validated as `{}`.
    preValidation: async function emptyBodyIsEmptyObject (request) { request.body ??= {} },
    schema: {
      operationId: 'logout',
      summary: 'End the session',
      description: 'Send the access token, or only `{refreshToken}` when the access token has expired. ' +
        'The session ends: its refresh token dies and its access tokens are refused from then on.',
      tags: ['auth'],
      security: [...bearerSecurity(), {}],
      [OPTIONAL_BODY]: true,
      body: LogoutBodySchema,
      response: {
        204: Type.Null({ description: 'The session has ended.' }),
        ...problemResponses(
          codes.unauthorized, codes.invalidToken, codes.tokenExpired, codes.invalidRefreshToken,
          codes.insufficientScope, codes.accountDisabled
        )
      }
    }
  }, async function logout (request, reply) {
    const { refreshToken } = request.body
    if (refreshToken !== undefined) {
      await auth.logoutWithRefreshToken(refreshToken)
    } else if (request.headers.authorization !== undefined) {
      await app.authenticate(request)
      await auth.logoutSession(sessionIdOf(request))
    } else {
      throw errors.unauthorized()
    }
    return reply.code(204).send(null)
  })
}
