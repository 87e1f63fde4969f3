// Each test gets its own migrated database: a SQLite file copied from a template file, or, when
// TEST_DATABASE_URL names a PostgreSQL server, a database created from a template database. Templates are
// migrated once per set of migrations (copying is far faster than migrating) and shared by test processes.
import { createHash, randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import tap, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { databaseProvider, withDatabaseName, type DatabaseProvider } from '../../src/db/database-url.js'
import { migrateDatabase } from '../../src/db/migrate.js'
import { migratePostgresql, withConnection } from '../../src/db/migrate-postgresql.js'
import { layout } from '../../src/db/migration-files.js'

const tmpRoot = new URL('../.tmp/', import.meta.url).pathname

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789'

/** A PostgreSQL server for the suite (`TEST_DATABASE_URL`), or undefined: then everything runs on SQLite. */
export const testServerUrl = process.env.TEST_DATABASE_URL === '' ? undefined : process.env.TEST_DATABASE_URL
/** The database this run of the suite is on. */
export const testProvider: DatabaseProvider = testServerUrl === undefined ? 'sqlite' : databaseProvider(testServerUrl)
if (testServerUrl !== undefined && testProvider !== 'postgresql') {
  throw new Error('TEST_DATABASE_URL must be a postgres:// URL (SQLite needs no setting)')
}

function migrationsHash (provider: DatabaseProvider): string {
  const { migrationsDir } = layout[provider]
  const hash = createHash('sha256')
  for (const folder of readdirSync(migrationsDir).sort()) {
    const file = join(migrationsDir, folder, 'migration.sql')
    if (existsSync(file)) hash.update(folder).update(readFileSync(file))
  }
  return hash.digest('hex').slice(0, 16)
}

let sqliteTemplate: Promise<string> | undefined

/** A migrated database file to copy; made once and shared by concurrent test processes. */
async function sqliteTemplateFile (): Promise<string> {
  mkdirSync(tmpRoot, { recursive: true })
  const file = join(tmpRoot, `template-${migrationsHash('sqlite')}.db`)
  if (existsSync(file)) return file
  const scratch = mkdtempSync(join(tmpRoot, 'template-'))
  await migrateDatabase(join(scratch, 'app.db'))
  renameSync(join(scratch, 'app.db'), file) // atomic: another process may be doing the same
  rmSync(scratch, { recursive: true, force: true })
  return file
}

/** A fresh migrated SQLite file that is removed when the test ends (for tests of SQLite itself). */
export async function freshSqliteDatabase (t: Test): Promise<string> {
  sqliteTemplate ??= sqliteTemplateFile()
  const file = join(testDataDir(t), 'app.db')
  copyFileSync(await sqliteTemplate, file)
  return file
}

/** A directory of the test's own (uploads, outbox), removed when it ends. */
export function testDataDir (t: Test): string {
  mkdirSync(tmpRoot, { recursive: true })
  const dir = mkdtempSync(join(tmpRoot, 'db-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Runs `work` on a connection to the test server's maintenance database. */
async function onTestServer<T> (work: (client: pg.Client) => Promise<T>): Promise<T> {
  return await withConnection(testServerUrl as string, work)
}

/** Any constant: test processes queue on it while one of them builds the template database. */
const TEMPLATE_LOCK = 7_482_105_197
let postgresqlTemplate: Promise<string> | undefined

async function postgresqlTemplateDatabase (): Promise<string> {
  const name = `userbase_template_${migrationsHash('postgresql')}`
  return await onTestServer(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK])
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
      if (rowCount === 0) {
        // Built under another name and renamed, so a process killed half-way leaves no broken template.
        const building = `${name}_building`
        await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`)
        await client.query(`CREATE DATABASE "${building}"`)
        await migratePostgresql(withDatabaseName(testServerUrl as string, building))
        await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`)
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK])
    }
    return name
  })
}

const createdDatabases: string[] = []

/** Drops this process's databases once all its tests are over (a test's app may still hold connections before). */
function dropDatabasesAtEnd () {
  if (createdDatabases.length > 0) return
  tap.teardown(async () => {
    await onTestServer(async (client) => {
      for (const name of createdDatabases) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    })
  })
}

/** A new PostgreSQL database on the test server, empty or copied from `template`. */
export async function createTestDatabase (template?: string): Promise<string> {
  const name = `userbase_test_${process.pid}_${randomBytes(4).toString('hex')}`
  dropDatabasesAtEnd()
  createdDatabases.push(name)
  await onTestServer(async (client) => {
    await client.query(`CREATE DATABASE "${name}"${template === undefined ? '' : ` TEMPLATE "${template}"`}`)
  })
  return withDatabaseName(testServerUrl as string, name)
}

const dataDirs = new Map<string, string>()

/** The environment a server process needs for the database: its URL, and its data directory's on PostgreSQL. */
export function databaseEnv (databaseUrl: string): Record<string, string> {
  const dataDir = dataDirs.get(databaseUrl)
  return {
    DATABASE_URL: databaseUrl,
    ...(dataDir === undefined ? {} : { UPLOAD_DIR: join(dataDir, 'uploads'), MAIL_OUTBOX_DIR: join(dataDir, 'outbox') })
  }
}

/**
 * The URL of a fresh migrated database on this run's provider, with a data directory of its own for uploads
 * and mail (`testConfig` finds it): a SQLite file in that directory, or a PostgreSQL database.
 */
export async function freshDatabase (t: Test): Promise<string> {
  if (testProvider === 'sqlite') return `file:${await freshSqliteDatabase(t)}`
  postgresqlTemplate ??= postgresqlTemplateDatabase()
  const url = await createTestDatabase(await postgresqlTemplate)
  dataDirs.set(url, testDataDir(t))
  return url
}

/** The URL of an empty database (nothing migrated) on this run's provider. */
export async function emptyDatabase (t: Test): Promise<string> {
  if (testProvider === 'sqlite') return `file:${join(testDataDir(t), 'empty.db')}`
  const url = await createTestDatabase()
  dataDirs.set(url, testDataDir(t))
  return url
}

/** Config for tests: argon2 at OWASP's floor, quiet logs, generous limits unless a test sets its own. */
export function testConfig (databaseUrl: string, overrides: Partial<Config> = {}): Config {
  // Uploads and mail sit beside a SQLite file; a PostgreSQL test database has its directory on the side.
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    ...databaseEnv(databaseUrl),
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
  /** Another database than a fresh one on this run's provider (a SQLite file for tests of SQLite itself). */
  databaseUrl?: string
  config?: Partial<Config>
  now?: () => Date
  /** Collect log lines instead of discarding them. */
  logs?: string[]
}

/** The real app (same factory as the server) on a fresh database, closed on teardown. */
export async function build (t: Test, options: BuildOptions = {}): Promise<FastifyInstance> {
  const databaseUrl = options.databaseUrl ?? await freshDatabase(t)
  const config = testConfig(databaseUrl, { ...(options.logs !== undefined ? { logLevel: 'info' } : {}), ...options.config })
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
