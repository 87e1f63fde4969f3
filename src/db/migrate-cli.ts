// `npm run db:migrate`                   apply pending migrations to DATABASE_URL (SQLite or PostgreSQL)
// `npm run db:migrate -- --create <name>` write <timestamp>_<name>/migration.sql for both databases, from the
//                                         difference between schema.prisma and each one's migrations
// Both run offline. Creating needs a PostgreSQL server to diff against (MIGRATE_POSTGRES_URL, else
// TEST_DATABASE_URL): a scratch database is created there and dropped.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DatabaseBusyError, diffSchemaAgainstMigrations, migrateDatabaseAt } from './migrate.js'
import { diffPostgresqlSchemaAgainstMigrations } from './migrate-postgresql.js'
import { layout, prismaDir, waitingMessage } from './migration-files.js'

const { values } = parseArgs({ options: { create: { type: 'string' } } })

async function sqliteDiff (): Promise<string> {
  const scratch = mkdtempSync(join(tmpdir(), 'migrate-'))
  try {
    return await diffSchemaAgainstMigrations(join(scratch, 'scratch.db'))
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

async function create (name: string) {
  const serverUrl = process.env.MIGRATE_POSTGRES_URL ?? process.env.TEST_DATABASE_URL
  if (serverUrl === undefined || serverUrl === '') {
    console.error('Set MIGRATE_POSTGRES_URL (or TEST_DATABASE_URL) to a PostgreSQL server: the PostgreSQL ' +
      'migration is found by applying the existing ones to a scratch database there.')
    process.exitCode = 1
    return
  }
  // schema.prisma changed since install: regenerate the PostgreSQL schema (and both clients) first.
  const generated = layout.postgresql.schemaFile
  if (!existsSync(generated) || statSync(layout.sqlite.schemaFile).mtimeMs > statSync(generated).mtimeMs) {
    execFileSync(process.execPath, [join(prismaDir, 'generate-clients.mjs')], { stdio: 'inherit' })
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
  const diffs = { sqlite: await sqliteDiff(), postgresql: await diffPostgresqlSchemaAgainstMigrations(serverUrl) }
  for (const [provider, sql] of Object.entries(diffs) as Array<[keyof typeof diffs, string]>) {
    if (sql === '') {
      console.log(`${provider}: schema.prisma matches the migrations: nothing to create`)
      continue
    }
    const folder = join(layout[provider].migrationsDir, `${stamp}_${name}`)
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, 'migration.sql'), sql.endsWith('\n') ? sql : sql + '\n')
    console.log(`${provider}: created ${folder}/migration.sql`)
  }
}

if (values.create !== undefined) {
  await create(values.create.toLowerCase().replace(/[^a-z0-9_]+/g, '_'))
} else {
  const databaseUrl = process.env.DATABASE_URL ?? 'file:./data/app.db'
  try {
    const applied = await migrateDatabaseAt(databaseUrl, {
      onWait: (pending) => { console.error(waitingMessage(pending)) }
    })
    const where = databaseUrl.replace(/\/\/[^@/]*@/, '//')
    console.log(applied.length > 0 ? `applied ${applied.join(', ')} to ${where}` : `${where} is up to date`)
  } catch (error) {
    if (!(error instanceof DatabaseBusyError)) throw error
    console.error(error.message)
    process.exitCode = 1
  }
}
