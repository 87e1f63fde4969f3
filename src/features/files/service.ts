import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../../config.js'
import { errors } from '../../errors.js'
import type { File as FileRow, PrismaClient } from '../../generated/prisma/client.js'
import { sanitizeFilename } from '../../media/filename.js'
import { ingest, limited, type IncomingBlob, type IngestedBlob } from '../../media/ingest.js'
import { blobKeys, type BlobOwner } from '../../media/keys.js'
import type { Media } from '../../media/plugin.js'
import { userClient } from '../../media/render-pool.js'
import type { FileObject, Visibility } from '../../schemas.js'
import { chargeOf, chargeOfAll, type UsageLedger } from './usage.js'
import { decodeCursor, encodeCursor } from '../../pagination.js'

/** One stored blob, ready to become a File row. */
export interface StoredFile extends IngestedBlob { id: string }

export interface SaveFileOptions {
  contentType: string
  filename: string
  width?: number | null
  height?: number | null
  visibility?: Visibility
}

const filePrefix = (fileId: string) => blobKeys.prefix('files', fileId)

export function toFileObject (row: FileRow, publicUrl: string): FileObject {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    visibility: row.visibility as Visibility,
    width: row.width,
    height: row.height,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    url: `${publicUrl}/v1/files/${row.id}/content`
  }
}

