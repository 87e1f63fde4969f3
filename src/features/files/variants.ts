// Image variants: rendered once through the shared render pool, cached in
// storage next to the original, and bounded (dimensions and formats by config,
// and at most VARIANT_MAX_PER_FILE per file, oldest evicted) so that strangers
// cannot fill the disk by asking for every size of a public image.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { Config } from '../../config.js'
import { errors } from '../../errors.js'
import type { File as FileRow, FileVariant, PrismaClient } from '../../generated/prisma/client.js'
import type { Scratch } from '../../storage/scratch.js'
import type { BlobStorage } from '../../storage/types.js'
import { EXTENSIONS, openImage, readImageHeader } from './image.js'
import type { RenderPool } from '../images/render-pool.js'
import { withExtensionFor } from './sanitize-filename.js'
import type { VariantQuery } from './schemas.js'
import { IMAGE_TYPES } from './sniff.js'
import { originalKey } from './upload.js'

type Format = 'webp' | 'avif' | 'png' | 'jpeg' | 'gif'

export interface VariantSpec {
  w?: number
  h?: number
  fit: 'cover' | 'contain' | 'inside'
  format: Format
  q: number
}

const FORMAT_TYPES: Record<Format, string> = {
  webp: 'image/webp', avif: 'image/avif', png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif'
}

/** The original's own format where browsers show it, else WebP. */
function defaultFormat (contentType: string): Format {
  const format = (Object.keys(FORMAT_TYPES) as Format[]).find((key) => FORMAT_TYPES[key] === contentType)
  return format ?? 'webp'
}

/** The variant a query asks for, with defaults filled in; null when it asks for none. Non-images → 400. */
export function variantSpec (query: VariantQuery, contentType: string): VariantSpec | null {
  const given = (['w', 'h', 'fit', 'format', 'q'] as const).filter((key) => query[key] !== undefined)
  if (given.length === 0) return null
  if (!IMAGE_TYPES.has(contentType)) {
    throw errors.validation(given.map((key) => ({ path: `/${key}`, message: 'applies to images only', code: 'not_an_image' })),
      'Variant parameters apply to images only.')
  }
  return { w: query.w, h: query.h, fit: query.fit ?? 'cover', format: query.format ?? defaultFormat(contentType), q: query.q ?? 80 }
}

export const variantContentType = (spec: VariantSpec) => FORMAT_TYPES[spec.format]

const canonical = (spec: VariantSpec) => `w=${spec.w ?? ''}&h=${spec.h ?? ''}&fit=${spec.fit}&format=${spec.format}&q=${spec.q}`
const variantKey = (fileId: string, variantId: string) => `files/${fileId}/v-${variantId}`

export function createVariantService ({ prisma, storage, scratch, config, pool, now }: {
  prisma: PrismaClient
  storage: BlobStorage
  scratch: Scratch
  config: Config
  pool: RenderPool
  now: () => Date
}) {
  const inFlight = new Map<string, Promise<FileVariant>>()

  async function render (file: FileRow, spec: VariantSpec, id: string): Promise<{ size: number, sha256: string }> {
    const original = await storage.get(originalKey(file.id))
    if (original === null) throw errors.notFound('No such file.')
    let source: string | undefined
    let output: string | undefined
    try {
      source = await scratch.write(original)
      const header = await readImageHeader(source, file.contentType, config.uploadMaxImagePixels)
      output = await scratch.path(EXTENSIONS[FORMAT_TYPES[spec.format]])
      const animated = header.pages > 1 && (spec.format === 'webp' || spec.format === 'gif')
      // The box is capped at the original's size too: `withoutEnlargement` alone
      // still lets `contain` pad a small image out to a large canvas.
      const capped = (asked: number | undefined, actual: number) => asked === undefined ? undefined : Math.min(asked, actual)
      let image = openImage(source, config.uploadMaxImagePixels, animated)
        .resize({ width: capped(spec.w, header.width), height: capped(spec.h, header.height), fit: spec.fit, withoutEnlargement: true })
      if (spec.format === 'jpeg') image = image.flatten({ background: '#ffffff' })
      // PNG and GIF stay lossless: `quality` would make sharp quantize them.
      image = spec.format === 'png' || spec.format === 'gif' ? image.toFormat(spec.format) : image.toFormat(spec.format, { quality: spec.q })
      await image.toFile(output)
      return await storage.put(variantKey(file.id, id), createReadStream(output))
    } finally {
      await scratch.remove(source, output)
    }
  }

  /** Keeps at most VARIANT_MAX_PER_FILE - 1 before a new one is added: the oldest go. */
  async function evict (fileId: string): Promise<void> {
    const existing = await prisma.fileVariant.findMany({ where: { fileId }, orderBy: { createdAt: 'desc' }, select: { id: true } })
    const excess = existing.slice(config.variantMaxPerFile - 1)
    if (excess.length === 0) return
    await prisma.fileVariant.deleteMany({ where: { id: { in: excess.map((variant) => variant.id) } } })
    await Promise.all(excess.map(async (variant) => await storage.delete(variantKey(fileId, variant.id))))
  }

  async function create (file: FileRow, spec: VariantSpec, id: string): Promise<FileVariant> {
    const stored = await pool.run(async () => await render(file, spec, id))
    await evict(file.id)
    try {
      return await prisma.fileVariant.create({
        data: { id, fileId: file.id, params: canonical(spec), contentType: variantContentType(spec), ...stored, createdAt: now() }
      })
    } catch (error) {
      const code = (error as { code?: string }).code
      // Another instance stored the same variant first. Encoding is deterministic,
      // so the blob both wrote is the one its row describes: keep both.
      if (code === 'P2002') {
        const existing = await prisma.fileVariant.findUnique({ where: { id } })
        if (existing !== null) return existing
      }
      // The file was deleted while rendering: its variant goes too.
      await storage.delete(variantKey(file.id, id))
      if (code === 'P2003') throw errors.notFound('No such file.')
      throw error
    }
  }

  return {
    key: variantKey,
    /** `photo.png` served as a WebP variant is `photo.webp`. */
    filename: withExtensionFor,

    /** The cached variant, rendered first if needed; concurrent requests for one variant share one render. */
    async get (file: FileRow, spec: VariantSpec): Promise<FileVariant> {
      const id = createHash('sha256').update(`${file.id}\n${canonical(spec)}`).digest('hex').slice(0, 32)
      const cached = await prisma.fileVariant.findUnique({ where: { id } })
      if (cached !== null) return cached
      let pending = inFlight.get(id)
      if (pending === undefined) {
        pending = create(file, spec, id).finally(() => inFlight.delete(id))
        inFlight.set(id, pending)
      }
      return await pending
    }
  }
}

export type VariantService = ReturnType<typeof createVariantService>
