import fastifyCookie from '@fastify/cookie'
import type { FastifyInstance } from 'fastify'
import { createLoginThrottle } from './login-throttle.js'
import { createPasswordHasher } from './passwords.js'
import signInRoutes from './routes.js'
import sessionRoutes from './session-routes.js'
import { createAuthService } from './service.js'
import { createSessionManager } from './sessions.js'

/**
 * The auth feature: builds its services once (one password hasher, one login
 * throttle, one way to end sessions) and registers its route plugins on them.
 */
export default async function authFeature (fastify: FastifyInstance) {
  const app = fastify
  const { config, prisma, now } = app
  const hasher = createPasswordHasher(config)
  const loginThrottle = createLoginThrottle({ config, now, outbox: { prisma, mail: app.mail, log: app.log } })
  const sessions = createSessionManager({ prisma, now, sessionStatus: app.sessionStatus })
  const auth = createAuthService({
    prisma,
    config,
    now,
    hasher,
    signAccessToken: (claims) => app.jwt.sign(claims),
    sessions,
    loginThrottle,
    mail: app.mail
  })

  // Encapsulated here: only the auth routes (the device cookie) parse cookies.
  await app.register(fastifyCookie)
  await app.register(signInRoutes, { prefix: '/v1/auth', auth })
  await app.register(sessionRoutes, { sessions })
}
