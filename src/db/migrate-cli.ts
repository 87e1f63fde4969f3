// `npm run db:migrate`                   apply pending migrations to DATABASE_URL
// `npm run db:migrate -- --create <name>` write prisma/migrations/<timestamp>_<name>/migration.sql
//                                         from the difference between schema.prisma and the migrations
// Both run offline; `npx prisma migrate dev` does the same where Prisma's engine can be downloaded.
import { mkdtempSync, rmSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { sqliteFilePath } from './database-url.js'
import { DatabaseBusyError, diffSchemaAgainstMigrations, migrateDatabase, migrationsDir } from './migrate.js'

const { values } = parseArgs({ options: { create: { type: 'string' } } })

if (values.create !== undefined) {
  const name = values.create.toLowerCase().replace(/[^a-z0-9_]+/g, '_')
  const scratch = mkdtempSync(join(tmpdir(), 'migrate-'))
  try {
    const sql = await diffSchemaAgainstMigrations(join(scratch, 'scratch.db'))
    if (sql === '') {
      console.log('schema.prisma matches the migrations: nothing to create')
    } else {
      const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
      const folder = join(migrationsDir, `${stamp}_${name}`)
      await mkdir(folder, { recursive: true })
      await writeFile(join(folder, 'migration.sql'), sql.endsWith('\n') ? sql : sql + '\n')
      console.log(`created ${folder}/migration.sql`)
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
} else {
  const file = sqliteFilePath(process.env.DATABASE_URL ?? 'file:./data/app.db')
  try {
    const applied = await migrateDatabase(file, {
      onWait: () => { console.error('waiting for other processes to close the database') }
    })
    console.log(applied.length > 0 ? `applied ${applied.join(', ')} to ${file}` : `${file} is up to date`)
  } catch (error) {
    if (!(error instanceof DatabaseBusyError)) throw error
    console.error(error.message)
    process.exitCode = 1
  }
}
