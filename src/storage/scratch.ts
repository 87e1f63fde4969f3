import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/**
 * Local working files for image processing (libvips reads and writes files
 * without holding them whole in memory). They are never served: what is kept
 * goes through BlobStorage.put. Leftovers from a crash are swept at start-up.
 */
export function createScratch (root: string) {
  return {
    /** A fresh path; the caller removes it (see `remove`). */
    async path (extension = ''): Promise<string> {
      await mkdir(root, { recursive: true })
      return join(root, `${randomUUID()}${extension}`)
    },

    /** Streams `body` into a new scratch file and returns its path. */
    async write (body: AsyncIterable<Uint8Array>): Promise<string> {
      const path = await this.path()
      try {
        await pipeline(Readable.from(body), createWriteStream(path, { flags: 'wx', mode: 0o600 }))
        return path
      } catch (error) {
        await rm(path, { force: true })
        throw error
      }
    },

    async remove (...paths: Array<string | undefined>): Promise<void> {
      await Promise.all(paths.map(async (path) => { if (path !== undefined) await rm(path, { force: true }) }))
    },

    async sweep (before: Date): Promise<number> {
      let removed = 0
      const names = await readdir(root).catch(() => [] as string[])
      for (const name of names) {
        const path = join(root, name)
        const info = await stat(path).catch(() => null)
        if (info !== null && info.mtime < before) {
          await rm(path, { recursive: true, force: true })
          removed++
        }
      }
      return removed
    }
  }
}

export type Scratch = ReturnType<typeof createScratch>
