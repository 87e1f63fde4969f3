import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { databaseProvider, postgresqlPool, sqliteFilePath } from '../db/database-url.js'
import { createSemaphore } from '../media/semaphore.js'
import { PrismaClient } from '../generated/prisma/client.js'
import { PrismaClient as PostgresqlPrismaClient } from '../generated/prisma-postgresql/client.js'

/** Told after a write to user rows: the user's id, or null when the write did not name its rows by id. */
export type UserWriteListener = (userId: string | null) => void

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient
    /** Subscribes to every write to the user table made through `prisma` (caches of user rows drop theirs). */
    onUserWrite: (listener: UserWriteListener) => void
  }
}

/** The ids a `where` on users pins its rows to, or null when it selects them otherwise (email, filters). */
function userIdsOf (where: unknown): string[] | null {
  const id = (where as { id?: unknown } | undefined)?.id
  if (typeof id === 'string') return [id]
  const { equals, in: list } = (typeof id === 'object' && id !== null ? id : {}) as { equals?: unknown, in?: unknown }
  if (typeof equals === 'string') return [equals]
  if (Array.isArray(list) && list.every((item) => typeof item === 'string')) return list
  return null
}

/** What the better-sqlite3 adapter uses of a statement: `prepare(sql).bind(args)`, then `run()` or a raw read. */
interface SqliteStatement {
  reader: boolean
  columns: () => unknown[]
  raw: (toggle?: boolean) => SqliteStatement
  run: (...params: unknown[]) => unknown
  all: (...params: unknown[]) => unknown[]
}
interface SqliteConnection { prepare: (sql: string) => SqliteStatement }

/** Prepared statements kept per connection, by SQL text (the least recently used goes first). */
export const PREPARED_STATEMENT_CACHE_SIZE = 256

/**
 * A stand-in for `statement.bind(params)`: better-sqlite3 binds a statement once for good, so it passes them per
 * call.
 */
function bound (statement: SqliteStatement, params: unknown[]) {
  return {
    reader: statement.reader,
    columns: () => statement.columns(),
    raw: () => ({ all: () => statement.raw(true).all(params) }),
    run: () => statement.run(params)
  }
}

/**
 * SQLite only. The adapter prepares every statement anew, so SQLite parses and plans
 * it on each call (under load 30-100 µs for each of the refresh path's statements);
 * this keeps the connection's prepared statements by SQL text and reuses them. It
 * reaches into the adapter's connection (`client`, not in its typed API): if an
 * upgrade moves that, the adapter is left as it is (slower, still correct). On
 * PostgreSQL the pg adapter is used instead and this goes with the SQLite one.
 */
export function reusePreparedStatements (factory: PrismaBetterSqlite3): PrismaBetterSqlite3 {
  const connect = factory.connect.bind(factory)
  factory.connect = async function connectReusingStatements () {
    const adapter = await connect()
    const connection = (adapter as unknown as { client?: SqliteConnection }).client
    if (typeof connection?.prepare !== 'function') return adapter
    const prepare = connection.prepare.bind(connection)
    const statements = new Map<string, SqliteStatement>()
    connection.prepare = function preparedOnce (sql: string) {
      let statement = statements.get(sql)
      if (statement === undefined) {
        statement = prepare(sql)
        if (statements.size >= PREPARED_STATEMENT_CACHE_SIZE) {
          statements.delete(statements.keys().next().value as string)
        }
      } else {
        statements.delete(sql)
      }
      statements.set(sql, statement)
      return {
        ...bound(statement, []),
        bind: (params: unknown[]) => bound(statement, params)
      } as unknown as SqliteStatement
    }
    return adapter
  }
  return factory
}

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSqlite3['connect']>>
type SqliteTransaction = Awaited<ReturnType<SqliteAdapter['startTransaction']>>

/**
 * SQLite only. Every query runs on the one connection, and the adapter queues
 * transactions behind each other but not the queries outside them: a write that
 * arrived while another request's transaction was open ran inside it and was
 * undone by its rollback. Here a transaction holds the connection from BEGIN to
 * COMMIT or ROLLBACK and other queries wait their turn; with no transaction
 * open they run at once. (On PostgreSQL each transaction has its own connection.)
 */
