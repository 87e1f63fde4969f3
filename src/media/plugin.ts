import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { runPeriodically } from '../periodic.js'
import { createBlobStorage } from '../storage/create.js'
import { createScratch, type Scratch } from '../storage/scratch.js'
import type { BlobStorage } from '../storage/types.js'
import { createFreeSpaceGuard, volumeFreeBytes, type FreeSpaceGuard } from './free-space.js'
import { createRenderPool, renderPoolLimits, type RenderPool } from './render-pool.js'
import { createSweeper, type Sweeper } from './sweeper.js'

/** Leftovers younger than this may belong to a request still in flight (another process, a slow client). */
export const SWEEP_GRACE_MS = 60 * 60 * 1000
/** How often a running server sweeps again: leftovers of other processes and of failed requests appear at any time. */
export const SWEEP_INTERVAL_MS = 60 * 60 * 1000

/** What the features that store, decode and serve bytes share. */
export interface Media {
  storage: BlobStorage
  scratch: Scratch
  /** The one render concurrency limit: drawings, variants, upload decoding and avatar resizing take its slots. */
  renderPool: RenderPool
  /** Refuses new bytes (507) while the volume is nearly full. */
  space: FreeSpaceGuard
  /** Features that own a key group register with it; it sweeps orphans and purges users. */
  sweeper: Sweeper
}

declare module 'fastify' {
  interface FastifyInstance {
    media: Media
  }
}

async function mediaPlugin (app: FastifyInstance) {
  const { config } = app
  const { storage, close } = createBlobStorage(config)
  app.addHook('onClose', async function closeBlobStorage () { close() })
  // Scratch stays on this node's disk whatever the driver: its files live for one request.
  const scratch = createScratch(join(config.uploadDir, 'scratch'))
  const sweeper = createSweeper({ storage, scratch })
  const renderPool = createRenderPool(renderPoolLimits(config), function observeQueueWait (seconds) {
    app.metrics.renderQueueWait.observe(seconds)
  })
  app.metrics.sources.renderPool = renderPool.load
  app.decorate('media', {
    storage,
    scratch,
    renderPool,
    // The volume of UPLOAD_DIR: blobs and scratch with the local driver; with S3 only scratch (images
    // spooled for decoding, variants rendered), which still must not fill this node's disk. A bucket
    // has no free-space figure to watch.
    space: createFreeSpaceGuard({
      freeBytes: volumeFreeBytes(config.uploadDir),
      minFreeBytes: config.storageMinFreeBytes
    }),
    sweeper
  } satisfies Media)

  // A crash can leave half-written temporary files, or a blob renamed into
  // place whose row was never written: both go once the app is ready (every
  // feature has registered its key group by then), and hourly after (another
  // process sharing the volume may crash while this one runs).
  runPeriodically(app, {
    name: 'sweep upload leftovers',
    intervalMs: SWEEP_INTERVAL_MS,
    task: async function sweepUploads () {
      const removed = await sweeper.sweep(new Date(Date.now() - SWEEP_GRACE_MS))
      if (removed.temporary + removed.orphans > 0) app.log.info(removed, 'removed upload leftovers')
    }
  })
}

export default fp(mediaPlugin, { name: 'media', dependencies: ['config', 'metrics'] })
