// What a user's stored files cost them: bytes (files and kept variants) and a
// count of files, both held in StorageUsage and reserved together by one
// conditional UPDATE, so concurrent requests can never pass a limit together.
import type { Config } from '../../config.js'
import { errors } from '../../errors.js'
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js'

/** The least a file or a variant is charged: a 1-byte file still costs a row, a directory and an inode. */
export const MIN_CHARGE_BYTES = 4096

export const chargeOf = (size: number) => Math.max(size, MIN_CHARGE_BYTES)

/** What a set of stored blobs is charged, each at least MIN_CHARGE_BYTES. */
export const chargeOfAll = (items: ReadonlyArray<{ size: number }>) =>
  items.reduce((sum, item) => sum + chargeOf(item.size), 0)

type Db = PrismaClient | Prisma.TransactionClient

export interface Usage { bytes: number, files: number }

export function createUsageLedger ({ config }: { config: Pick<Config, 'uploadQuotaBytes' | 'uploadMaxFilesPerUser'> }) {
  async function read (db: Db, userId: string): Promise<Usage> {
    const row = await db.storageUsage.findUnique({ where: { userId } })
    return { bytes: Number(row?.bytes ?? 0n), files: row?.files ?? 0 }
  }

  return {
    read,

    /** Reserves `bytes` and `files` if both stay within the limits; false (and nothing reserved) otherwise. */
    async reserve (db: Db, userId: string, bytes: number, files: number): Promise<boolean> {
      if (bytes > config.uploadQuotaBytes || files > config.uploadMaxFilesPerUser) return false
      // The row, if it is not there yet. Not `upsert`: with an empty update Prisma reads then inserts, and two
      // first uploads at once on PostgreSQL both insert (a unique violation, 500); ON CONFLICT settles it in SQL.
      await db.$executeRaw`INSERT INTO "StorageUsage" ("userId") VALUES (${userId}) ON CONFLICT DO NOTHING`
      const { count } = await db.storageUsage.updateMany({
        where: {
          userId,
          bytes: { lte: BigInt(config.uploadQuotaBytes - bytes) },
          files: { lte: config.uploadMaxFilesPerUser - files }
        },
        data: { bytes: { increment: BigInt(bytes) }, files: { increment: files } }
      })
      return count > 0
    },

    /** Gives a charge back (a deleted file or variant, a reservation not used). */
    async release (db: Db, userId: string, bytes: number, files: number): Promise<void> {
      if (bytes === 0 && files === 0) return
      await db.storageUsage.updateMany({
        where: { userId },
        data: { bytes: { decrement: BigInt(bytes) }, files: { decrement: files } }
      })
    },

    /** The 413 for a refused reservation: `max_files` when the count is what `files` more would pass. */
    async refusal (db: Db, userId: string, files: number) {
      const usage = await read(db, userId)
      return usage.files + files > config.uploadMaxFilesPerUser
        ? errors.quotaExceeded(config.uploadQuotaBytes, 'max_files', config.uploadMaxFilesPerUser)
        : errors.quotaExceeded(config.uploadQuotaBytes)
    }
  }
}

export type UsageLedger = ReturnType<typeof createUsageLedger>
