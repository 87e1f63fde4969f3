// Ingest: a byte stream becomes a stored blob, or a refusal that leaves nothing
// behind. The type is sniffed from the bytes, sizes are counted as they stream,
// text is checked as UTF-8, and images go through a scratch file for libvips
// (header first, then one full decode) before they are stored, so the hash
// covers what is served. Streams and limits in, never a request.
import { createReadStream } from 'node:fs'
import { errors } from '../errors.js'
import type { Scratch } from '../storage/scratch.js'
import type { BlobStorage, PutResult } from '../storage/types.js'
import { sanitizeFilename } from './filename.js'
import { isImageType } from './formats.js'
import { prepareImage, readImageHeader, type PreparedImage } from './image.js'
import type { RenderClient, RenderPool } from './render-pool.js'
import { detectType, SNIFF_BYTES, validatedText } from './sniff.js'
import { counted, peek } from './streams.js'

/** What a client sent: the bytes, and what it claims about them. */
export interface IncomingBlob {
  body: AsyncIterable<Uint8Array>
  /** The client's name for it, unsanitised. */
  filename: string
  /** The client's declared type, if any; it may only agree with the bytes. */
  declaredType: string | undefined
}

export interface IngestLimits {
  allowedTypes: readonly string[]
  maxBytes: number
  /** What the owner may still store (Infinity where nothing is charged). */
  quotaLeft: number
  /** The owner's whole quota, named in the refusal. */
  quotaBytes: number
  maxPixels: number
  stripMetadata: boolean
}

/** Where bytes go and where images are decoded (charged to `client`'s share of the pool). */
export interface IngestContext {
  storage: BlobStorage
  scratch: Scratch
  pool: RenderPool
  client: RenderClient
}

export interface IngestedBlob extends PutResult {
  filename: string
  contentType: string
  width: number | null
  height: number | null
}

/** Every byte passes here; over either limit the stream (and so its request) is refused. */
export function limited (
  body: AsyncIterable<Uint8Array>,
  limits: Pick<IngestLimits, 'maxBytes' | 'quotaLeft' | 'quotaBytes'>
) {
  return counted(body, (total) => {
    if (total > limits.maxBytes) throw errors.fileTooLarge(limits.maxBytes)
    if (total > limits.quotaLeft) throw errors.quotaExceeded(limits.quotaBytes)
  })
}

/** The sniffed type of a stream's first bytes, with the whole stream to read on. Throws 400 empty, 415. */
export async function sniffed (incoming: IncomingBlob, allowedTypes: readonly string[]) {
  const { head, body, release } = await peek(incoming.body, SNIFF_BYTES)
  try {
    if (head.byteLength === 0) throw errors.emptyFile(sanitizeFilename(incoming.filename))
    return { contentType: await detectType(head, incoming.declaredType, allowedTypes), body }
  } catch (error) {
    await release()
    throw error
  }
}

/** Spools an image stream to scratch and reads its header; the caller removes the file. */
export async function spoolImage (body: AsyncIterable<Uint8Array>, type: string, scratch: Scratch, maxPixels: number) {
  const path = await scratch.write(body)
  try {
    return { path, header: await readImageHeader(path, type, maxPixels) }
  } catch (error) {
    await scratch.remove(path)
    throw error
  }
}

/**
 * Stores one incoming blob under `key`. Images are oriented and stripped of
 * metadata first; since that re-encodes them, the limits hold again for what is
 * stored. Throws a problem on refusal, leaving nothing under `key`.
 */
export async function ingest (
  incoming: IncomingBlob,
  key: string,
  limits: IngestLimits,
  context: IngestContext
): Promise<IngestedBlob> {
  const { storage, scratch } = context
  const filename = sanitizeFilename(incoming.filename)
  const { contentType, body } = await sniffed(incoming, limits.allowedTypes)
  const bytes = limited(body, limits)

  if (!isImageType(contentType)) {
    const stored = await storage.put(key, contentType === 'text/plain' ? validatedText(bytes) : bytes)
    return { filename, contentType, ...stored, width: null, height: null }
  }

  let spooled: string | undefined
  let image: PreparedImage | undefined
  try {
    spooled = await scratch.write(bytes)
    image = await prepareImage(spooled, contentType, { ...limits, scratch, pool: context.pool, client: context.client })
    const stored = await storage.put(key, createReadStream(image.path))
    if (stored.size > limits.maxBytes || stored.size > limits.quotaLeft) {
      await storage.delete(key)
      throw stored.size > limits.maxBytes
        ? errors.fileTooLarge(limits.maxBytes)
        : errors.quotaExceeded(limits.quotaBytes)
    }
    return { filename, contentType, ...stored, width: image.width, height: image.height }
  } finally {
    await scratch.remove(spooled, image?.path)
  }
}
