import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { databaseProvider } from '../../db/database-url.js'
import { readMigrations } from '../../db/migration-files.js'
import { codes, errors } from '../../errors.js'
import { problemResponses } from '../../schemas.js'

const READY_CACHE_MS = 1000

export default async function healthRoutes (fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const migrations = await readMigrations(databaseProvider(app.config.databaseUrl))
  const expectedMigrations = migrations.migrationDirectories.map((directory) => directory.path)

  /** Throws 503 unless the database answers and every migration is applied. */
  async function checkDatabase (): Promise<void> {
    let applied: Array<{ migration_name: string }>
    try {
      applied = await app.prisma.$queryRawUnsafe(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
    } catch (error) {
      app.log.error({ err: error }, 'readiness check: database unreachable')
      throw errors.serviceUnavailable('The database is unreachable.')
    }
    const names = new Set(applied.map((row) => row.migration_name))
    const pending = expectedMigrations.filter((name) => !names.has(name))
    if (pending.length > 0) throw errors.serviceUnavailable(`${pending.length} database migration(s) are not applied.`)
  }
  let lastCheck: { at: number, outcome: Promise<void> } | undefined
  const redisConfigured = app.config.redisUrl !== null

  // Load balancers probe these from one address many times a minute: no per-IP limit.
  app.get('/health', {
    config: { rateLimit: false },
    schema: {
      operationId: 'health',
      summary: 'Liveness: the process is up',
      description: 'Liveness for a load balancer or orchestrator: 200 while the process runs, without touching the database (see `/ready`). Never rate limited.',
      tags: ['system'],
      response: { 200: Type.Object({ status: Type.Literal('ok') }) }
    }
  }, async function health () {
    return { status: 'ok' as const }
  })

  app.get('/ready', {
    config: { rateLimit: false },
    schema: {
      operationId: 'ready',
      summary: 'Readiness: the database is reachable and fully migrated',
      description: 'The database is the hard dependency (503 without it). With REDIS_URL set and Redis away, the ' +
        'node still serves, with per-node limits: 200 `degraded` with `redis: unavailable`.',
      tags: ['system'],
      response: {
        200: Type.Object({
          status: Type.Union([Type.Literal('ready'), Type.Literal('degraded')]),
          redis: Type.Optional(Type.Literal('unavailable'))
        }),
        ...problemResponses(codes.serviceUnavailable)
      }
    }
  }, async function ready () {
    // Unlimited per IP, so the database check is shared: at most one per second.
    const at = app.now().getTime()
    if (lastCheck === undefined || at - lastCheck.at >= READY_CACHE_MS) lastCheck = { at, outcome: checkDatabase() }
    await lastCheck.outcome
    if (redisConfigured && !app.sharedState.isReady()) return { status: 'degraded' as const, redis: 'unavailable' as const }
    return { status: 'ready' as const }
  })
}
