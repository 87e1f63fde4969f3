// Prisma's schema engine compiled to WebAssembly: migrations without the native
// engine binary that the Prisma CLI would download (CI machines cannot reach its host).
import { readFile } from 'node:fs/promises'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SchemaEngine } from '@prisma/schema-engine-wasm'

export type { SchemaEngine }

// @types/node 20 does not declare the WebAssembly global.
const wasmRuntime = (globalThis as unknown as {
  WebAssembly: { instantiate: (bytes: Uint8Array, imports: object) => Promise<{ instance: { exports: Record<string, unknown> } }> }
}).WebAssembly

let engineModule: Promise<typeof import('@prisma/schema-engine-wasm/schema_engine_bg')> | undefined

/** The package is published for bundlers; in plain Node the wasm is instantiated by hand. */
async function loadEngineModule () {
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg')
  const wasm = await readFile(new URL('schema_engine_bg.wasm', import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg')))
  const { instance } = await wasmRuntime.instantiate(wasm, { './schema_engine_bg.js': glue })
  glue.__wbg_set_wasm(instance.exports)
  ;(instance.exports.__wbindgen_start as () => void)()
  return glue
}

export interface OpenSchemaEngine {
  engine: SchemaEngine
  /** Frees the engine and closes its database connections (they would hold locks). */
  close: () => Promise<void>
}

export async function openSchemaEngine (
  databaseFile: string,
  datamodels: Array<[string, string]>
): Promise<OpenSchemaEngine> {
  engineModule ??= loadEngineModule()
  const { SchemaEngine } = await engineModule
  const factory = new PrismaBetterSqlite3({ url: `file:${databaseFile}` })
  const connections: SqlDriverAdapter[] = []
  const track = async (connection: Promise<SqlDriverAdapter>) => {
    connections.push(await connection)
    return connections[connections.length - 1]
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
