// Multipart uploads, streamed: each part goes to storage (images through a
// scratch file for libvips first) while its size, SHA-256 and type are
// checked. Nothing is kept unless every part of the request is accepted.
import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { Multipart, MultipartFile } from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify'
import type { Config } from '../../config.js'
import { ApiError, errors } from '../../errors.js'
import type { BlobStorage } from '../../storage/types.js'
import type { Scratch } from '../../storage/scratch.js'
import type { RenderClient, RenderPool } from '../images/render-pool.js'
import { prepareImage } from './image.js'
import { sanitizeFilename } from './sanitize-filename.js'
import type { Visibility } from './schemas.js'
import { detectType, IMAGE_TYPES, SNIFF_BYTES, validatedText } from './sniff.js'
import { counted, peek } from './streams.js'

export interface UploadContext {
  config: Config
  storage: BlobStorage
  scratch: Scratch
  /** Images are decoded on the render pool, charged to `client` (the uploader). */
  pool: RenderPool
  client: RenderClient
}

/** One stored part, ready to become a File row. */
export interface StoredFile {
  id: string
  filename: string
  contentType: string
  size: number
  sha256: string
  width: number | null
  height: number | null
}

export const originalKey = (fileId: string) => `files/${fileId}/original`
export const filePrefix = (fileId: string) => `files/${fileId}/`

type MultipartErrors = FastifyInstance['multipartErrors']

// Errors the multipart parser threw or a part's stream emitted: the body is
// malformed (busboy's own errors have no class to test, so they are marked
// where they come from rather than recognised by their text).
const fromParser = new WeakSet<object>()

/** One of @fastify/multipart's errors as our problem; undefined for one it has no class for. */
function parserProblem (error: unknown, classes: MultipartErrors, maxFiles: number): ApiError | undefined {
  const field = (message: string) => errors.validation([{ path: '/', message }])
  if (error instanceof classes.FilesLimitError) return errors.tooManyFiles(maxFiles)
  if (error instanceof classes.InvalidMultipartContentTypeError) return errors.unsupportedMediaType('Send the files as multipart/form-data.')
  if (error instanceof classes.PrototypeViolationError) return field('has a forbidden field name')
  if (error instanceof classes.FieldsLimitError) return field('has too many fields')
  if (error instanceof classes.PartsLimitError) return field('has too many parts')
  if (error instanceof classes.PrematureCloseError) return errors.invalidMultipart('the request ended early')
  return undefined
}

/** Parser errors become 4xx problems; anything else (disk, database) stays a 500. */
export function multipartError (error: unknown): unknown {
  if (error instanceof ApiError) return error
  if (error instanceof Error && fromParser.has(error)) return errors.invalidMultipart(error.message)
  return error
}

/** Multipart with our size check (see `limited`) rather than the plugin's, so both routes answer alike. */
export const multipartOptions = { throwFileSizeLimit: false }

/**
 * Busboy's limits. A file may run one byte past the limit so that "over" can
 * be told from "exactly at". A part's headers are cut at MAX_PART_HEADER_BYTES
 * (busboy's default is 80 KiB): a 255-character name percent-encoded needs 3 KiB.
 */
export const MAX_PART_HEADER_BYTES = 16 * 1024

/**
 * The parts of a multipart request. Whatever the parser throws, and whatever a
 * part's stream emits, is a malformed body: it is marked (or made a problem)
 * here, so that `multipartError` can tell it from a disk or database error.
 */
export async function * partsOf (request: FastifyRequest, config: Config, limits: { files: number, fields: number }): AsyncIterableIterator<Multipart> {
  const classes = request.server.multipartErrors
  if (!request.isMultipart()) throw parserProblem(new classes.InvalidMultipartContentTypeError(), classes, limits.files)
  const parts = request.parts({
    limits: {
      files: limits.files,
      fields: limits.fields,
      fileSize: config.uploadMaxBytes + 1,
      fieldSize: 100,
      parts: limits.files + limits.fields + 1,
      headerPairs: 100,
      headerSize: MAX_PART_HEADER_BYTES // busboy's limit, missing from @fastify/multipart's types
    } as Record<string, number>
  })
  try {
    while (true) {
      let next: IteratorResult<Multipart>
      try {
        next = await parts.next()
      } catch (error) {
        const problem = parserProblem(error, classes, limits.files)
        if (problem !== undefined) throw problem
        if (error instanceof Error) fromParser.add(error)
        throw error
      }
      if (next.done === true) return
      if (next.value.type === 'file') {
        const file = next.value.file
        if (file.errored !== null) fromParser.add(file.errored) // it failed while queued
        file.on('error', (error) => { fromParser.add(error) })
      }
      yield next.value
    }
  } finally {
    await parts.return?.(undefined)
  }
}

