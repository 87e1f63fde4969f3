// Migrations and the pool on PostgreSQL, and several nodes starting together on one empty database (that one
// test also runs on SQLite). The rest needs a server: CI's second pass sets TEST_DATABASE_URL and runs it.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'better-sqlite3'
import pg from 'pg'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { postgresqlPool, sqliteFilePath, withDatabaseName } from '../../src/db/database-url.js'
import { diffPostgresqlSchemaAgainstMigrations, migratePostgresql, withConnection } from '../../src/db/migrate-postgresql.js'
import { DatabaseBusyError, layout, readMigrations } from '../../src/db/migration-files.js'
import {
  createTestDatabase, databaseEnv, emptyDatabase, freshDatabase, TEST_JWT_SECRET, testConfig, testProvider,
  testServerUrl
} from '../helpers/build.js'
import { childEnv, root, SERVER_JWT_SECRET, startServer } from '../helpers/server-process.js'

// Three server processes and two CLI processes: slow on a loaded 2-core machine.
t.setTimeout(300_000)

// Copied from MIGRATION_LOCK in src/db/migrate-postgresql.ts (not exported): the test holds the same lock.
const MIGRATION_LOCK = 7_482_105_196n

const json = (body: unknown) => ({
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body)
})

async function migrationFolders (): Promise<string[]> {
  return (await readMigrations(testProvider)).migrationDirectories.map((directory) => directory.path)
}

interface MigrationRow { migration_name: string, finished_at: unknown, rolled_back_at: unknown }

async function migrationRows (databaseUrl: string): Promise<MigrationRow[]> {
  const query = 'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name'
  if (testProvider === 'postgresql') return await withConnection(databaseUrl, async (client) => (await client.query(query)).rows)
  const db = new Database(sqliteFilePath(databaseUrl), { readonly: true })
  try {
    return db.prepare(query).all() as MigrationRow[]
  } finally {
    db.close()
  }
}

