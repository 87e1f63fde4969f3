// Image variants: rendered once through the shared render pool, cached in
// storage next to the original, and bounded (dimensions and formats by config,
// and at most VARIANT_MAX_PER_FILE per file, oldest evicted) so that strangers
// cannot fill the disk by asking for every size of a public image. Strangers
// are also held to a ladder of widths (VARIANT_PUBLIC_WIDTHS) and a format:
// otherwise each odd width of a public file is a fresh full decode for anyone.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { Config } from '../../config.js'
import { errors } from '../../errors.js'
import type { File as FileRow, FileVariant, PrismaClient } from '../../generated/prisma/client.js'
import type { BlobStorage } from '../../storage/types.js'
import { withExtensionFor } from '../../media/filename.js'
import { encode, formatNamed, imageFormatOf, isImageType, type ImageFormatName } from '../../media/formats.js'
import { openImage, readImageHeader } from '../../media/image.js'
import { blobKeys } from '../../media/keys.js'
import type { Media } from '../../media/plugin.js'
import type { RenderClient } from '../../media/render-pool.js'
import { createSingleflight } from '../../media/singleflight.js'
import type { VariantQuery } from './schemas.js'
import { chargeOf, chargeOfAll, type UsageLedger } from './usage.js'

export interface VariantSpec {
  w?: number
  h?: number
  fit: 'cover' | 'contain' | 'inside'
  /** The original's own format by default (every image type we keep is one browsers show). */
  format: ImageFormatName
  q: number
}

/** The variant a query asks for, with defaults filled in; null when it asks for none. Non-images → 400. */
export function variantSpec (query: VariantQuery, contentType: string): VariantSpec | null {
  const given = (['w', 'h', 'fit', 'format', 'q'] as const).filter((key) => query[key] !== undefined)
  if (given.length === 0) return null
  if (!isImageType(contentType)) {
    throw errors.validation(given.map((key) => ({ path: `/${key}`, message: 'applies to images only', code: 'not_an_image' })),
      'Variant parameters apply to images only.')
  }
  return {
    w: query.w,
    h: query.h,
    fit: query.fit ?? 'cover',
    format: query.format ?? imageFormatOf(contentType).name,
    q: query.q ?? 80
  }
}

/**
 * What anyone but the owner (without a signed URL) may ask of a public image: a width from the ladder and a
 * format. Anything else is 403 `variant_not_allowed`.
 */
export function checkPublicVariant (query: VariantQuery, widths: readonly number[]): void {
  const other = (['h', 'fit', 'q'] as const).filter((key) => query[key] !== undefined)
  if (other.length > 0) {
    throw errors.variantNotAllowed(`Only the owner may set ${other.join(', ')}; others may ask for \`w\` and \`format\`.`)
  }
  if (query.w !== undefined && !widths.includes(query.w)) {
    throw errors.variantNotAllowed(`Others may ask this image only at the widths ${widths.join(', ')}.`)
  }
}

export const variantContentType = (spec: VariantSpec) => formatNamed(spec.format).type

const canonical = (spec: VariantSpec) => `w=${spec.w ?? ''}&h=${spec.h ?? ''}&fit=${spec.fit}&format=${spec.format}&q=${spec.q}`

/**
 * A variant to serve from `source` under `key`: kept in storage, or, when keeping it would pass the owner's
 * quota, a scratch file that `release` removes once the response is over.
 */
export type ServedVariant = FileVariant & { source: BlobStorage, release: () => void }

/** A rendered variant not kept; the requests that share its render each hold it until their response ends. */
interface Unkept { variant: FileVariant, path: string, holders: number }

type Outcome = { kept: FileVariant } | { unkept: Unkept }

