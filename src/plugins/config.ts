import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    /** The clock every service reads; tests move it. */
    now: () => Date
  }
}

async function configPlugin (app: FastifyInstance, options: { config: Config, now: () => Date }) {
  app.decorate('config', options.config)
  app.decorate('now', options.now)
}

export default fp(configPlugin, { name: 'config' })
