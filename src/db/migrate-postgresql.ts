// Migrations on PostgreSQL, through the same WebAssembly schema engine as SQLite's (./schema-engine.ts).
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { postgresqlPool, withDatabaseName } from './database-url.js'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  DatabaseBusyError, layout, noFilters, readMigrations, readSchema, type MigrateOptions
} from './migration-files.js'
import { openPostgresqlSchemaEngine } from './schema-engine.js'

/** The advisory lock nodes take around migrating (any constant: it only has to be the same for every node). */
const MIGRATION_LOCK = 7_482_105_196

/** Runs `work` with a connection of its own to the URL's database. */
export async function withConnection<T> (
  connectionString: string, work: (client: pg.Client) => Promise<T>
): Promise<T> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** The folders not yet applied (finished and not rolled back, as `prisma migrate deploy` counts them). */
async function pendingOn (client: pg.Client, folders: string[]): Promise<string[]> {
  const { rows: [table] } = await client.query<{ present: boolean }>(
    "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present")
  if (table?.present !== true) return folders
  const { rows } = await client.query<{ migration_name: string }>(
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
  const applied = new Set(rows.map((row) => row.migration_name))
  return folders.filter((folder) => !applied.has(folder))
}

const LOCK_RETRY_MS = 250

/** Takes the migration lock, telling `onWait` once if another node holds it; gives up after `lockTimeoutMs`. */
async function takeLock (client: pg.Client, lockTimeoutMs: number, onWait: MigrateOptions['onWait']) {
  const deadline = Date.now() + lockTimeoutMs
  for (let attempt = 0; ; attempt++) {
    const { rows: [row] } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked',
      [MIGRATION_LOCK])
    if (row?.locked === true) return
    if (Date.now() >= deadline) {
      throw new DatabaseBusyError(`Another node held the migration lock for ${Math.round(lockTimeoutMs / 1000)} s ` +
        '(a long or stuck migration). Check the node that is migrating, or run `npm run db:migrate`, then start again.')
    }
    if (attempt === 0) onWait?.([])
    await sleep(LOCK_RETRY_MS)
  }
}

/**
 * Applies pending migrations as `prisma migrate deploy` would. Nodes that start together queue on one advisory
 * lock, held by a connection of its own for the whole apply (it is released when that connection ends, even if
 * this process dies), and each reads what is pending only once it holds the lock: a migration is applied once.
 */
export async function migratePostgresql (
  databaseUrl: string,
  { lockTimeoutMs = 5 * 60_000, onWait }: MigrateOptions = {}
): Promise<string[]> {
  const { connectionString } = postgresqlPool(databaseUrl)
  const migrationsList = await readMigrations('postgresql')
  const folders = migrationsList.migrationDirectories.map((directory) => directory.path)
  return await withConnection(connectionString, async (lockHolder) => {
    await takeLock(lockHolder, lockTimeoutMs, onWait)
    const pending = await pendingOn(lockHolder, folders)
    if (pending.length === 0) return []
    const schema = await readSchema('postgresql')
    const { engine, close } = await openPostgresqlSchemaEngine(connectionString, [[schema.path, schema.content]])
    try {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noFilters })
      return appliedMigrationNames
    } finally {
      await close()
    }
  })
}

/**
 * The SQL that takes a PostgreSQL database migrated to the latest folder to the current schema: the body of the
 * next migration ('' when nothing changed). It needs a server (`serverUrl`): the migrations are applied to a
 * scratch database created and dropped here, Prisma's shadow database being unusable without its CLI.
 */
export async function diffPostgresqlSchemaAgainstMigrations (serverUrl: string): Promise<string> {
  const { connectionString } = postgresqlPool(serverUrl)
  const scratch = `migrate_scratch_${randomBytes(6).toString('hex')}`
  await withConnection(connectionString, async (client) => { await client.query(`CREATE DATABASE "${scratch}"`) })
  try {
    const schema = await readSchema('postgresql')
    const scratchUrl = withDatabaseName(connectionString, scratch)
    const opened = await openPostgresqlSchemaEngine(scratchUrl, [[schema.path, schema.content]])
    try {
      await opened.engine.applyMigrations({ migrationsList: await readMigrations('postgresql'), filters: noFilters })
      const { stdout } = await opened.engine.diff({
        from: { tag: 'schemaDatasource', files: [schema], configDir: layout.postgresql.migrationsDir },
        to: { tag: 'schemaDatamodel', files: [schema] },
        script: true,
        exitCode: null,
        filters: noFilters
      })
      return stdout?.trim() === '-- This is an empty migration.' ? '' : (stdout ?? '')
    } finally {
      await opened.close()
    }
  } finally {
    await withConnection(connectionString, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`)
    })
  }
}
