import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'

/** The databases the app runs on: SQLite for one process (the default), PostgreSQL for several nodes. */
export type DatabaseProvider = 'sqlite' | 'postgresql'

/** `file:` is SQLite; `postgres://` or `postgresql://` is PostgreSQL. */
export function databaseProvider (databaseUrl: string): DatabaseProvider {
  if (databaseUrl.startsWith('file:')) return 'sqlite'
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql'
  throw new Error('DATABASE_URL must be a SQLite `file:` URL or a `postgres://` (or `postgresql://`) URL')
}

/** The file behind a `file:` DATABASE_URL, resolved against the working directory. */
export function sqliteFilePath (databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:')) {
    throw new Error(`DATABASE_URL must be a SQLite file: URL, got "${databaseUrl}"`)
  }
  const path = databaseUrl.slice('file:'.length).replace(/\?.*$/, '')
  if (path === '') throw new Error('DATABASE_URL names no file')
  return resolve(path)
}

/** Connections per node when the URL does not say (`?connection_limit=`): Prisma's own default. */
export const DEFAULT_CONNECTION_LIMIT = availableParallelism() * 2 + 1

export interface PostgresqlPool {
  /** The URL without the parameters that are ours rather than the driver's. */
  connectionString: string
  /** The pool's size. */
  max: number
}

/** The pool a `postgres://` URL asks for: `connection_limit` keeps its Prisma meaning. */
export function postgresqlPool (databaseUrl: string): PostgresqlPool {
  const url = new URL(databaseUrl)
  // Tables live in the database's default schema; another one would need the migrations to say so too.
  if (url.searchParams.has('schema')) {
    throw new Error('DATABASE_URL: ?schema= is not supported; give the app a database of its own')
  }
  const limit = url.searchParams.get('connection_limit')
  url.searchParams.delete('connection_limit')
  const max = limit === null ? DEFAULT_CONNECTION_LIMIT : Number(limit)
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw new Error(`DATABASE_URL: connection_limit must be an integer from 1 to 1000, got "${limit ?? ''}"`)
  }
  return { connectionString: url.toString(), max }
}

/** The same server and credentials, another database (scratch and per-test databases). */
export function withDatabaseName (databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl)
  url.pathname = `/${name}`
  return url.toString()
}
