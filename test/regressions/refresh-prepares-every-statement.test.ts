// The SQLite adapter prepared every statement anew (a sixth of a refresh under load); prepared statements are
// now reused by SQL text, and reuse must not change an answer: other values, after an error, in transactions.
import t from 'tap'
import { randomUUID } from 'node:crypto'
import type { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import {
  createPrismaClient, PREPARED_STATEMENT_CACHE_SIZE, reusePreparedStatements
} from '../../src/plugins/database.js'
import { freshSqliteDatabase } from '../helpers/build.js'

/** A factory whose connection records what it prepares and what each statement runs with. */
function recordingFactory () {
  const prepared: string[] = []
  const calls: Array<[string, string, unknown[]]> = []
  const connection = {
    prepare (sql: string) {
      prepared.push(sql)
      const statement = {
        reader: sql.startsWith('SELECT'),
        columns: () => [{ name: 'x' }],
        raw: () => statement,
        run: (params: unknown[]) => { calls.push(['run', sql, params]); return { changes: 1 } },
        all: (params: unknown[]) => { calls.push(['all', sql, params]); return [[params[0]]] }
      }
      return statement
    }
  }
  const factory = { connect: async () => ({ client: connection }) } as unknown as PrismaBetterSqlite3
  return { factory: reusePreparedStatements(factory), prepared, calls }
}

interface Bound { reader: boolean, raw: () => { all: () => unknown }, run: () => unknown }
interface Connection { prepare: (sql: string) => Bound & { bind: (params: unknown[]) => Bound } }
const connectionOf = async (factory: PrismaBetterSqlite3) =>
  ((await factory.connect()) as unknown as { client: Connection }).client

t.test('a statement is prepared once and each use runs with its own values', async (t) => {
  const { factory, prepared, calls } = recordingFactory()
  const connection = await connectionOf(factory)
  const first = connection.prepare('SELECT ?').bind(['a'])
  const second = connection.prepare('SELECT ?').bind(['b'])
  t.same(second.raw().all(), [['b']])
  t.same(first.raw().all(), [['a']], 'an earlier binding keeps its values')
  connection.prepare('BEGIN').run()
  t.same(prepared, ['SELECT ?', 'BEGIN'])
  t.same(calls, [['all', 'SELECT ?', ['b']], ['all', 'SELECT ?', ['a']], ['run', 'BEGIN', []]])
  t.equal(first.reader, true)
})

t.test('the cache is bounded: the least recently used statement goes first', async (t) => {
  const { factory, prepared } = recordingFactory()
  const connection = await connectionOf(factory)
  for (let index = 0; index < PREPARED_STATEMENT_CACHE_SIZE; index++) connection.prepare(`SELECT ${index}`)
  connection.prepare('SELECT 0') // used again: now the most recent
  connection.prepare('SELECT new') // evicts SELECT 1
  connection.prepare('SELECT 0')
  connection.prepare('SELECT 1')
  t.same(prepared.slice(PREPARED_STATEMENT_CACHE_SIZE), ['SELECT new', 'SELECT 1'])
})

t.test('a connection without the expected shape is left as it is', async (t) => {
  const adapter = { other: true }
  const factory = reusePreparedStatements({ connect: async () => adapter } as unknown as PrismaBetterSqlite3)
  t.equal(await factory.connect(), adapter)
})

t.test('on a real database, reused statements answer as fresh ones', async (t) => {
  const prisma = createPrismaClient(`file:${await freshSqliteDatabase(t)}`)
  t.teardown(async () => { await prisma.$disconnect() })
  const user = (name: string) => ({ id: randomUUID(), email: `${name}@example.com`, username: name, passwordHash: 'x' })
  for (const name of ['one', 'two', 'three']) await prisma.user.create({ data: user(name) })
  for (const name of ['one', 'two', 'three', 'one']) {
    const rows = await prisma.$queryRaw<Array<{ username: string }>>`SELECT "username" FROM "User" WHERE "username" = ${name}`
    t.same(rows.map((row) => row.username), [name])
  }
  await t.rejects(prisma.user.create({ data: user('one') }), { code: 'P2002' }, 'a unique violation')
  await prisma.user.create({ data: user('four') })
  t.equal(await prisma.user.count(), 4, 'the same insert statement works after failing')
  await t.rejects(prisma.$transaction(async (tx) => {
    await tx.user.create({ data: user('five') })
    throw new Error('roll back')
  }))
  await prisma.$transaction(async (tx) => { await tx.user.create({ data: user('six') }) })
  t.same((await prisma.user.findMany({ orderBy: { username: 'asc' } })).map((row) => row.username),
    ['four', 'one', 'six', 'three', 'two'], 'the rolled-back insert is gone, the committed one stays')
})
