// The one reader of multipart bodies. Whatever the parser throws, and whatever
// a part's stream emits, is a malformed body (4xx); everything else (disk,
// database) stays a 500. @fastify/multipart's errors are told apart by their
// classes (`app.multipartErrors`), never by their text.
import multipart, { type Multipart } from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify'
import { ApiError, errors } from '../errors.js'

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

/**
 * A part's headers are cut at MAX_PART_HEADER_BYTES (busboy's default is
 * 80 KiB): a 255-character name percent-encoded needs 3 KiB.
 */
export const MAX_PART_HEADER_BYTES = 16 * 1024

export interface PartLimits {
  files: number
  fields: number
  /** The largest file accepted: busboy may run one byte past it, so "over" can be told from "exactly at". */
  fileBytes: number
}

/**
 * The parts of a multipart request. Whatever the parser throws, and whatever a
 * part's stream emits, is a malformed body: it is marked (or made a problem)
 * here, so that `multipartError` can tell it from a disk or database error.
 */
export async function * partsOf (request: FastifyRequest, limits: PartLimits): AsyncIterableIterator<Multipart> {
  const classes = request.server.multipartErrors
  if (!request.isMultipart()) throw parserProblem(new classes.InvalidMultipartContentTypeError(), classes, limits.files)
  const parts = request.parts({
    limits: {
      files: limits.files,
      fields: limits.fields,
      fileSize: limits.fileBytes + 1,
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
 * Lets the routes of one (encapsulated) plugin take multipart bodies, and returns the validator compiler
 * those routes use: the body is checked part by part as it streams (its schema only documents the form),
 * the query string and params are validated as on every other route. Sizes are checked by ingest (see
 * `limited`) rather than by the plugin, so every upload route answers alike.
 */
export async function acceptMultipart (app: FastifyInstance): Promise<FastifySchemaCompiler<unknown>> {
  await app.register(multipart, { throwFileSizeLimit: false })
  return function compileStreamedBodyRoute (route) {
    if (route.httpPart === 'body') return () => true
    const compile = app.validatorCompiler
    if (compile === undefined) throw new Error('no validator compiler is set')
    return compile(route)
  }
}