t.test(`three servers started at once on one empty ${testProvider} database all serve, migrated once`, async (t) => {
  const databaseUrl = await emptyDatabase(t)
  const env = { JWT_SECRET: SERVER_JWT_SECRET, ...databaseEnv(databaseUrl) }
  const servers = await Promise.all([startServer(t, env), startServer(t, env), startServer(t, env)])
  for (const server of servers) {
    t.equal((await fetch(`${server.url}/ready`)).status, 200, `${server.url} is ready`)
  }
  const rows = await migrationRows(databaseUrl)
  t.same(rows.map((row) => row.migration_name), await migrationFolders(), 'every migration recorded exactly once')
  t.ok(rows.every((row) => row.finished_at !== null && row.rolled_back_at === null), 'all finished')

  const account = { email: 'nodes@example.com', username: 'nodes', password: 'correct horse battery' }
  t.equal((await fetch(`${servers[0].url}/v1/auth/signup`, json(account))).status, 201)
  const login = await fetch(`${servers[1].url}/v1/auth/login`, json({ login: 'nodes', password: account.password }))
  t.equal(login.status, 200, 'an account made through one server signs in through another')
  const { accessToken } = await login.json() as { accessToken: string }
  const me = await fetch(`${servers[2].url}/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } })
  t.equal((await me.json() as { username: string }).username, 'nodes', 'and its session is live on a third')
})

if (testServerUrl === undefined) {
  // CI's second pass (TEST_DATABASE_URL set) runs the rest.
  t.pass('PostgreSQL only: runs in the PostgreSQL pass (TEST_DATABASE_URL)')
} else {
  postgresqlTests(testServerUrl)
}

function postgresqlTests (serverUrl: string) {
  const scratchDatabases = async () => await withConnection(serverUrl, async (client) =>
    (await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'migrate_scratch_%'"))
      .rows.map((row) => row.datname))

  t.test('the PostgreSQL migrations match schema.prisma (no drift), and the scratch database is dropped', async (t) => {
    const before = await scratchDatabases()
    t.equal(await diffPostgresqlSchemaAgainstMigrations(serverUrl), '',
      'run `npm run db:migrate -- --create <name>` after changing the schema')
    const left = (await scratchDatabases()).filter((name) => !before.includes(name))
    t.same(left, [], 'no scratch database left behind')
  })

  t.test('prisma/postgresql is schema.prisma with another provider and output, locked to postgresql', async (t) => {
    // The lines generate-clients.mjs changes (and comments) aside, the two files must be the same models.
    const models = (file: string) => readFileSync(file, 'utf8').split('\n')
      .filter((line) => !/^\s*(\/\/|provider\s*=|output\s*=)/.test(line)).join('\n')
    t.equal(models(layout.postgresql.schemaFile), models(layout.sqlite.schemaFile),
      'run `node prisma/generate-clients.mjs` (npm install does) after changing schema.prisma')
    t.match(readFileSync(layout.postgresql.schemaFile, 'utf8'), /datasource db \{[^}]*provider = "postgresql"/)
    const lock = readFileSync(join(layout.postgresql.migrationsDir, 'migration_lock.toml'), 'utf8')
    t.match(lock, /^provider = "postgresql"$/m)
  })

  t.test('migratePostgresql applies everything to an empty database, then is a no-op', async (t) => {
    const databaseUrl = await createTestDatabase()
    t.same(await migratePostgresql(databaseUrl), await migrationFolders())
    t.same(await migratePostgresql(databaseUrl), [], 'nothing pending the second time')
  })

  t.test('migratePostgresql waits for the advisory lock another node holds, says so once, then migrates',
    async (t) => {
      const databaseUrl = await createTestDatabase()
      const holder = new pg.Client({ connectionString: databaseUrl })
      await holder.connect()
      t.teardown(async () => { await holder.end() })
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])

      let finished = false
      let waits = 0
      let told: () => void = () => {}
      const waiting = new Promise<void>((resolve) => { told = resolve })
      const migrating = migratePostgresql(databaseUrl, { onWait: () => { waits++; told() } })
        .finally(() => { finished = true })
      migrating.catch(() => {}) // awaited below; this only keeps an early failure from being unhandled
      await waiting
      await sleep(600) // a few retries
      t.notOk(finished, 'not finished while the lock is held')
      t.equal(waits, 1, 'told once, not per retry')
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
      t.same(await migrating, await migrationFolders(), 'applied once the lock was released')
    })

  t.test('a lock held past lockTimeoutMs is a DatabaseBusyError that says what to do', async (t) => {
    const databaseUrl = await createTestDatabase()
    const holder = new pg.Client({ connectionString: databaseUrl })
    await holder.connect()
    t.teardown(async () => { await holder.end() })
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    const error = await migratePostgresql(databaseUrl, { lockTimeoutMs: 300 }).catch((caught: unknown) => caught)
    t.ok(error instanceof DatabaseBusyError)
    t.match((error as Error).message, /migration lock.*npm run db:migrate/)
    const { rowCount } = await holder.query("SELECT 1 FROM pg_tables WHERE tablename = '_prisma_migrations'")
    t.equal(rowCount, 0, 'nothing applied')
  })

  t.test('npm run db:migrate applies to a postgres:// DATABASE_URL, then says up to date, never printing the password',
    async (t) => {
      const url = new URL(await createTestDatabase())
      url.username = 'postgres'
      url.password = 'hunter2-not-shown' // trust authentication ignores it
      const cli = async () => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/db/migrate-cli.ts')], {
          env: { ...childEnv, DATABASE_URL: url.toString() }, stdio: ['ignore', 'pipe', 'pipe']
        })
        let output = ''
        child.stdout.on('data', (chunk) => { output += String(chunk) })
        child.stderr.on('data', (chunk) => { output += String(chunk) })
        const [code] = await once(child, 'exit')
        return { code: code as number | null, output }
      }
      const first = await cli()
      t.equal(first.code, 0, first.output)
      t.match(first.output, /^applied .*_init to postgresql:\/\/127\.0\.0\.1:5432\//m)
      const second = await cli()
      t.equal(second.code, 0, second.output)
      t.match(second.output, /is up to date/)
      t.notMatch(first.output + second.output, /hunter2/, 'the password is not printed')
    })

  t.test('?connection_limit=3 sizes the pool the app queries through', async (t) => {
    const limited = withDatabaseName(serverUrl, 'anything') + '?connection_limit=3'
    t.equal(loadConfig({ DATABASE_URL: limited, JWT_SECRET: TEST_JWT_SECRET }).databaseUrl, limited, 'accepted')
    t.same(postgresqlPool(limited), { connectionString: withDatabaseName(serverUrl, 'anything'), max: 3 },
      'the driver gets the URL without our parameter')

    const databaseUrl = await freshDatabase(t)
    const name = new URL(databaseUrl).pathname.slice(1)
    const app = await buildApp({ config: testConfig(databaseUrl, { databaseUrl: `${databaseUrl}?connection_limit=3` }) })
    t.teardown(async () => { await app.close() })
    // Eight slow queries at once: a pool of three runs three at a time, on three connections.
    const queries = Array.from({ length: 8 }, async () =>
      await app.prisma.$queryRawUnsafe('SELECT 1 AS one FROM pg_sleep(0.4)'))
    const all = Promise.all(queries)
    const settled = all.then(() => true, () => true)
    let peak = 0
    await withConnection(serverUrl, async (client) => {
      do {
        const { rows } = await client.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name])
        peak = Math.max(peak, rows[0].n)
      } while (!await Promise.race([settled, sleep(25, false)]))
    })
    await all
    t.equal(peak, 3, 'at most (and, under load, exactly) three connections to the database')
  })
}