/**
 * The validator of a route whose multipart body is checked part by part as it
 * streams: the body skips the schema (it documents the form), the query string
 * and params are validated as on every other route.
 */
export function streamedBodyValidator (app: FastifyInstance): FastifySchemaCompiler<unknown> {
  return function compileStreamedBodyRoute (route) {
    if (route.httpPart === 'body') return () => true
    const compile = app.validatorCompiler
    if (compile === undefined) throw new Error('no validator compiler is set')
    return compile(route)
  }
}

/** Every byte a part sends passes here; over either limit the part (and so the request) is refused. */
export function limited (body: AsyncIterable<Uint8Array>, maxBytes: number, quotaLeft: number, quotaBytes: number) {
  return counted(body, (total) => {
    if (total > maxBytes) throw errors.fileTooLarge(maxBytes)
    if (total > quotaLeft) throw errors.quotaExceeded(quotaBytes)
  })
}

/**
 * Streams one part into storage under a new id. Images are spooled to scratch,
 * checked from their header, decoded, oriented and stripped before they are
 * stored, so the hash covers what is served. Throws a problem on refusal,
 * leaving nothing behind.
 */
export async function ingestFile (part: MultipartFile, context: UploadContext, quotaLeft: number): Promise<StoredFile> {
  const { config, storage, scratch, pool, client } = context
  const id = randomUUID()
  const filename = sanitizeFilename(part.filename)
  const { head, body } = await peek(part.file, SNIFF_BYTES)
  if (head.byteLength === 0) throw errors.emptyFile(filename)
  const contentType = await detectType(head, part.mimetype, config.uploadAllowedTypes)
  const bytes = limited(body, config.uploadMaxBytes, quotaLeft, config.uploadQuotaBytes)

  if (!IMAGE_TYPES.has(contentType)) {
    const stored = await storage.put(originalKey(id), contentType === 'text/plain' ? validatedText(bytes) : bytes)
    return { id, filename, contentType, ...stored, width: null, height: null }
  }

  let spooled: string | undefined
  let prepared: string | undefined
  try {
    spooled = await scratch.write(bytes)
    const image = await prepareImage(spooled, contentType, {
      maxPixels: config.uploadMaxImagePixels, stripMetadata: config.uploadStripMetadata, scratch, pool, client
    })
    prepared = image.path
    const stored = await storage.put(originalKey(id), createReadStream(image.path))
    // Orienting and stripping re-encodes the image, which can make it larger:
    // the limits hold for what is stored, not only for what was sent.
    if (stored.size > config.uploadMaxBytes || stored.size > quotaLeft) {
      await storage.deletePrefix(filePrefix(id))
      throw stored.size > config.uploadMaxBytes ? errors.fileTooLarge(config.uploadMaxBytes) : errors.quotaExceeded(config.uploadQuotaBytes)
    }
    return { id, filename, contentType, ...stored, width: image.width, height: image.height }
  } finally {
    await scratch.remove(spooled, prepared)
  }
}

/**
 * Reads a whole upload request: parts named `file` and an optional
 * `visibility` field, in any order. One refused part refuses the request:
 * the blobs of the parts already stored are removed before the error goes out.
 */
export async function receiveUpload (request: FastifyRequest, context: UploadContext, quotaLeft: number): Promise<{ files: StoredFile[], visibility: Visibility }> {
  const { config, storage } = context
  const files: StoredFile[] = []
  let visibility: Visibility | undefined
  let left = quotaLeft
  let current: MultipartFile | undefined
  try {
    for await (const part of partsOf(request, config, { files: config.uploadMaxFiles, fields: 4 })) {
      if (part.type === 'field') {
        if (part.fieldname !== 'visibility' || visibility !== undefined) {
          throw errors.validation([{ path: `/${part.fieldname}`, message: part.fieldname === 'visibility' ? 'is given twice' : 'is not an allowed field' }])
        }
        if (part.value !== 'private' && part.value !== 'public') {
          throw errors.validation([{ path: '/visibility', message: 'must be private or public' }])
        }
        visibility = part.value
        continue
      }
      current = part
      if (part.fieldname !== 'file') throw errors.validation([{ path: `/${part.fieldname}`, message: 'is not an allowed field; send files as `file`' }])
      const stored = await ingestFile(part, context, left)
      files.push(stored)
      left -= stored.size
      current = undefined
    }
    if (files.length === 0) throw errors.missingFile()
    return { files, visibility: visibility ?? 'private' }
  } catch (error) {
    current?.file.destroy()
    await Promise.all(files.map(async (file) => await storage.deletePrefix(filePrefix(file.id))))
    throw multipartError(error)
  }
}
