import type { FastifyInstance } from 'fastify'
import type { SessionManager } from './sessions.js'

/** `/v1/me/sessions`: the signed-in user's own sessions (built in the sessions change). */
export default async function sessionRoutes (_app: FastifyInstance, _options: { sessions: SessionManager }) {}