export function queueQueriesBehindTransactions (factory: PrismaBetterSqlite3): PrismaBetterSqlite3 {
  const connect = factory.connect.bind(factory)
  factory.connect = async function connectQueued () {
    const adapter = await connect()
    // One slot: a transaction holds it from BEGIN to COMMIT or ROLLBACK, other queries take it in turn.
    const connection = createSemaphore(1)
    const startTransaction = adapter.startTransaction.bind(adapter)
    adapter.startTransaction = async function startQueuedTransaction (isolationLevel) {
      const release = await connection.acquire()
      let transaction: SqliteTransaction
      try {
        transaction = await startTransaction(isolationLevel)
      } catch (error) {
        release()
        throw error
      }
      // Prisma sends COMMIT or ROLLBACK through the transaction, then calls one of these.
      const commit = transaction.commit.bind(transaction)
      const rollback = transaction.rollback.bind(transaction)
      transaction.commit = async () => { try { await commit() } finally { release() } }
      transaction.rollback = async () => { try { await rollback() } finally { release() } }
      return transaction
    }
    const queryRaw = adapter.queryRaw.bind(adapter)
    const executeRaw = adapter.executeRaw.bind(adapter)
    async function inTurn<R> (run: () => Promise<R>): Promise<R> {
      return connection.pending === 0 ? await run() : await connection.run(run)
    }
    adapter.queryRaw = async (query) => await inTurn(async () => await queryRaw(query))
    adapter.executeRaw = async (query) => await inTurn(async () => await executeRaw(query))
    return adapter
  }
  return factory
}

/**
 * A client whose writes to the user table report to `onUserWrite`, so a cache
 * of user rows is kept right by the client itself rather than by every service
 * remembering to call it. Reported after the statement (also when it fails: a
 * spare drop is cheap, a missed one serves a stale row). Not seen: raw SQL and
 * nested writes through another model (`session.update({ data: { user: ... } })`).
 */
export function createPrismaClient (
  databaseUrl: string,
  onUserWrite: UserWriteListener = () => {}
): PrismaClient {
  function report (where: unknown) {
    const ids = userIdsOf(where)
    if (ids === null) onUserWrite(null)
    else for (const id of ids) onUserWrite(id)
  }
  async function reported<A extends { where?: unknown }, R> ({ args, query }: {
    args: A
    query: (args: A) => Promise<R>
  }) {
    try {
      return await query(args)
    } finally {
      report(args.where)
    }
  }
  const write = {
    update: reported,
    updateMany: reported,
    updateManyAndReturn: reported,
    upsert: reported,
    delete: reported,
    deleteMany: reported
  }
  // Query extensions change no model or result type: the extended client is still a PrismaClient to its callers.
  return baseClient(databaseUrl)
    .$extends({ name: 'user-writes', query: { user: write } }) as unknown as PrismaClient
}

/**
 * The generated client for the URL's database. Both are generated from the one schema.prisma and differ
 * only in the SQL they emit, so the app is written against one type: the SQLite client's.
 */
function baseClient (databaseUrl: string): PrismaClient {
  if (databaseProvider(databaseUrl) === 'postgresql') {
    // A server that accepts and never answers would hold requests forever: 5 s to connect or to get a pooled
    // connection, then the error is a 503 (pg reads no such timeout from the URL).
    const adapter = new PrismaPg({ ...postgresqlPool(databaseUrl), connectionTimeoutMillis: 5_000 })
    return new PostgresqlPrismaClient({ adapter }) as unknown as PrismaClient
  }
  const adapter = queueQueriesBehindTransactions(reusePreparedStatements(
    new PrismaBetterSqlite3({ url: `file:${sqliteFilePath(databaseUrl)}`, timeout: 5000 })
  ))
  return new PrismaClient({ adapter })
}

async function databasePlugin (app: FastifyInstance) {
  const listeners: UserWriteListener[] = []
  const prisma = createPrismaClient(app.config.databaseUrl, (userId) => {
    for (const listener of listeners) listener(userId)
  })
  if (databaseProvider(app.config.databaseUrl) === 'sqlite') {
    // WAL lets readers proceed while a write commits; foreign keys carry the cascades.
    // synchronous=NORMAL (as PocketBase runs it): in WAL mode the file cannot be
    // corrupted and an app crash loses nothing; only a power cut may lose the last
    // commits. FULL fsynced every commit on the event loop (better-sqlite3 is
    // synchronous), which stalled every other request during sign-ins.
    await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL')
    await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL')
    await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON')
  }
  app.decorate('prisma', prisma)
  app.decorate('onUserWrite', function onUserWrite (listener: UserWriteListener) { listeners.push(listener) })
  app.addHook('onClose', async () => { await prisma.$disconnect() })
}

export default fp(databasePlugin, { name: 'database', dependencies: ['config'] })
