// The PostgreSQL side of `npm run bench`: a database of its own for the run, created on the
// server BENCH_DATABASE_URL names (the local one by default) and dropped at the end.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { withDatabaseName } from '../../src/db/database-url.js'

export const DEFAULT_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/test'

export type BenchDatabase =
  | { reachable: true, url: string, name: string, serverVersion: string, drop: () => Promise<void> }
  | { reachable: false, reason: string }

/** The URL with its password hidden, for the printed settings. */
export function redacted (url: string): string {
  const parsed = new URL(url)
  if (parsed.password !== '') parsed.password = '***'
  return parsed.toString()
}

async function onServer<T> (serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  // An unreachable server should cost the bench seconds, not the driver's default wait.
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** `bench_<random>` on the server, empty (the app migrates it at start); unreachable is an answer, not an error. */
export async function createBenchDatabase (serverUrl: string): Promise<BenchDatabase> {
  const name = `bench_${randomBytes(6).toString('hex')}`
  let serverVersion: string
  try {
    serverVersion = await onServer(serverUrl, async (client) => {
      const { rows: [row] } = await client.query<{ server_version: string }>('SHOW server_version')
      await client.query(`CREATE DATABASE "${name}"`)
      return row.server_version
    })
  } catch (error) {
    return { reachable: false, reason: (error as Error).message || String(error) }
  }
  return {
    reachable: true,
    url: withDatabaseName(serverUrl, name),
    name,
    serverVersion,
    // FORCE: a connection the app left behind must not keep the database alive.
    drop: async () => { await onServer(serverUrl, async (client) => await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)) }
  }
}
