import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MigrationList } from '@prisma/schema-engine-wasm'
import type { DatabaseProvider } from './database-url.js'

// Same depth from src/db and dist/db.
export const prismaDir = fileURLToPath(new URL('../../prisma/', import.meta.url))

/**
 * Where each database's schema and migrations live. schema.prisma is the one model definition; the PostgreSQL
 * schema is generated from it at install (prisma/generate-clients.mjs). Each keeps its own migrations, since
 * the SQL differs, and its own migration_lock.toml.
 */
export const layout: Record<DatabaseProvider, { schemaFile: string, migrationsDir: string }> = {
  sqlite: { schemaFile: join(prismaDir, 'schema.prisma'), migrationsDir: join(prismaDir, 'migrations') },
  postgresql: {
    schemaFile: join(prismaDir, 'postgresql', 'schema.prisma'),
    migrationsDir: join(prismaDir, 'postgresql', 'migrations')
  }
}

export const noFilters = { externalTables: [], externalEnums: [] }

/** The migration folders on disk, in order, as the schema engine wants them. */
export async function readMigrations (provider: DatabaseProvider = 'sqlite'): Promise<MigrationList> {
  const { migrationsDir } = layout[provider]
  const entries = await readdir(migrationsDir, { withFileTypes: true })
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()
  const migrationDirectories = await Promise.all(folders.map(async (folder) => ({
    path: folder,
    migrationFile: {
      path: 'migration.sql',
      content: { tag: 'ok' as const, value: await readFile(join(migrationsDir, folder, 'migration.sql'), 'utf8') }
    }
  })))
  const lockfile = join(migrationsDir, 'migration_lock.toml')
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockfile, 'utf8').catch(() => null) },
    shadowDbInitScript: '',
    migrationDirectories
  }
}

/** The schema the engine reads, as its `files` and `datamodels` want it. */
export async function readSchema (provider: DatabaseProvider): Promise<{ path: string, content: string }> {
  const { schemaFile } = layout[provider]
  return { path: schemaFile, content: await readFile(schemaFile, 'utf8') }
}

/**
 * The database could not be had for migrating: a SQLite file another process keeps open, or PostgreSQL's
 * migration lock held by another node for too long.
 */
export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError'
}

/** What a process prints while another one keeps it from migrating. */
export function waitingMessage (pending: string[]): string {
  const what = pending.length > 0 ? ` to apply ${pending.join(', ')}` : ''
  return `Waiting for another process to let go of the database${what}`
}

export interface MigrateOptions {
  /**
   * How long to wait for other processes: SQLite, for them to let go of the file when there is something to apply
   * (30 s); PostgreSQL, for the node holding the migration lock to finish (5 minutes).
   */
  lockTimeoutMs?: number
  /** Told once when the first attempt finds the database locked (PostgreSQL cannot know what is pending yet). */
  onWait?: (pending: string[]) => void
}
