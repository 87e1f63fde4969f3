import type { Readable } from 'node:stream'

/** Inclusive byte offsets, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number
  end: number
}

export interface BlobStat {
  size: number
  modifiedAt: Date
}

/** What was stored: computed from the bytes as they streamed in. */
export interface PutResult {
  size: number
  sha256: string
}

export interface ListedBlob {
  key: string
  modifiedAt: Date
}

/**
 * Where blobs live. Keys are server-made: `<group>/<uuid>/<name>` with
 * `[a-z0-9._-]` names, so no client text ever reaches a path or an object
 * name. A blob is visible under its key only once it is complete and durable.
 * The local disk is the one driver today; an S3-compatible one fits the same
 * shape (streams in, streams out, stat, delete, list by prefix).
 */
export interface BlobStorage {
  /** Streams `body` in; a stream that fails or is aborted leaves nothing behind. */
  put: (key: string, body: AsyncIterable<Uint8Array>) => Promise<PutResult>
  /** The blob's bytes (or an inclusive range of them); null when there is no such blob. */
  get: (key: string, range?: ByteRange) => Promise<Readable | null>
  stat: (key: string) => Promise<BlobStat | null>
  /** Removing a blob that is not there is not an error. */
  delete: (key: string) => Promise<void>
  /** Removes every blob of one `<group>/<uuid>/` prefix. */
  deletePrefix: (prefix: string) => Promise<void>
  /** Every blob of a group (`<group>/`), for sweeping blobs that no row names. */
  list: (prefix: string) => AsyncIterable<ListedBlob>
  /** Removes unfinished writes (a crash mid-upload) last touched before `before`; returns how many. */
  sweepTemporary: (before: Date) => Promise<number>
}

const KEY = /^([a-z]+)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([a-z0-9][a-z0-9._-]{0,99})$/
const PREFIX = /^([a-z]+)\/(?:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/)?$/

export interface ParsedKey { group: string, id: string, name: string }

/** Splits a blob key; anything but the server's own key shape is refused. */
export function parseKey (key: string): ParsedKey {
  const match = KEY.exec(key)
  if (match === null) throw new TypeError(`Not a blob key: ${JSON.stringify(key)}`)
  return { group: match[1], id: match[2], name: match[3] }
}

export function parsePrefix (prefix: string): { group: string, id?: string } {
  const match = PREFIX.exec(prefix)
  if (match === null) throw new TypeError(`Not a blob prefix: ${JSON.stringify(prefix)}`)
  return { group: match[1], id: match[2] }
}