async function sha256Of (path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export function createVariantService ({ prisma, media, config, now, ledger }: {
  prisma: PrismaClient
  media: Pick<Media, 'storage' | 'scratch' | 'renderPool' | 'space'>
  config: Config
  now: () => Date
  ledger: UsageLedger
}) {
  const { storage, scratch, renderPool: pool, space } = media
  const renders = createSingleflight<Outcome>()

  /** Renders into a scratch file and returns its path; the caller removes it. */
  async function render (file: FileRow, spec: VariantSpec): Promise<string> {
    const original = await storage.get(blobKeys.fileOriginal(file.id))
    if (original === null) throw errors.notFound('No such file.')
    let source: string | undefined
    let output: string | undefined
    try {
      source = await scratch.write(original)
      const header = await readImageHeader(source, file.contentType, config.uploadMaxImagePixels)
      output = await scratch.path(formatNamed(spec.format).extensions[0])
      const animated = header.pages > 1 && (spec.format === 'webp' || spec.format === 'gif')
      // The box is capped at the original's size too: `withoutEnlargement` alone
      // still lets `contain` pad a small image out to a large canvas.
      const capped = (asked: number | undefined, actual: number) =>
        asked === undefined ? undefined : Math.min(asked, actual)
      const image = openImage(source, config.uploadMaxImagePixels, animated)
        .resize({
          width: capped(spec.w, header.width),
          height: capped(spec.h, header.height),
          fit: spec.fit,
          withoutEnlargement: true
        })
      await encode(image, spec.format, { quality: spec.q }).toFile(output)
      return output
    } catch (error) {
      await scratch.remove(output)
      throw error
    } finally {
      await scratch.remove(source)
    }
  }

  /** Keeps at most VARIANT_MAX_PER_FILE - 1 before a new one is added: the oldest go, and their charge with them. */
  async function evict (file: FileRow): Promise<void> {
    const excess = await prisma.$transaction(async (tx) => {
      const existing = await tx.fileVariant.findMany({
        where: { fileId: file.id }, orderBy: { createdAt: 'desc' }, select: { id: true, size: true }
      })
      const excess = existing.slice(config.variantMaxPerFile - 1)
      if (excess.length === 0) return excess
      await tx.fileVariant.deleteMany({ where: { id: { in: excess.map((variant) => variant.id) } } })
      await ledger.release(tx, file.userId, chargeOfAll(excess), 0)
      return excess
    })
    await Promise.all(excess.map(async (variant) => await storage.delete(blobKeys.fileVariant(file.id, variant.id))))
  }

  /** Stores the rendered file as a cached variant, charged to the file's owner; null when it would pass their quota. */
  async function keep (
    file: FileRow,
    spec: VariantSpec,
    id: string,
    output: string,
    size: number
  ): Promise<FileVariant | null> {
    await evict(file)
    const charge = chargeOf(size)
    if (!await ledger.reserve(prisma, file.userId, charge, 0)) return null
    try {
      const stored = await storage.put(blobKeys.fileVariant(file.id, id), createReadStream(output))
      return await prisma.fileVariant.create({
        data: {
          id,
          fileId: file.id,
          params: canonical(spec),
          contentType: variantContentType(spec),
          ...stored,
          createdAt: now()
        }
      })
    } catch (error) {
      await ledger.release(prisma, file.userId, charge, 0)
      const code = (error as { code?: string }).code
      // Another instance stored the same variant first (and was charged for it). Encoding is
      // deterministic, so the blob both wrote is the one its row describes: keep both.
      if (code === 'P2002') {
        const existing = await prisma.fileVariant.findUnique({ where: { id } })
        if (existing !== null) return existing
      }
      // The file was deleted while rendering: its variant goes too.
      await storage.delete(blobKeys.fileVariant(file.id, id))
      if (code === 'P2003') throw errors.notFound('No such file.')
      throw error
    }
  }

  async function create (file: FileRow, spec: VariantSpec, id: string, client: RenderClient): Promise<Outcome> {
    const output = await pool.run(client, async () => await render(file, spec))
    try {
      const { size } = await stat(output)
      const kept = await keep(file, spec, id, output, size)
      if (kept !== null) {
        await scratch.remove(output)
        return { kept }
      }
      const variant = {
        id,
        fileId: file.id,
        params: canonical(spec),
        contentType: variantContentType(spec),
        size,
        sha256: await sha256Of(output),
        createdAt: now()
      }
      return { unkept: { variant, path: output, holders: 0 } }
    } catch (error) {
      await scratch.remove(output)
      throw error
    }
  }

  function served (outcome: Outcome): ServedVariant {
    if ('kept' in outcome) return { ...outcome.kept, source: storage, release: () => {} }
    const unkept = outcome.unkept
    unkept.holders++
    let released = false
    return {
      ...unkept.variant,
      // Only `get` is read: the variant's bytes, whatever key is asked for.
      source: { ...storage, get: async (_key, range) => createReadStream(unkept.path, range) },
      release () {
        if (released) return
        released = true
        // A file left behind (the disk refused) is swept with the other scratch leftovers.
        if (--unkept.holders === 0) scratch.remove(unkept.path).catch(() => {})
      }
    }
  }

  return {
    /** `photo.png` served as a WebP variant is `photo.webp`. */
    filename: withExtensionFor,

    /**
     * The cached variant, rendered first if needed (charged to `client`'s share of the render pool);
     * concurrent requests for one variant share one render. A new render is refused (507) while the
     * volume is low on space. Call `release` when the response is over.
     */
    async get (file: FileRow, spec: VariantSpec, client: RenderClient): Promise<ServedVariant> {
      const id = createHash('sha256').update(`${file.id}\n${canonical(spec)}`).digest('hex').slice(0, 32)
      const cached = await prisma.fileVariant.findUnique({ where: { id } })
      if (cached !== null) return served({ kept: cached })
      if (!renders.has(id)) await space.check()
      return served(await renders.run(id, async () => await create(file, spec, id, client)))
    }
  }
}

export type VariantService = ReturnType<typeof createVariantService>
