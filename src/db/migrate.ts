import { mkdirSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MigrationList, SchemaContainer } from '@prisma/schema-engine-wasm'
import { openSchemaEngine, type SchemaEngine } from './schema-engine.js'

// Same depth from src/db and dist/db.
export const prismaDir = fileURLToPath(new URL('../../prisma/', import.meta.url))
export const migrationsDir = join(prismaDir, 'migrations')
export const schemaFile = join(prismaDir, 'schema.prisma')

const noFilters = { externalTables: [], externalEnums: [] }

/** The migration folders on disk, in order, as the schema engine wants them. */
export async function readMigrations (): Promise<MigrationList> {
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

async function withSchemaEngine<T> (databaseFile: string, work: (engine: SchemaEngine, schema: SchemaContainer) => Promise<T>): Promise<T> {
  mkdirSync(dirname(databaseFile), { recursive: true })
  const schema = { path: schemaFile, content: await readFile(schemaFile, 'utf8') }
  const { engine, close } = await openSchemaEngine(databaseFile, [[schema.path, schema.content]])
  try {
    return await work(engine, schema)
  } finally {
    await close()
  }
}

async function applyPending (engine: SchemaEngine): Promise<string[]> {
  const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: await readMigrations(), filters: noFilters })
  return appliedMigrationNames
}

/**
 * Applies pending migrations exactly as `prisma migrate deploy` would (same
 * `_prisma_migrations` bookkeeping), creating the database file if needed.
 */
export async function migrateDatabase (databaseFile: string): Promise<string[]> {
  return await withSchemaEngine(databaseFile, applyPending)
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
