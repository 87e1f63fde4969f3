// Serving stored bytes to browsers safely: the type we sniffed, nosniff, a
// sandboxing CSP, a download name that cannot become a page, validators for
// caches and byte ranges for media players and resumable downloads.
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { errors } from '../errors.js'
import type { BlobStorage, ByteRange } from '../storage/types.js'
import { contentDisposition, downloadName } from './filename.js'
import { isImageType, servedType } from './formats.js'

export interface Servable {
  key: string
  size: number
  /** Opaque and unique to these exact bytes (the SHA-256 for files). */
  etag: string
  contentType: string
  modifiedAt: Date
  filename: string
  cacheControl: string
}

/**
 * Headers of every answer of a route that serves bytes (`config.servesContent`), errors included: set by the
 * security plugin before anything can refuse the request, so a refused <img> on another origin shows its
 * 401 or 404 rather than an opaque CORP block.
 */
export function setContentSecurityHeaders (reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff')
  reply.header('content-security-policy', "default-src 'none'; sandbox")
  // SPAs on other origins show these in <img>: helmet's same-origin would block them.
  reply.header('cross-origin-resource-policy', 'cross-origin')
}

/** RFC 9110 weak comparison, for If-None-Match. */
export function noneMatch (header: string, etag: string): boolean {
  const opaque = etag.replace(/^W\//, '')
  return header.split(',').some((candidate) => {
    const tag = candidate.trim()
    return tag === '*' || tag.replace(/^W\//, '') === opaque
  })
}

function notModifiedSince (header: string | undefined, modifiedAt: Date): boolean {
  if (header === undefined) return false
  const since = Date.parse(header)
  return !Number.isNaN(since) && Math.floor(modifiedAt.getTime() / 1000) * 1000 <= since
}

/**
 * One `bytes=` range, clamped to the content; undefined means "send it all"
 * (no Range, a malformed one, several ranges, or a failed If-Range), and
 * 'unsatisfiable' means 416.
 */
export function parseRange (header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (match === null || (match[1] === '' && match[2] === '')) return undefined
  if (match[1] === '') {
    const suffix = Number(match[2])
    if (suffix === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(match[1])
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  if (match[2] !== '' && Number(match[2]) < start) return undefined
  if (start >= size) return 'unsatisfiable'
  return { start, end }
}

/** If-Range holds only when it names this exact representation (strong ETag or the same date). */
function ifRangeHolds (header: string | undefined, etag: string, modifiedAt: Date): boolean {
  if (header === undefined) return true
  const value = header.trim()
  if (value.startsWith('"') || value.startsWith('W/')) return value === etag
  return Date.parse(value) === Math.floor(modifiedAt.getTime() / 1000) * 1000
}

export async function sendContent (request: FastifyRequest, reply: FastifyReply, storage: BlobStorage, item: Servable) {
  const etag = `"${item.etag}"`
  const image = isImageType(item.contentType)
  reply.header('etag', etag)
  reply.header('last-modified', item.modifiedAt.toUTCString())
  reply.header('cache-control', item.cacheControl)
  reply.header('accept-ranges', 'bytes')
  reply.header('vary', 'Authorization')

  const ifNoneMatch = request.headers['if-none-match']
  const notModified = ifNoneMatch !== undefined
    ? noneMatch(ifNoneMatch, etag)
    : notModifiedSince(request.headers['if-modified-since'], item.modifiedAt)
  if (notModified && (request.method === 'GET' || request.method === 'HEAD')) return await reply.code(304).send()

  const requested = ifRangeHolds(request.headers['if-range'] as string | undefined, etag, item.modifiedAt)
    ? parseRange(request.headers.range, item.size)
    : undefined
  if (requested === 'unsatisfiable') throw errors.rangeNotSatisfiable(item.size)
  const body = await storage.get(item.key, requested)
  if (body === null) {
    request.log.error({ key: item.key }, 'a stored blob is missing')
    throw errors.notFound('No such file.')
  }
  const range = requested ?? { start: 0, end: item.size - 1 }
  const name = image ? item.filename : downloadName(item.filename, item.contentType)
  reply.header('content-disposition', contentDisposition(image ? 'inline' : 'attachment', name))
  reply.header('content-length', String(range.end - range.start + 1))
  reply.type(servedType(item.contentType))
  if (requested !== undefined) reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${item.size}`)
  if (request.method === 'HEAD') {
    // Fastify would drain the stream to discard it: a whole download from a bucket for nothing.
    body.destroy()
    return await reply.send(Readable.from([]))
  }
  return await reply.send(body)
}
