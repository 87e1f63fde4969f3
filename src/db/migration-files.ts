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
