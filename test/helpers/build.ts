// Each test file gets its own migrated SQLite database, copied from a template
// that is migrated once per set of migrations (copying is far faster than migrating).
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { migrateDatabase, migrationsDir } from '../../src/db/migrate.js'

const tmpRoot = new URL('../.tmp/', import.meta.url).pathname

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789'

function migrationsHash (): string {
  const hash = createHash('sha256')
  for (const folder of readdirSync(migrationsDir).sort()) {
    const file = join(migrationsDir, folder, 'migration.sql')
    if (existsSync(file)) hash.update(folder).update(readFileSync(file))
  }
  return hash.digest('hex').slice(0, 16)
}

let template: Promise<string> | undefined

/** A migrated database file to copy; made once and shared by concurrent test processes. */
async function templateDatabase (): Promise<string> {
  mkdirSync(tmpRoot, { recursive: true })
  const file = join(tmpRoot, `template-${migrationsHash()}.db`)
  if (existsSync(file)) return file
  const scratch = mkdtempSync(join(tmpRoot, 'template-'))
  await migrateDatabase(join(scratch, 'app.db'))
  renameSync(join(scratch, 'app.db'), file) // atomic: another process may be doing the same
  rmSync(scratch, { recursive: true, force: true })
  return file
}

/** A fresh migrated database file that is removed when the test ends. */
export async function freshDatabase (t: Test): Promise<string> {
  template ??= templateDatabase()
  const dir = mkdtempSync(join(tmpRoot, 'db-'))
  const file = join(dir, 'app.db')
  copyFileSync(await template, file)
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return file
}

/** Config for tests: argon2 at OWASP's floor, quiet logs, generous limits unless a test sets its own. */
export function testConfig (databaseFile: string, overrides: Partial<Config> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    DATABASE_URL: `file:${databaseFile}`,
    RATE_LIMIT_MAX: '100000',
    AUTH_RATE_LIMIT_MAX: '100000',
    // Tests that mean to see 507 set their own floor; a nearly full CI disk must not fail the others.
    STORAGE_MIN_FREE_BYTES: '0'
  }, overrides)
}

/**
 * A settable clock for sessions and limits: `clock.advance(seconds)` moves `now()`
 * forward. Access tokens keep the real clock (fast-jwt's); sign one with a past
 * `iat` to get an expired token.
 */
export function testClock (start = new Date()) {
  let current = start.getTime()
  return {
    now: () => new Date(current),
    advance: (seconds: number) => { current += seconds * 1000 }
  }
}

export interface BuildOptions {
  config?: Partial<Config>
  now?: () => Date
  /** Collect log lines instead of discarding them. */
  logs?: string[]
}

/** The real app (same factory as the server) on a fresh database, closed on teardown. */
export async function build (t: Test, options: BuildOptions = {}): Promise<FastifyInstance> {
  const file = await freshDatabase(t)
  const config = testConfig(file, { ...(options.logs !== undefined ? { logLevel: 'info' } : {}), ...options.config })
  const logStream = options.logs === undefined
    ? undefined
    : new Writable({ write (chunk, _encoding, done) { options.logs?.push(String(chunk)); done() } })
  const app = await buildApp({ config, now: options.now, logStream: logStream as never })
  t.teardown(async () => { await app.close() })
  failOnUndeclaredStatus(t, app)
  await app.ready()
  return app
}

/**
 * The document must tell the whole truth: every answer any test receives has a
 * status its operation declares (`default` stands for unplanned 500s only).
 */
function failOnUndeclaredStatus (t: Test, app: FastifyInstance) {
  app.addHook('onResponse', async function checkDeclaredStatus (request, reply) {
    const schema = request.routeOptions.schema
    if (schema?.operationId === undefined) return
    const declared = (schema.response ?? {}) as Record<string, unknown>
    const status = reply.statusCode
    if (String(status) in declared || (status === 500 && 'default' in declared)) return
    t.fail(`${request.method} ${request.routeOptions.url} answered ${status}, which operation ${schema.operationId} does not declare`)
  })
}
