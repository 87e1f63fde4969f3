// Prisma's schema engine compiled to WebAssembly: migrations without the native
// engine binary that the Prisma CLI would download (CI machines cannot reach its host).
import { readFile } from 'node:fs/promises'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import {
  bindMigrationAwareSqlAdapterFactory, isDriverAdapterError, type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory
} from '@prisma/driver-adapter-utils'
import type { SchemaEngine } from '@prisma/schema-engine-wasm'

export type { SchemaEngine }

// @types/node 20 does not declare the WebAssembly global.
const wasmRuntime = (globalThis as unknown as {
  WebAssembly: {
    instantiate: (bytes: Uint8Array, imports: object) => Promise<{ instance: { exports: Record<string, unknown> } }>
  }
}).WebAssembly

let engineModule: Promise<typeof import('@prisma/schema-engine-wasm/schema_engine_bg')> | undefined

/** The package is published for bundlers; in plain Node the wasm is instantiated by hand. */
async function loadEngineModule () {
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg')
  const wasm = await readFile(
    new URL('schema_engine_bg.wasm', import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg'))
  )
  const { instance } = await wasmRuntime.instantiate(wasm, { './schema_engine_bg.js': glue })
  glue.__wbg_set_wasm(instance.exports)
  ;(instance.exports.__wbindgen_start as () => void)()
  return glue
}

export interface OpenSchemaEngine {
  engine: SchemaEngine
  /** Frees the engine and closes its database connections (they would hold locks). */
  close: () => Promise<void>
  /**
   * Whether a statement found the database locked. The engine takes SQLite's
   * exclusive locking mode, which fails while any other connection has the file
   * open, and it cannot decode the adapter's error for that (`unknown variant
   * SocketTimeout`): this is how a caller tells that failure from the others.
   */
  wasBusy: () => boolean
}

/** Records SQLITE_BUSY (the adapter's `SocketTimeout`) on the statements the engine runs outside transactions. */
function watchBusy (connection: SqlDriverAdapter, onBusy: () => void): SqlDriverAdapter {
  const watch = <A extends unknown[], R>(run: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    try {
      return await run(...args)
    } catch (error) {
      if (isDriverAdapterError(error) && error.cause.kind === 'SocketTimeout') onBusy()
      throw error
    }
  }
  connection.queryRaw = watch(connection.queryRaw.bind(connection))
  connection.executeRaw = watch(connection.executeRaw.bind(connection))
  connection.executeScript = watch(connection.executeScript.bind(connection))
  return connection
}

/** The engine over a driver adapter factory; every connection it opens is closed by `close`. */
async function openWith (
  factory: SqlMigrationAwareDriverAdapterFactory,
  datamodels: Array<[string, string]>,
  wrap: (connection: SqlDriverAdapter) => SqlDriverAdapter = (connection) => connection
): Promise<{ engine: SchemaEngine, close: () => Promise<void> }> {
  engineModule ??= loadEngineModule()
  const { SchemaEngine } = await engineModule
  const connections: SqlDriverAdapter[] = []
  const track = async (connecting: Promise<SqlDriverAdapter>) => {
    const connection = await connecting
    connections.push(connection)
    return wrap(connection)
  }
  const trackingFactory: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => await track(factory.connect()),
    connectToShadowDb: async () => await track(factory.connectToShadowDb())
  }
  const engine = await SchemaEngine.new({ datamodels }, () => {}, bindMigrationAwareSqlAdapterFactory(trackingFactory))
  return {
    engine,
    async close () {
      engine.free()
      await Promise.all(connections.map(async (connection) => { await connection.dispose() }))
    }
  }
}

export async function openSchemaEngine (
  databaseFile: string,
  datamodels: Array<[string, string]>
): Promise<OpenSchemaEngine> {
  // The lock is waited for by the caller, between attempts: a statement gives up at once.
  const factory = new PrismaBetterSqlite3({ url: `file:${databaseFile}`, timeout: 0 })
  let busy = false
  const opened = await openWith(factory, datamodels, (connection) => watchBusy(connection, () => { busy = true }))
  return { ...opened, wasBusy: () => busy }
}

/**
 * The engine on a PostgreSQL database. Its shadow database is never used: Prisma's would be the main database
 * itself when given a URL (see ../shared/notes), so diffs apply the migrations to a scratch database instead.
 */
export async function openPostgresqlSchemaEngine (
  connectionString: string,
  datamodels: Array<[string, string]>
): Promise<{ engine: SchemaEngine, close: () => Promise<void> }> {
  const factory = new PrismaPg({ connectionString, max: 1 })
  return await openWith(factory, datamodels, readCharColumnsAsText)
}

interface PgResult { fields: Array<{ dataTypeID: number }> }
const PG_CHAR = 18
const PG_TEXT = 25

/**
 * The engine reads the catalogue's one-byte `"char"` columns (pg_class.relkind and the like) when it describes a
 * database, and adapter-pg 7.10 has no column type for them (UnsupportedNativeDataType, so a diff against a
 * database fails). pg already returns their values as strings: this labels them text. It wraps `performIO`,
 * which is not in the adapter's typed API; if an upgrade renames it, nothing is wrapped and the error returns.
 */
function readCharColumnsAsText (connection: SqlDriverAdapter): SqlDriverAdapter {
  const io = connection as unknown as { performIO?: (query: unknown) => Promise<PgResult> }
  const performIO = io.performIO?.bind(connection)
  if (performIO === undefined) return connection
  io.performIO = async function performIOWithCharAsText (query) {
    const result = await performIO(query)
    for (const field of result.fields) if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT
    return result
  }
  return connection
}
