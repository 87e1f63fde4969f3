import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { FileObject } from '../../schemas.js'
import { createFileService, type FileService, type SaveFileOptions } from './service.js'
import { createUrlSigner, type UrlSigner } from './signed-urls.js'
import { createUsageLedger } from './usage.js'
import { createVariantService, type VariantService } from './variants.js'

export interface Files {
  service: FileService
  variants: VariantService
  signer: UrlSigner
  /** For other features: stores server-made bytes as one of the user's files (see FileService.save). */
  save: (userId: string, body: AsyncIterable<Uint8Array>, options: SaveFileOptions) => Promise<FileObject>
}

declare module 'fastify' {
  interface FastifyInstance {
    files: Files
  }
}

/** The file services, built once for the files routes, and `save` for features that store what they make. */
async function filesPlugin (app: FastifyInstance) {
  const { config, prisma, now, media } = app
  const ledger = createUsageLedger({ config })
  const onStored = (bytes: number) => { app.metrics.uploadedBytes.inc(bytes) }
  const service = createFileService({ prisma, media, config, now, log: app.log, ledger, onStored })
  const variants = createVariantService({ prisma, media, config, now, ledger })
  const signer = createUrlSigner({ secret: config.jwtSecret, publicUrl: config.publicUrl })
  media.sweeper.ownsGroup('files', { isReferenced: service.isReferenced, blobPrefixesOf: service.blobPrefixesOf })
  app.decorate('files', { service, variants, signer, save: service.save } satisfies Files)
}

export default fp(filesPlugin, { name: 'files', dependencies: ['config', 'database', 'media', 'metrics'] })
