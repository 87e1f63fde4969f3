import fastifyCookie from '@fastify/cookie'
import fastifyCsrfProtection from '@fastify/csrf-protection'
import type { FastifyInstance } from 'fastify'
import { runPeriodically } from '../../periodic.js'
import accountRoutes from './account-routes.js'
import { csrfProtectionOptions } from './cookie-mode.js'
import { createAccountService } from './account-service.js'
import { createLinkTokens } from './link-tokens.js'
import { createLoginThrottle } from './login-throttle.js'
import { createPasswordHasher } from './passwords.js'
import signInRoutes from './routes.js'
import sessionRoutes from './session-routes.js'
import { createAuthService, purgeEndedSessions } from './service.js'
import { createSessionManager } from './sessions.js'

const PURGE_INTERVAL_MS = 3600 * 1000

/**
 * The auth feature: builds its services once (one password hasher, one login
 * throttle, one way to end sessions, the account's lifecycle) and registers
 * its route plugins on them.
 */
export default async function authFeature (app: FastifyInstance) {
  const { config, prisma, now } = app
  const hasher = createPasswordHasher(config)
  const limiters = app.attemptLimiter
  const loginThrottle = createLoginThrottle({ config, now, outbox: { prisma, mail: app.mail, log: app.log }, limiters })
  const sessions = createSessionManager({ prisma, now, sessionStatus: app.sessionStatus })
  const linkTokens = createLinkTokens({ config, now })
  const account = createAccountService({
    prisma,
    config,
    now,
    hasher,
    sessions,
    loginThrottle,
    linkTokens,
    mail: app.mail,
    sweeper: app.media.sweeper,
    audit: app.audit,
    limiters
  })
  const auth = createAuthService({
    prisma,
    config,
    now,
    hasher,
    signAccessToken: (claims) => app.jwt.sign(claims),
    sessions,
    loginThrottle,
    mail: app.mail,
    onSignedUp: account.mailVerification,
    audit: app.audit
  })

  // Ended sessions (with their refresh tokens) and expired links are purged at start-up and hourly after.
  runPeriodically(app, {
    name: 'purge ended sessions and expired links',
    intervalMs: PURGE_INTERVAL_MS,
    task: async function purgeEnded () {
      const sessions = await purgeEndedSessions(prisma, config, now())
      const links = await linkTokens.purgeExpired(prisma)
      if (sessions + links > 0) app.log.info({ sessions, links }, 'purged ended sessions and expired links')
    }
  })

  // Encapsulated here: only the auth routes (the device cookie) parse cookies.
  await app.register(fastifyCookie)
  // The cookie mode's double-submit CSRF tokens (REFRESH_TOKEN_COOKIE); checked by refresh and logout only.
  await app.register(fastifyCsrfProtection, csrfProtectionOptions)
  await app.register(signInRoutes, { prefix: '/v1/auth', auth })
  await app.register(sessionRoutes, { sessions })
  await app.register(accountRoutes, { account })
}
