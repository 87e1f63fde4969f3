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
import { createCookieMode } from './cookie-mode.js'
import {
  AuthResultSchema, CsrfTokenSchema, LoginBodySchema, LogoutBodySchema, RefreshBodySchema, SignupBodySchema,
  type AuthResult
} from './schemas.js'
import type { AuthService, ClientInfo } from './service.js'

const clientInfo = (request: FastifyRequest): ClientInfo =>
  ({ ip: clientKey(request), userAgent: request.headers['user-agent'], requestId: request.id })

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

const cookieModeText = 'Cookie mode (REFRESH_TOKEN_COOKIE), for a request with an allowed `Origin` (CORS_ORIGINS or ' +
  'PUBLIC_URL\'s): the refresh token is set as the `refresh_token` cookie (HttpOnly, Secure, SameSite=Strict, ' +
  'Path=/v1/auth) instead of the body, and the answer carries `csrfToken`; a foreign `Origin` gets 403 ' +
  '`origin_not_allowed`. Requests without an `Origin` (apps, curl) get the refresh token in the body.'

const header = (description: string) => ({ type: 'string', description })
const cookieHeaders = {
  'set-cookie': header('`device` (signup, login) and, in cookie mode, `refresh_token` and `csrf_secret`.')
}
/** A JSON answer that may set cookies: declared with its Set-Cookie header. */
const withCookies = (description: string, schema: unknown) =>
  ({ description, headers: cookieHeaders, content: { 'application/json': { schema } } })

