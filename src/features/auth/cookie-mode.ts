import type { FastifyCsrfProtectionOptions } from '@fastify/csrf-protection'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errors } from '../../errors.js'
import type { AuthAnswer, AuthResult } from './schemas.js'

// Cookie mode (REFRESH_TOKEN_COOKIE): browser SPAs keep the refresh token in an HttpOnly cookie that
// scripts cannot read. The cookie travels by itself, so requests it authenticates need an allowed Origin
// and a double-submit CSRF token (x-csrf-token, checked against the secret in the csrf cookie).

export const REFRESH_COOKIE = 'refresh_token'
export const CSRF_COOKIE = 'csrf_secret'
const COOKIE_PATH = '/v1/auth'
// Always Secure: browsers accept secure cookies from http://localhost and http://127.0.0.1.
const cookieAttributes = { httpOnly: true, secure: true, sameSite: 'strict', path: COOKIE_PATH } as const

/** @fastify/csrf-protection's options: the secret in a cookie beside the refresh cookie, the token in x-csrf-token. */
export const csrfProtectionOptions: FastifyCsrfProtectionOptions = {
  cookieKey: CSRF_COOKIE,
  cookieOpts: cookieAttributes,
  getToken: (request) => {
    const token = request.headers['x-csrf-token']
    return typeof token === 'string' ? token : undefined
  }
}

/** `off`: the setting is off; `body`: no Origin (apps, curl), tokens in the body; `cookie`: an allowed Origin. */
export type CookieModeOf = 'off' | 'body' | 'cookie'

export function createCookieMode (app: FastifyInstance) {
  const { config } = app
  const enabled = config.refreshTokenCookie
  const allowedOrigins = new Set([...config.corsOrigins, new URL(config.publicUrl).origin])

  /** The plugin answers a failed check with its own error through reply.send; ours is the catalogue's. */
  async function verifyCsrfToken (request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const valid = await new Promise<boolean>((resolve) => {
      const probe: FastifyReply = Object.create(reply, {
        send: { value: () => { resolve(false); return probe } }
      })
      app.csrfProtection(request, probe, () => { resolve(true) })
    })
    if (!valid) throw errors.invalidCsrfToken()
  }

  return {
    enabled,

    /**
     * How a signup, login, refresh or logout is answered. In cookie mode a foreign Origin is refused
     * outright: for login and signup that stops login CSRF (signing a victim in to the attacker's account).
     */
    modeOf (request: FastifyRequest): CookieModeOf {
      if (!enabled) return 'off'
      const origin = request.headers.origin
      if (origin === undefined) return 'body'
      if (!allowedOrigins.has(origin)) throw errors.originNotAllowed(origin)
      return 'cookie'
    },

    /**
     * The refresh token a refresh or logout is authenticated by: the body's, else (cookie mode) the
     * cookie's, which only counts with an allowed Origin and a valid CSRF token.
     */
    async refreshTokenOf (request: FastifyRequest, reply: FastifyReply, fromBody: string | undefined) {
      if (fromBody !== undefined) return { token: fromBody, byCookie: false }
      const cookie = enabled ? request.cookies[REFRESH_COOKIE] : undefined
      if (cookie === undefined || cookie === '') return undefined
      // A browser sends Origin with every POST; a request without one is no SPA's.
      if (request.headers.origin === undefined) throw errors.originNotAllowed('a client sending no Origin')
      await verifyCsrfToken(request, reply)
      return { token: cookie, byCookie: true }
    },

    /**
     * The answer to signup, login or refresh: in cookie mode the refresh token goes into the cookie
     * instead of the body, with the CSRF token for the next cookie-authenticated request. A new session
     * (`fresh`) gets a new CSRF secret, so none planted before the sign-in stays valid.
     */
    answer (request: FastifyRequest, reply: FastifyReply, mode: CookieModeOf, result: AuthResult,
      { fresh }: { fresh: boolean }): AuthAnswer {
      if (mode !== 'cookie') return result
      const { refreshToken, ...rest } = result
      reply.setCookie(REFRESH_COOKIE, refreshToken, { ...cookieAttributes, maxAge: config.refreshTokenTtl })
      if (fresh) request.cookies[CSRF_COOKIE] = undefined
      return { ...rest, csrfToken: reply.generateCsrf() }
    },

    /** The CSRF token for the SPA after a reload; sets the secret's cookie when there is none. */
    csrfToken (reply: FastifyReply): string {
      return reply.generateCsrf()
    },

    /** Logout: the cookies die with the session (the device cookie stays: it outlives sessions). */
    clearCookies (reply: FastifyReply) {
      reply.clearCookie(REFRESH_COOKIE, cookieAttributes)
      reply.clearCookie(CSRF_COOKIE, cookieAttributes)
    }
  }
}

export type CookieMode = ReturnType<typeof createCookieMode>
