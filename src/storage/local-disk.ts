import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, open as openCallback } from 'node:fs'
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Readable } from 'node:stream'
import {
  parseKey, parsePrefix, type BlobStat, type BlobStorage, type ByteRange, type ListedBlob, type PutResult
} from './types.js'

const isMissing = (error: unknown) => (error as { code?: string }).code === 'ENOENT'
const openForReading = promisify(openCallback) as (path: string) => Promise<number>

/** Makes a rename durable: the directory entry itself is flushed. */
async function syncDirectory (path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

// Measured on this machine with a 100 MiB upload: 256 KiB 0.20 s, 128 KiB 0.23 s, 1 MiB 0.26 s, 4 MiB 0.42 s.
const WRITE_BATCH_BYTES = 256 * 1024

/** Writes every byte of `chunks`, continuing after a short write. */
async function writeAll (handle: FileHandle, chunks: Uint8Array[], length: number): Promise<void> {
  let { bytesWritten } = await handle.writev(chunks)
  if (bytesWritten === length) return
  const rest = Buffer.concat(chunks)
  while (bytesWritten < length) {
    bytesWritten += (await handle.write(rest, bytesWritten, length - bytesWritten)).bytesWritten
  }
}

/** The names in a folder; none when it is missing or is not a folder (a stray file is not ours to fail on). */
async function safeReaddir (path: string): Promise<string[]> {
  try {
    return await readdir(path)
  } catch (error) {
    if (isMissing(error) || (error as { code?: string }).code === 'ENOTDIR') return []
    throw error
  }
}

/**
 * Blobs on the local disk: `<root>/blobs/<group>/<id[0,2]>/<id[2,4]>/<id>/<name>`
 * (two shard levels keep directories small), written to `<root>/tmp` first,
 * fsynced, then renamed into place so a reader never sees half a blob.
 */
export function createLocalDiskStorage (root: string): BlobStorage {
  const blobsRoot = join(root, 'blobs')
  const tmpRoot = join(root, 'tmp')

  const idDirectory = (group: string, id: string) => join(blobsRoot, group, id.slice(0, 2), id.slice(2, 4), id)
  const pathOf = (key: string) => {
    const { group, id, name } = parseKey(key)
    return join(idDirectory(group, id), name)
  }

  async function writeTemporary (handle: FileHandle, body: AsyncIterable<Uint8Array>): Promise<PutResult> {
    const hash = createHash('sha256')
    let size = 0
    // Chunks are gathered up to WRITE_BATCH_BYTES and written with one writev
    // (a write per network chunk cost more than the disk), and the next batch
    // is read while one is written: at most two batches in memory.
    let batch: Uint8Array[] = []
    let batched = 0
    let writing: Promise<void> = Promise.resolve()
    try {
      for await (const chunk of body) {
        hash.update(chunk)
        size += chunk.byteLength
        batch.push(chunk)
        batched += chunk.byteLength
        if (batched >= WRITE_BATCH_BYTES) {
          await writing
          writing = writeAll(handle, batch, batched)
          writing.catch(() => {}) // handled: awaited with the next batch or below
          batch = []
          batched = 0
        }
      }
    } finally {
      await writing.catch(() => {}) // the handle closes only once no write uses it
    }
    await writing
    if (batched > 0) await writeAll(handle, batch, batched)
    await handle.sync()
    return { size, sha256: hash.digest('hex') }
  }

  return {
    async put (key, body) {
      const target = pathOf(key)
      await mkdir(tmpRoot, { recursive: true })
      const temporary = join(tmpRoot, `${randomUUID()}.tmp`)
      const handle = await open(temporary, 'wx', 0o600)
      try {
        let result: PutResult
        try {
          result = await writeTemporary(handle, body)
        } finally {
          await handle.close()
        }
        const directory = join(target, '..')
        await mkdir(directory, { recursive: true })
        await rename(temporary, target)
        await syncDirectory(directory)
        return result
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
    },

    async get (key, range?: ByteRange): Promise<Readable | null> {
      let fd: number
      try {
        fd = await openForReading(pathOf(key))
      } catch (error) {
        if (isMissing(error)) return null
        throw error
      }
      // A stream over the descriptor, not FileHandle.createReadStream: that one reads through
      // promises and read a cached variant at a third of bare Fastify's rate under wrk.
      return createReadStream('', { fd, ...(range === undefined ? {} : { start: range.start, end: range.end }) })
    },

    async stat (key): Promise<BlobStat | null> {
      try {
        const info = await stat(pathOf(key))
        return { size: info.size, modifiedAt: info.mtime }
      } catch (error) {
        if (isMissing(error)) return null
        throw error
      }
    },

    async delete (key) {
      try {
        await unlink(pathOf(key))
      } catch (error) {
        if (!isMissing(error)) throw error
      }
    },

    async deletePrefix (prefix) {
      const { group, id } = parsePrefix(prefix)
      if (id === undefined) throw new TypeError('deletePrefix takes one `<group>/<uuid>/` prefix')
      await rm(idDirectory(group, id), { recursive: true, force: true })
    },

    async * list (prefix): AsyncIterable<ListedBlob> {
      const { group, id: only } = parsePrefix(prefix)
      const groupRoot = join(blobsRoot, group)
      for (const first of await safeReaddir(groupRoot)) {
        for (const second of await safeReaddir(join(groupRoot, first))) {
          for (const id of await safeReaddir(join(groupRoot, first, second))) {
            if (only !== undefined && id !== only) continue
            for (const name of await safeReaddir(join(groupRoot, first, second, id))) {
              const key = `${group}/${id}/${name}`
              try {
                parseKey(key)
              } catch {
                continue // not ours: never listed, so never deleted by a sweep
              }
              const info = await stat(join(groupRoot, first, second, id, name)).catch(() => null)
              if (info?.isFile() === true) yield { key, modifiedAt: info.mtime }
            }
          }
        }
      }
    },

    async sweepTemporary (before) {
      let removed = 0
      for (const name of await safeReaddir(tmpRoot)) {
        const path = join(tmpRoot, name)
        const info = await stat(path).catch(() => null)
        if (info !== null && info.isFile() && info.mtime < before) {
          await rm(path, { force: true })
          removed++
        }
      }
      return removed
    }
  }
}
