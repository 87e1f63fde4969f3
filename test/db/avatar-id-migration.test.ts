// 20261204173438_avatar_id on a database with data: the stored absolute
// avatarUrl becomes the Avatar's id, every other column and every row that
// points at a user stays, and the old host is gone from the database.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { readMigrations, schemaFile } from '../../src/db/migrate.js'
import { openSchemaEngine } from '../../src/db/schema-engine.js'

const AVATAR_ID_MIGRATION = '20261204173438_avatar_id'
const OLD_HOST = 'old-host.example'

/**
 * Applies the migration folders before `name` (and `name` too with `through`), as migrateDatabase would, so
 * later migrations never change what this test sees.
 */
async function migrateUpTo (file: string, name: string, through = false): Promise<string[]> {
  const all = await readMigrations()
  const folders = all.migrationDirectories.map((directory) => directory.path)
  const index = folders.indexOf(name)
  if (index === -1) throw new Error(`no migration ${name}`)
  const { engine, close } = await openSchemaEngine(file, [[schemaFile, readFileSync(schemaFile, 'utf8')]])
  try {
    const migrationDirectories = all.migrationDirectories.slice(0, through ? index + 1 : index)
    const migrationsList = { ...all, migrationDirectories }
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList, filters: { externalTables: [], externalEnums: [] }
    })
    return appliedMigrationNames
  } finally {
    await close()
  }
}

const withAvatar = {
  id: randomUUID(),
  email: 'ada@example.com',
  username: 'ada',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
  displayName: 'Ada',
  bio: 'Counts things.',
  emailVerified: 1,
  role: 'admin',
  createdAt: 1764000000000,
  updatedAt: 1764500000000
}
const avatarId = randomUUID()
const withoutAvatar = {
  ...withAvatar, id: randomUUID(), email: 'bob@example.com', username: 'bob', displayName: null, bio: null, emailVerified: 0, role: 'user'
}
// A URL left from an avatar whose row is gone: there is no id to keep.
const staleUrl = { ...withoutAvatar, id: randomUUID(), email: 'cy@example.com', username: 'cy' }

t.test(`${AVATAR_ID_MIGRATION} turns the stored avatarUrl into avatarId and keeps everything else`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'avatar-id-migration-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'app.db')

  const earlier = await migrateUpTo(file, AVATAR_ID_MIGRATION)
  t.notOk(earlier.includes(AVATAR_ID_MIGRATION), 'applied up to the migration under test')
  t.ok(earlier.length > 0)

  const db = new Database(file)
  t.teardown(() => db.close())
  const insertUser = db.prepare(`INSERT INTO "User" ("id", "email", "username", "passwordHash", "displayName", "bio",
    "avatarUrl", "emailVerified", "role", "createdAt", "updatedAt") VALUES (@id, @email, @username, @passwordHash,
    @displayName, @bio, @avatarUrl, @emailVerified, @role, @createdAt, @updatedAt)`)
  insertUser.run({ ...withAvatar, avatarUrl: `https://${OLD_HOST}/v1/avatars/${avatarId}` })
  insertUser.run({ ...withoutAvatar, avatarUrl: null })
  insertUser.run({ ...staleUrl, avatarUrl: `https://${OLD_HOST}/v1/avatars/${randomUUID()}` })
  db.prepare('INSERT INTO "Avatar" ("id", "userId", "createdAt") VALUES (?, ?, ?)').run(avatarId, withAvatar.id, 1764400000000)
  const fileId = randomUUID()
  db.prepare(`INSERT INTO "File" ("id", "userId", "filename", "contentType", "size", "sha256", "createdAt", "updatedAt")
    VALUES (?, ?, 'notes.txt', 'text/plain', 5, 'abc', 1764400000000, 1764400000000)`).run(fileId, withAvatar.id)

  t.same(await migrateUpTo(file, AVATAR_ID_MIGRATION, true), [AVATAR_ID_MIGRATION], 'then this migration alone')

  const columns = (db.prepare('PRAGMA table_info("User")').all() as Array<{ name: string }>).map((column) => column.name)
  t.ok(columns.includes('avatarId'))
  t.notOk(columns.includes('avatarUrl'), 'the URL column is gone')

  const rows = db.prepare('SELECT * FROM "User" ORDER BY "email"').all() as Array<Record<string, unknown>>
  t.same(rows, [
    { ...withAvatar, avatarId },
    { ...withoutAvatar, avatarId: null },
    { ...staleUrl, avatarId: null }
  ], 'avatarId is the Avatar\'s id (or null), every other column as it was')

  t.same(db.prepare('SELECT "id", "userId" FROM "Avatar"').all(), [{ id: avatarId, userId: withAvatar.id }],
    'the Avatar row survives the User table being rebuilt (no cascade)')
  t.same(db.prepare('SELECT "id" FROM "File"').all(), [{ id: fileId }], 'so do the user\'s files')
  t.same(db.prepare('PRAGMA foreign_key_check').all(), [], 'every reference still resolves')
  const indexes = (db.prepare('PRAGMA index_list("User")').all() as Array<{ name: string, unique: number }>)
    .filter((index) => index.unique === 1).map((index) => index.name).sort()
  t.same(indexes.filter((name) => !name.startsWith('sqlite_autoindex')), ['User_email_key', 'User_username_key'],
    'email and username stay unique')

  // No table, in any column, still names the old host.
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>
  for (const { name } of tables.filter((table) => table.name !== '_prisma_migrations')) {
    for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>) {
      t.notOk(Object.values(row).some((value) => String(value).includes(OLD_HOST)), `${name}: no old host`)
    }
  }
})
