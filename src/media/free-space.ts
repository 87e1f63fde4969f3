// The floor under the upload volume's free space (STORAGE_MIN_FREE_BYTES): new
// uploads and variants stop with 507 before the disk fills, so the database,
// the logs and the files already kept still have room.
import { statfs } from 'node:fs/promises'
import { dirname } from 'node:path'
import { errors } from '../errors.js'

/** Bytes an unprivileged process may still write on the volume. */
export type FreeBytes = () => Promise<number>

/** statfs of `dir`, or of its nearest existing parent (the upload folder is made on first write). */
export function volumeFreeBytes (dir: string): FreeBytes {
  return async function freeBytes () {
    for (let path = dir; ; path = dirname(path)) {
      try {
        const info = await statfs(path)
        return info.bavail * info.bsize
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOENT' || dirname(path) === path) throw error
      }
    }
  }
}

/**
 * `check()` throws 507 insufficient_storage while the volume has less than `minFreeBytes` free.
 * The answer is reused for `cacheMs`: a statfs per request would cost more than the check is worth.
 */
export function createFreeSpaceGuard ({ freeBytes, minFreeBytes, cacheMs = 1000, now = Date.now }: {
  freeBytes: FreeBytes
  minFreeBytes: number
  cacheMs?: number
  now?: () => number
}) {
  let known: { bytes: number, at: number } | undefined
  let pending: Promise<number> | undefined

  async function free (): Promise<number> {
    if (known !== undefined && now() - known.at < cacheMs) return known.bytes
    pending ??= freeBytes()
      .then((bytes) => { known = { bytes, at: now() }; return bytes })
      .finally(() => { pending = undefined })
    return await pending
  }

  return {
    async check (): Promise<void> {
      if (minFreeBytes === 0) return
      if (await free() < minFreeBytes) throw errors.insufficientStorage()
    }
  }
}

export type FreeSpaceGuard = ReturnType<typeof createFreeSpaceGuard>
