import { createHash } from 'node:crypto'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import t, { type Test } from 'tap'
import { sqliteFilePath } from '../../src/db/database-url.js'
import {
  DatabaseBusyError, diffSchemaAgainstMigrations, migrateDatabase, migrationsDir, pendingMigrations, readMigrations
} from '../../src/db/migrate.js'
import { build, freshSqliteDatabase } from '../helpers/build.js'

const run = promisify(execFile)

function tempDir (t: Test) {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-test-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

t.test('migrateDatabase creates the file, applies every migration like prisma migrate deploy, then is a no-op', async (t) => {
  const file = join(tempDir(t), 'deep', 'app.db')
  const expected = (await readMigrations()).migrationDirectories.map((d) => d.path)
  t.same(await migrateDatabase(file), expected)
  t.same(await migrateDatabase(file), [], 'nothing pending the second time')
  const db = new Database(file, { readonly: true })
  t.teardown(() => db.close())
  const rows = db.prepare('SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name').all() as Array<{ migration_name: string, checksum: string, finished_at: string | null }>
  t.same(rows.map((row) => row.migration_name), expected)
  for (const row of rows) {
    const sql = readFileSync(join(migrationsDir, row.migration_name, 'migration.sql'))
    t.equal(row.checksum, createHash('sha256').update(sql).digest('hex'), 'checksum as the Prisma CLI records it')
    t.ok(row.finished_at)
  }
  t.ok(db.prepare("SELECT name FROM sqlite_master WHERE name = 'User'").get(), 'tables exist')
})

t.test('the migrations match schema.prisma (no drift)', async (t) => {
  t.equal(await diffSchemaAgainstMigrations(join(tempDir(t), 'scratch.db')), '', 'run `npm run db:migrate -- --create <name>` after changing the schema')
})

t.test('the db:migrate CLI applies to DATABASE_URL and reports', async (t) => {
  const file = join(tempDir(t), 'cli.db')
  const cli = new URL('../../src/db/migrate-cli.ts', import.meta.url).pathname
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${file}` }
  const first = await run(process.execPath, ['--import', 'tsx', cli], { env })
  t.match(first.stdout, /applied .*init/)
  const second = await run(process.execPath, ['--import', 'tsx', cli], { env })
  t.match(second.stdout, /is up to date/)
  // Creating writes both providers' migrations, so it needs a PostgreSQL server to diff against.
  const withoutServer = { ...env, MIGRATE_POSTGRES_URL: '', TEST_DATABASE_URL: '' }
  const server = env.TEST_DATABASE_URL
  const refused = await run(process.execPath, ['--import', 'tsx', cli, '--create', 'nothing'], { env: withoutServer })
    .catch((error: { code: number, stderr: string }) => error)
  t.equal((refused as { code?: number }).code, 1)
  t.match((refused as { stderr: string }).stderr, /Set MIGRATE_POSTGRES_URL/)
  if (server !== undefined) {
    const create = await run(process.execPath, ['--import', 'tsx', cli, '--create', 'nothing'], { env })
    t.match(create.stdout, /sqlite: .*nothing to create/, 'no empty migration is written when the schema matches')
    t.match(create.stdout, /postgresql: .*nothing to create/)
  }
})

t.test('DATABASE_URL must name a SQLite file', async (t) => {
  t.throws(() => sqliteFilePath('postgres://localhost/db'), /file: URL/)
  t.throws(() => sqliteFilePath('file:'), /names no file/)
  t.equal(sqliteFilePath('file:/tmp/x.db?mode=rwc'), '/tmp/x.db')
  t.equal(sqliteFilePath('file:./data/app.db'), join(process.cwd(), 'data/app.db'))
})

t.test('the app runs SQLite in WAL mode, synchronous=NORMAL, with foreign keys on', async (t) => {
  const app = await build(t, { databaseUrl: `file:${await freshSqliteDatabase(t)}` })
  const pragma = async (name: string) => String(Object.values((await app.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(`PRAGMA ${name}`))[0])[0])
  t.equal(await pragma('journal_mode'), 'wal')
  t.equal(await pragma('synchronous'), '1', 'NORMAL: no fsync per commit on the event loop')
  t.equal(await pragma('foreign_keys'), '1')
})

/** A connection of another process, as a running instance holds it: WAL mode, file open. */
function holdOpen (t: Test, file: string) {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.prepare('SELECT count(*) FROM sqlite_master').get()
  t.teardown(() => { if (db.open) db.close() })
  return db
}

t.test('pendingMigrations reads _prisma_migrations without a lock: missing file, migrated, rolled back', async (t) => {
  const all = (await readMigrations()).migrationDirectories.map((d) => d.path)
  const dir = tempDir(t)
  t.same(await pendingMigrations(join(dir, 'missing.db')), all, 'no file: everything')
  holdOpen(t, join(dir, 'empty.db'))
  t.same(await pendingMigrations(join(dir, 'empty.db')), all, 'no _prisma_migrations table: everything')
  const file = await freshSqliteDatabase(t)
  const other = holdOpen(t, file)
  t.same(await pendingMigrations(file), [], 'migrated, while another connection has it open')
  other.prepare('UPDATE _prisma_migrations SET rolled_back_at = finished_at WHERE migration_name = ?').run(all[0])
  t.same(await pendingMigrations(file), [all[0]], 'a rolled-back migration is pending again')
})

t.test('with nothing pending, migrating beside a running instance opens no engine and succeeds', async (t) => {
  const file = await freshSqliteDatabase(t)
  holdOpen(t, file)
  t.same(await migrateDatabase(file, { lockTimeoutMs: 0 }), [])
})

t.test('with migrations pending, a held database is waited for, then migrated', async (t) => {
  const file = join(tempDir(t), 'app.db')
  const holder = holdOpen(t, file)
  const waits: string[][] = []
  const migrating = migrateDatabase(file, { lockTimeoutMs: 20_000, onWait: (pending) => waits.push(pending) })
  await new Promise((resolve) => setTimeout(resolve, 1000))
  holder.close()
  const expected = (await readMigrations()).migrationDirectories.map((d) => d.path)
  t.same(await migrating, expected, 'applied once the other connection closed')
  t.same(waits, [expected], 'the wait was reported once, naming what was pending')
})

t.test('a database held past the timeout fails with a message saying what to do', async (t) => {
  const file = join(tempDir(t), 'app.db')
  holdOpen(t, file)
  const started = Date.now()
  const error = await migrateDatabase(file, { lockTimeoutMs: 500 }).catch((error: unknown) => error)
  t.type(error, DatabaseBusyError)
  t.match((error as Error).message, /^Cannot apply .*init.* another process kept the database open for 1 s.*Stop the running instances/)
  t.ok(Date.now() - started < 10_000, 'bounded')
})