/** Sign-up, sign-in, refresh and logout, under /v1/auth. */
export default async function signInRoutes (fastify: FastifyInstance, { auth }: { auth: AuthService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const rateLimit = authRateLimit(app)
  const cookies = createCookieMode(app)

  app.post('/signup', {
    config: { rateLimit },
    preValidation: normalizeCredentials,
    schema: {
      operationId: 'signup',
      summary: 'Create an account and sign in',
      description: 'Emails are trimmed and lower-cased; passwords follow NIST SP 800-63B (8-128 characters, common ones refused). ' +
        'A 409 reveals that an email is registered: accepted, as every sign-up form does. ' +
        'The answer carries a device token, also set as the `device` cookie (see login). ' + cookieModeText,
      tags: ['auth'],
      body: SignupBodySchema,
      response: {
        201: withCookies('Signed up and signed in.', Type.Ref(AuthResultSchema)),
        ...problemResponses(
          codes.weakPassword, codes.emailTaken, codes.usernameTaken, codes.unsupportedMediaType, codes.originNotAllowed
        )
      }
    }
  }, async function signup (request, reply) {
    const mode = cookies.modeOf(request)
    const result = setDeviceCookie(reply, await auth.signup(request.body, clientInfo(request)))
    reply.code(201)
    return cookies.answer(request, reply, mode, result, { fresh: true })
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
        'applies to every client. A sign-in from a client without a valid device token is mailed to the account. ' +
        cookieModeText,
      tags: ['auth'],
      body: LoginBodySchema,
      response: {
        200: withCookies('Signed in.', Type.Ref(AuthResultSchema)),
        ...problemResponses(
          codes.invalidCredentials, codes.accountThrottled, codes.accountDisabled, codes.originNotAllowed
        )
      }
    }
  }, async function login (request, reply) {
    const mode = cookies.modeOf(request)
    const deviceToken = request.body.deviceToken ?? request.cookies[DEVICE_COOKIE]
    const result = setDeviceCookie(reply, await auth.login({ ...request.body, deviceToken }, clientInfo(request)))
    return cookies.answer(request, reply, mode, result, { fresh: true })
  })

  app.post('/refresh', {
    config: { rateLimit },
    // Cookie mode: the SPA sends no body (the token is in the cookie); a request with none is validated as `{}`.
    preValidation: async function emptyBodyIsEmptyObject (request) { request.body ??= {} },
    schema: {
      operationId: 'refreshToken',
      summary: 'Exchange a refresh token for a new token pair',
      description: 'Refresh tokens rotate on every use; a session has one live refresh token at a time. ' +
        'A spent token replayed less than REFRESH_REUSE_INTERVAL after its rotation gets that live token again (never a new one); ' +
        'replayed later it ends the session (401 `refresh_token_reused`). ' + cookieModeText + ' ' +
        'Without `refreshToken` in the body the `refresh_token` cookie is used: it needs an allowed `Origin` ' +
        '(403 `origin_not_allowed`) and the CSRF token in `x-csrf-token` (403 `invalid_csrf_token`).',
      tags: ['auth'],
      [OPTIONAL_BODY]: true,
      body: RefreshBodySchema,
      response: {
        200: withCookies('A new token pair.', Type.Ref(AuthResultSchema)),
        ...problemResponses(
          codes.validationFailed, codes.invalidRefreshToken, codes.refreshTokenReused, codes.accountDisabled,
          codes.invalidCsrfToken, codes.originNotAllowed
        )
      }
    }
  }, async function refresh (request, reply) {
    const mode = cookies.modeOf(request)
    const presented = await cookies.refreshTokenOf(request, reply, request.body.refreshToken)
    if (presented === undefined) {
      throw errors.validation([{ path: '/refreshToken', message: 'must have required property \'refreshToken\'' }])
    }
    const result = await auth.refresh(presented.token, clientInfo(request))
    return cookies.answer(request, reply, mode, result, { fresh: false })
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
        'The session ends: its refresh token dies and its access tokens are refused from then on. ' +
        'Cookie mode (REFRESH_TOKEN_COOKIE): without `refreshToken` in the body the `refresh_token` cookie ends ' +
        'its session, with an allowed `Origin` (403 `origin_not_allowed`) and the CSRF token in `x-csrf-token` ' +
        '(403 `invalid_csrf_token`); the answer clears the cookie.',
      tags: ['auth'],
      security: [...bearerSecurity(), {}],
      [OPTIONAL_BODY]: true,
      body: LogoutBodySchema,
      response: {
        204: {
          description: 'The session has ended.',
          headers: { 'set-cookie': header('Cookie mode: clears `refresh_token` and `csrf_secret` (Max-Age=0).') },
          type: 'null'
        },
        ...problemResponses(
          codes.unauthorized, codes.invalidToken, codes.tokenExpired, codes.invalidRefreshToken,
          codes.insufficientScope, codes.accountDisabled, codes.invalidCsrfToken, codes.originNotAllowed
        )
      }
    }
  }, async function logout (request, reply) {
    const mode = cookies.modeOf(request)
    const presented = await cookies.refreshTokenOf(request, reply, request.body.refreshToken)
    if (presented !== undefined) {
      await auth.logoutWithRefreshToken(presented.token, clientInfo(request))
    } else if (request.headers.authorization !== undefined) {
      await app.authenticate(request)
      await auth.logoutSession(sessionIdOf(request), { userId: request.user.userId, client: clientInfo(request) })
    } else {
      throw errors.unauthorized()
    }
    if (mode === 'cookie' || presented?.byCookie === true) cookies.clearCookies(reply)
    return reply.code(204).send(null)
  })

  app.get('/csrf', {
    schema: {
      operationId: 'getCsrfToken',
      summary: 'A CSRF token for the cookie mode',
      description: 'For an SPA in cookie mode (REFRESH_TOKEN_COOKIE) after a page reload, when the `csrfToken` of ' +
        'the last signup, login or refresh is gone: send it as `x-csrf-token` with refresh and logout. Sets the ' +
        'token\'s secret as the `csrf_secret` cookie (HttpOnly, Secure, SameSite=Strict, Path=/v1/auth) when absent.',
      tags: ['auth'],
      response: {
        200: {
          description: 'A CSRF token.',
          headers: {
            'set-cookie': header('`csrf_secret`, when the request had none.'),
            'cache-control': header('`no-store`.')
          },
          content: { 'application/json': { schema: CsrfTokenSchema } }
        }
      }
    }
  }, async function getCsrfToken (_request, reply) {
    reply.header('cache-control', 'no-store')
    return { csrfToken: cookies.csrfToken(reply) }
  })
}
