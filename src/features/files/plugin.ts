import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { runPeriodically } from '../../periodic.js'
import { createLocalDiskStorage } from '../../storage/local-disk.js'
import { createScratch, type Scratch } from '../../storage/scratch.js'
import type { BlobStorage } from '../../storage/types.js'
import type { RenderPool } from '../images/render-pool.js'
import { sanitizeFilename } from './sanitize-filename.js'
import type { FileObject, Visibility } from './schemas.js'
import { createFreeSpaceGuard, volumeFreeBytes } from './free-space.js'
import { createFileService, type FileService } from './service.js'
import { createUrlSigner, type UrlSigner } from './signed-urls.js'
import { createSweeper } from './sweep.js'
import { limited, originalKey } from './upload.js'
import { createUsageLedger } from './usage.js'
import { createVariantService, type VariantService } from './variants.js'

/** Leftovers younger than this may belong to a request still in flight (another process, a slow client). */
export const SWEEP_GRACE_MS = 60 * 60 * 1000
/** How often a running server sweeps again: leftovers of other processes and of failed requests appear at any time. */
export const SWEEP_INTERVAL_MS = 60 * 60 * 1000

export interface SaveFileOptions {
  contentType: string
  filename: string
  width?: number | null
  height?: number | null
  visibility?: Visibility
}

export interface Files {
  storage: BlobStorage
  scratch: Scratch
  service: FileService
  variants: VariantService
  signer: UrlSigner
  /** The render concurrency limit shared with the image feature. */
  renderPool: RenderPool
  /**
   * Stores bytes made by the server (e.g. a generated image) as one of the
   * user's files, under the same checks as an upload (free space, file count,
   * UPLOAD_MAX_BYTES, quota). The caller vouches for the type.
   */
  save: (userId: string, body: AsyncIterable<Uint8Array>, options: SaveFileOptions) => Promise<FileObject>
  /** Removes every file, variant and avatar of a user, rows and blobs; call it before deleting the user. */
  purgeUser: (userId: string) => Promise<void>
  /** Removes temporary leftovers and blobs that no row names, if older than `before`. */
  sweep: (before: Date) => Promise<{ temporary: number, orphans: number }>
}

declare module 'fastify' {
  interface FastifyInstance {
    files: Files
  }
}

/** Blob storage, the file services and start-up cleanup, shared by the files and avatar routes. */
async function filesPlugin (app: FastifyInstance) {
  const { config, prisma, now } = app
  const storage = createLocalDiskStorage(config.uploadDir)
  const scratch = createScratch(join(config.uploadDir, 'scratch'))
  const ledger = createUsageLedger({ config })
  const space = createFreeSpaceGuard({ freeBytes: volumeFreeBytes(config.uploadDir), minFreeBytes: config.storageMinFreeBytes })
  const service = createFileService({ prisma, storage, config, now, log: app.log, ledger, space })
  const { renderPool } = app
  const variants = createVariantService({ prisma, storage, scratch, config, pool: renderPool, now, ledger, space })
  const signer = createUrlSigner({ secret: config.jwtSecret, publicUrl: config.publicUrl })
  const sweeper = createSweeper({ prisma, storage, scratch })

  app.decorate('files', {
    storage,
    scratch,
    service,
    variants,
    signer,
    renderPool,
    async save (userId, body, options) {
      const quotaLeft = await service.admit(userId)
      const id = randomUUID()
      const stored = await storage.put(originalKey(id), limited(body, config.uploadMaxBytes, quotaLeft, config.uploadQuotaBytes))
      const file = { id, filename: sanitizeFilename(options.filename), contentType: options.contentType, ...stored, width: options.width ?? null, height: options.height ?? null }
      const [created] = await service.commit(userId, [file], options.visibility ?? 'private')
      return created
    },
    purgeUser: sweeper.purgeUser,
    sweep: sweeper.sweep
  } satisfies Files)

  // A crash can leave half-written temporary files, or a blob renamed into
  // place whose row was never written: both go at start-up, and hourly after
  // (another process sharing the volume may crash while this one runs).
  runPeriodically(app, {
    name: 'sweep upload leftovers',
    intervalMs: SWEEP_INTERVAL_MS,
    task: async function sweepUploads () {
      const removed = await sweeper.sweep(new Date(Date.now() - SWEEP_GRACE_MS))
      if (removed.temporary + removed.orphans > 0) app.log.info(removed, 'removed upload leftovers')
    }
  })
}

export default fp(filesPlugin, { name: 'files', dependencies: ['config', 'database', 'auth', 'images'] })