export function createFileService ({ prisma, media, config, now, log, ledger, onStored = () => {} }: {
  prisma: PrismaClient
  media: Pick<Media, 'storage' | 'scratch' | 'renderPool' | 'space'>
  config: Config
  now: () => Date
  log: FastifyBaseLogger
  ledger: UsageLedger
  /** Told the bytes of the files whose rows were written (metrics count them). */
  onStored?: (bytes: number) => void
}) {
  const { storage, space } = media
  const toObject = (row: FileRow) => toFileObject(row, config.publicUrl)

  /**
   * Refuses a new file early, before its bytes are received: 507 when the volume is low, 413 `max_files`
   * when the user has as many files as allowed. Returns the bytes they may still store (`commit` decides).
   */
  async function admit (userId: string): Promise<number> {
    await space.check()
    const usage = await ledger.read(prisma, userId)
    if (usage.files >= config.uploadMaxFilesPerUser) {
      throw errors.quotaExceeded(config.uploadQuotaBytes, 'max_files', config.uploadMaxFilesPerUser)
    }
    return config.uploadQuotaBytes - usage.bytes
  }

  /**
   * Writes the rows of stored blobs. Their charge and count are reserved by
   * one conditional UPDATE in the same short transaction (see usage.ts), so
   * concurrent uploads can never pass the limits together. On refusal the blobs go.
   */
  async function commit (userId: string, files: StoredFile[], visibility: Visibility): Promise<FileObject[]> {
    const at = now()
    try {
      const rows = await prisma.$transaction(async (tx) => {
        const reserved = await ledger.reserve(tx, userId, chargeOfAll(files), files.length)
        if (!reserved) throw await ledger.refusal(tx, userId, files.length)
        const created: FileRow[] = []
        for (const [index, file] of files.entries()) {
          // A millisecond apart, in part order, so "newest first" lists the request's last part first.
          const createdAt = new Date(at.getTime() - (files.length - 1 - index))
          created.push(await tx.file.create({ data: { ...file, userId, visibility, createdAt, updatedAt: createdAt } }))
        }
        return created
      })
      onStored(files.reduce((sum, file) => sum + file.size, 0))
      return rows.map(toObject)
    } catch (error) {
      await discard(files)
      throw error
    }
  }

  /** Removes the blobs of files that never got their rows (a refused request). */
  async function discard (files: StoredFile[]): Promise<void> {
    await Promise.all(files.map(async (file) => await storage.deletePrefix(filePrefix(file.id))))
  }

  /** A file the caller may read: their own, or a public one. Others' private files are 404, as if absent. */
  async function readable (fileId: string, viewerId: string | undefined): Promise<FileRow> {
    const row = await prisma.file.findUnique({ where: { id: fileId } })
    if (row === null || (row.visibility !== 'public' && row.userId !== viewerId)) throw errors.notFound('No such file.')
    return row
  }

  async function owned (fileId: string, userId: string): Promise<FileRow> {
    const row = await prisma.file.findUnique({ where: { id: fileId } })
    if (row === null || row.userId !== userId) throw errors.notFound('No such file.')
    return row
  }

  return {
    admit,
    commit,
    discard,
    readable,
    owned,
    toObject,

    /**
     * Stores one uploaded blob under a new id, checked (type, size, quota, image) as it streams, its images
     * decoded on the uploader's share of the render pool. `commit` makes it a file; `discard` drops it.
     */
    async store (userId: string, incoming: IncomingBlob, quotaLeft: number): Promise<StoredFile> {
      const id = randomUUID()
      const limits = {
        allowedTypes: config.uploadAllowedTypes,
        maxBytes: config.uploadMaxBytes,
        quotaLeft,
        quotaBytes: config.uploadQuotaBytes,
        maxPixels: config.uploadMaxImagePixels,
        stripMetadata: config.uploadStripMetadata
      }
      const context = { storage, scratch: media.scratch, pool: media.renderPool, client: userClient(userId) }
      return { id, ...await ingest(incoming, blobKeys.fileOriginal(id), limits, context) }
    },

    /**
     * Stores bytes made by the server (a generated image) as one of the user's files, under the same checks
     * as an upload (free space, file count, UPLOAD_MAX_BYTES, quota). The caller vouches for the type.
     */
    async save (userId: string, body: AsyncIterable<Uint8Array>, options: SaveFileOptions): Promise<FileObject> {
      const quotaLeft = await admit(userId)
      const id = randomUUID()
      const limits = { maxBytes: config.uploadMaxBytes, quotaLeft, quotaBytes: config.uploadQuotaBytes }
      const stored = await storage.put(blobKeys.fileOriginal(id), limited(body, limits))
      const file = {
        id,
        filename: sanitizeFilename(options.filename),
        contentType: options.contentType,
        ...stored,
        width: options.width ?? null,
        height: options.height ?? null
      }
      const [created] = await commit(userId, [file], options.visibility ?? 'private')
      return created
    },

    /** The caller's usage against their limits, as GET /v1/me/storage shows it. */
    async usage (userId: string) {
      const usage = await ledger.read(prisma, userId)
      return {
        usedBytes: usage.bytes,
        quotaBytes: config.uploadQuotaBytes,
        files: usage.files,
        maxFiles: config.uploadMaxFilesPerUser
      }
    },

    async byId (fileId: string): Promise<FileRow | null> {
      return await prisma.file.findUnique({ where: { id: fileId } })
    },

    async list (
      userId: string,
      limit: number,
      cursor?: string
    ): Promise<{ items: FileObject[], nextCursor: string | null }> {
      const after = cursor === undefined ? undefined : decodeCursor(cursor)
      const rows = await prisma.file.findMany({
        where: {
          userId,
          ...(after === undefined
            ? {}
            : {
                OR: [
                  { createdAt: { lt: new Date(after.t) } },
                  { createdAt: new Date(after.t), id: { lt: after.id } }
                ]
              })
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit + 1
      })
      const page = rows.slice(0, limit)
      const nextCursor = rows.length > limit ? encodeCursor(page[limit - 1].createdAt, page[limit - 1].id) : null
      return { items: page.map(toObject), nextCursor }
    },

    async update (
      fileId: string,
      userId: string,
      changes: { filename?: string, visibility?: Visibility }
    ): Promise<FileObject> {
      await owned(fileId, userId)
      const data = {
        ...(changes.filename !== undefined ? { filename: sanitizeFilename(changes.filename) } : {}),
        ...(changes.visibility !== undefined ? { visibility: changes.visibility } : {}),
        updatedAt: now()
      }
      return toObject(await prisma.file.update({ where: { id: fileId }, data }))
    },

    /**
     * The row (and the charge it and its variants hold) goes first, then the blob and its variants.
     * The file is gone once the row is: a blob that cannot be removed now is
     * logged and left to the start-up sweep, not reported as a failed delete.
     */
    async remove (fileId: string, userId: string): Promise<void> {
      const row = await owned(fileId, userId)
      const deleted = await prisma.$transaction(async (tx) => {
        const variants = await tx.fileVariant.findMany({ where: { fileId }, select: { size: true } })
        const { count } = await tx.file.deleteMany({ where: { id: fileId, userId } })
        if (count > 0) await ledger.release(tx, userId, chargeOf(row.size) + chargeOfAll(variants), 1)
        return count
      })
      if (deleted === 0) throw errors.notFound('No such file.')
      await storage.deletePrefix(filePrefix(fileId))
        .catch((error: unknown) => {
          log.warn({ err: error, fileId }, 'could not remove a deleted file\'s blobs; the sweep will')
        })
    },

    /** For the sweeper: does a file or variant row still name this blob? */
    async isReferenced ({ id, name }: BlobOwner): Promise<boolean> {
      if (name === 'original') return await prisma.file.findUnique({ where: { id }, select: { id: true } }) !== null
      if (!name.startsWith('v-')) return false
      return await prisma.fileVariant.findFirst({
        where: { id: name.slice(2), fileId: id },
        select: { id: true }
      }) !== null
    },

    /** For the sweeper: where a user's files and their variants are stored. */
    async blobPrefixesOf (userId: string): Promise<string[]> {
      const files = await prisma.file.findMany({ where: { userId }, select: { id: true } })
      return files.map((file) => filePrefix(file.id))
    }
  }
}

export type FileService = ReturnType<typeof createFileService>
