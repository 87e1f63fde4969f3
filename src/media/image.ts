// Uploaded images: the header is read before anything is decoded (a 30000×30000
// PNG is a few KB on the wire and gigabytes once decoded), then the whole image
// is decoded once, to prove it is what its magic bytes claim. The decoding takes
// a slot of the render pool, charged to the uploader, like every other decode.
import sharp, { type Metadata, type Sharp } from 'sharp'
import { ApiError, errors } from '../errors.js'
import type { Scratch } from '../storage/scratch.js'
import { encode, formatOfType, imageFormatOf } from './formats.js'
import type { RenderClient, RenderPool } from './render-pool.js'

export interface ImageHeader {
  width: number
  height: number
  /** Frames of an animated GIF or WebP. */
  pages: number
  orientation: number
  metadata: Metadata
}

/** Pixels of all frames, as the decoder would allocate them. */
export const pixelCount = (header: ImageHeader) => header.width * header.height * header.pages

/** Reads dimensions from the header only; refuses what would decode past `maxPixels`. */
export async function readImageHeader (path: string, type: string, maxPixels: number): Promise<ImageHeader> {
  let metadata: Metadata
  try {
    metadata = await sharp(path, { limitInputPixels: false }).metadata()
  } catch {
    throw errors.invalidImage()
  }
  if (metadata.format !== formatOfType(type)?.decoder ||
    metadata.width === undefined || metadata.height === undefined) {
    throw errors.invalidImage()
  }
  const pages = metadata.pages ?? 1
  const header = {
    width: metadata.width,
    height: metadata.pageHeight ?? metadata.height,
    pages,
    orientation: metadata.orientation ?? 1,
    metadata
  }
  if (pixelCount(header) > maxPixels) throw errors.imageTooLarge(maxPixels)
  return header
}

/** A sharp pipeline over a checked file: libvips' own pixel limit stays as a second guard. */
export function openImage (path: string, maxPixels: number, animated: boolean): Sharp {
  return sharp(path, { failOn: 'error', limitInputPixels: maxPixels, animated })
}

const hasPrivateMetadata = (metadata: Metadata) =>
  metadata.exif !== undefined || metadata.xmp !== undefined || metadata.iptc !== undefined ||
  metadata.tifftagPhotoshop !== undefined || (metadata.comments?.length ?? 0) > 0

export interface PrepareOptions {
  maxPixels: number
  stripMetadata: boolean
  scratch: Scratch
  pool: RenderPool
  /** Whose share of the pool the decoding takes: the uploader. */
  client: RenderClient
}

export interface PreparedImage {
  /** The file to store: the upload itself, or a rewritten copy in scratch. */
  path: string
  width: number
  height: number
}

/**
 * Decodes the whole image (a PNG header glued onto HTML fails here), applies
 * the EXIF orientation and strips EXIF/XMP/IPTC/comments (GPS lives there)
 * unless configured otherwise. An image that needs neither is kept byte for
 * byte. Throws 422 `invalid_image` / `image_too_large`, or 503 when the uploader's share of the pool is taken.
 */
export async function prepareImage (path: string, type: string, options: PrepareOptions): Promise<PreparedImage> {
  const header = await readImageHeader(path, type, options.maxPixels)
  const rotated = header.orientation >= 5
  const width = rotated ? header.height : header.width
  const height = rotated ? header.width : header.height
  const image = openImage(path, options.maxPixels, header.pages > 1)
  const rewrite = header.orientation !== 1 || (options.stripMetadata && hasPrivateMetadata(header.metadata))
  let output: string | undefined
  try {
    return await options.pool.run(options.client, async () => {
      if (!rewrite) {
        await image.stats()
        return { path, width, height }
      }
      const format = imageFormatOf(type)
      output = await options.scratch.path(format.extensions[0])
      const oriented = image.autoOrient()
      const kept = options.stripMetadata ? oriented.keepIccProfile() : oriented.keepMetadata()
      // Close to the original quality; a palette PNG stays a palette PNG.
      await encode(kept, format.name, { quality: format.keepQuality, palette: header.metadata.isPalette === true })
        .toFile(output)
      return { path: output, width, height }
    })
  } catch (error) {
    await options.scratch.remove(output)
    if (error instanceof ApiError) throw error
    if (/pixel limit/i.test((error as Error).message)) throw errors.imageTooLarge(options.maxPixels)
    throw errors.invalidImage()
  }
}
