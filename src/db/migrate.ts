import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'better-sqlite3'
import type { SchemaContainer } from '@prisma/schema-engine-wasm'
import { databaseProvider, sqliteFilePath } from './database-url.js'
import {
  DatabaseBusyError, layout, noFilters, prismaDir, readMigrations, readSchema, type MigrateOptions
} from './migration-files.js'
import { migratePostgresql } from './migrate-postgresql.js'
import { openSchemaEngine, type SchemaEngine } from './schema-engine.js'

// The SQLite path: migrations applied to a file; ./migrate-postgresql.ts is PostgreSQL's.
export const { schemaFile, migrationsDir } = layout.sqlite
export { DatabaseBusyError, readMigrations, type MigrateOptions }

async function withSchemaEngine<T> (
  databaseFile: string,
  work: (engine: SchemaEngine, schema: SchemaContainer) => Promise<T>
): Promise<T> {
  mkdirSync(dirname(databaseFile), { recursive: true })
  const schema = await readSchema('sqlite')
  const { engine, close, wasBusy } = await openSchemaEngine(databaseFile, [[schema.path, schema.content]])
  try {
    return await work(engine, schema)
  } catch (error) {
    if (wasBusy()) throw new DatabaseBusyError(`${databaseFile} is locked by another process`, { cause: error })
    throw error
  } finally {
    await close()
  }
}

async function applyPending (engine: SchemaEngine): Promise<string[]> {
  const { appliedMigrationNames } = await engine.applyMigrations({
    migrationsList: await readMigrations(),
    filters: noFilters
  })
  return appliedMigrationNames
}

/**
 * The migration folders not yet applied to the file, read without a lock (a
 * running instance may have it open). Applied means finished and not rolled
 * back, as `prisma migrate deploy` counts it; a missing file has everything pending.
 */
export async function pendingMigrations (databaseFile: string): Promise<string[]> {
  const folders = (await readMigrations()).migrationDirectories.map((directory) => directory.path)
  if (!existsSync(databaseFile)) return folders
  let db: Database.Database | undefined
  try {
    db = new Database(databaseFile, { readonly: true, fileMustExist: true, timeout: 5000 })
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get()
    if (table === undefined) return folders
    const rows = db.prepare(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL'
    ).all() as Array<{ migration_name: string }>
    const applied = new Set(rows.map((row) => row.migration_name))
    return folders.filter((folder) => !applied.has(folder))
  } catch (error) {
    // Another process is migrating it (the engine holds SQLite's exclusive lock).
    if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY')) {
      throw new DatabaseBusyError(`${databaseFile} is locked by another process`, { cause: error })
    }
    throw error
  } finally {
    db?.close()
  }
}

const LOCK_RETRY_MS = 250

/**
 * Applies pending migrations exactly as `prisma migrate deploy` would (same
 * `_prisma_migrations` bookkeeping), creating the database file if needed.
 * With nothing pending it opens no engine and takes no lock, so an instance can
 * start beside a running one (a rolling restart). Otherwise the engine needs the
 * file to itself: it retries until `lockTimeoutMs`, then throws a DatabaseBusyError.
 */
export async function migrateDatabase (
  databaseFile: string,
  { lockTimeoutMs = 30_000, onWait }: MigrateOptions = {}
): Promise<string[]> {
  const deadline = Date.now() + lockTimeoutMs
  let pending: string[] = []
  for (let attempt = 0; ; attempt++) {
    try {
      // Read again after a wait: the process that held the lock may have applied them.
      pending = await pendingMigrations(databaseFile)
      if (pending.length === 0) return []
      return await withSchemaEngine(databaseFile, applyPending)
    } catch (error) {
      if (!(error instanceof DatabaseBusyError)) throw error
      if (Date.now() >= deadline) {
        throw new DatabaseBusyError(
          `Cannot apply ${pending.join(', ') || 'the migrations'} to ${databaseFile}: another process kept the ` +
          `database open for ${Math.round(lockTimeoutMs / 1000)} s, and migrating needs the file to itself. Stop ` +
          'the running instances (or run `npm run db:migrate` while they are stopped), then start again.', { cause: error })
      }
      if (attempt === 0) onWait?.(pending)
      await sleep(LOCK_RETRY_MS)
    }
  }
}

/**
 * The SQL that takes a database migrated to the latest folder to the current
 * schema.prisma: the body of the next migration ('' when nothing changed).
 */
export async function diffSchemaAgainstMigrations (scratchFile: string): Promise<string> {
  return await withSchemaEngine(scratchFile, async (engine, schema) => {
    await applyPending(engine)
    const { stdout } = await engine.diff({
      from: { tag: 'schemaDatasource', files: [schema], configDir: prismaDir },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters: noFilters
    })
    return stdout?.trim() === '-- This is an empty migration.' ? '' : (stdout ?? '')
  })
}

/**
 * Applies pending migrations to the database DATABASE_URL names: a SQLite file (created if needed), or
 * PostgreSQL under an advisory lock, so nodes starting together apply each migration once.
 */
export async function migrateDatabaseAt (databaseUrl: string, options: MigrateOptions = {}): Promise<string[]> {
  if (databaseProvider(databaseUrl) === 'postgresql') return await migratePostgresql(databaseUrl, options)
  return await migrateDatabase(sqliteFilePath(databaseUrl), options)
}
