import { resolve } from 'node:path'

/** The file behind a `file:` DATABASE_URL, resolved against the working directory. */
export function sqliteFilePath (databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:')) {
    throw new Error(`DATABASE_URL must be a SQLite file: URL, got "${databaseUrl}"`)
  }
  const path = databaseUrl.slice('file:'.length).replace(/\?.*$/, '')
  if (path === '') throw new Error('DATABASE_URL names no file')
  return resolve(path)
}
