// Blobs in an S3-compatible bucket that every node shares. Keys are the server's own
// (`<group>/<uuid>/<name>`) and are used as object keys as they are. Any failure of the
// object store itself becomes 503 service_unavailable (its cause logged, never sent):
// the request may succeed once the store is back, and nothing half-done is left.
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import {
  AbortMultipartUploadCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand,
  ListMultipartUploadsCommand, ListObjectsV2Command, S3Client, type S3ClientConfig
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { errors } from '../errors.js'
import {
  parseKey, parsePrefix, type BlobStat, type BlobStorage, type ByteRange, type ListedBlob, type PutResult
} from './types.js'

export interface S3StorageOptions {
  bucket: string
  region: string
  /** Another S3-compatible server than AWS (MinIO, R2, s3rver); null for AWS itself. */
  endpoint: string | null
  forcePathStyle: boolean
  /** null: the SDK's default chain (environment, shared files, instance role). */
  credentials: { accessKeyId: string, secretAccessKey: string } | null
  /** Keys per ListObjectsV2 page (at most 1000, S3's own limit); tests make it small to cross pages. */
  pageSize?: number
  /** Bytes per multipart part (S3's minimum is 5 MiB). */
  partSize?: number
  /** Parts in flight per upload: memory per upload is about (queueSize + 1) × partSize. */
  queueSize?: number
  /** A call whose socket stays silent this long fails (tests make it short). */
  idleTimeoutMs?: number
}

// 5 MiB parts, two in flight: about 15 MiB of memory per upload at most, whatever the file's size.
const PART_SIZE = 5 * 1024 * 1024
const QUEUE_SIZE = 2
const MAX_PAGE = 1000

interface SdkError { name?: string, $metadata?: { httpStatusCode?: number } }
const statusOf = (error: unknown) => (error as SdkError).$metadata?.httpStatusCode
const isMissing = (error: unknown) =>
  statusOf(error) === 404 || ['NoSuchKey', 'NotFound'].includes((error as SdkError).name ?? '')

/** The object store failed (unreachable, refused, erring): the client may retry shortly. */
function unavailable (error: unknown): Error {
  const problem = errors.serviceUnavailable('The file store is unavailable; try again shortly.')
  problem.cause = error
  return problem
}

/** The first `length` bytes of `stream`; the rest is never read (the stream is destroyed). */
async function * firstBytes (stream: Readable, length: number): AsyncIterable<Uint8Array> {
  let left = length
  for await (const chunk of stream) {
    const bytes = chunk as Buffer
    if (bytes.byteLength >= left) {
      yield bytes.subarray(0, left)
      return
    }
    left -= bytes.byteLength
    yield bytes
  }
}

export function createS3Storage (options: S3StorageOptions): BlobStorage & { close: () => void } {
  const { bucket } = options
  const pageSize = Math.min(options.pageSize ?? MAX_PAGE, MAX_PAGE)
  const config: S3ClientConfig = {
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    // Checksums only where S3 demands them: several S3-compatible servers (s3rver among them)
    // refuse the SDK's default streaming checksum trailer.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A store that does not answer must not hold a request forever: no connection in 5 s, or a
    // socket silent for 60 s (a stalled download too), fails the call (and then the request, with 503).
    requestHandler: { connectionTimeout: 5000, socketTimeout: options.idleTimeoutMs ?? 60_000 }
  }
  if (options.endpoint !== null) config.endpoint = options.endpoint
  if (options.credentials !== null) config.credentials = options.credentials
  const client = new S3Client(config)

  /** Runs one SDK call, turning the store's failures into 503. */
  async function call<T> (send: () => Promise<T>): Promise<T> {
    try {
      return await send()
    } catch (error) {
      throw unavailable(error)
    }
  }

  /** Every key under `prefix`, one ListObjectsV2 page at a time. */
  async function * pages (prefix: string): AsyncIterable<Array<{ Key?: string, LastModified?: Date }>> {
    let token: string | undefined
    do {
      const page = await call(async () => await client.send(new ListObjectsV2Command({
        Bucket: bucket, Prefix: prefix, MaxKeys: pageSize, ContinuationToken: token
      })))
      yield page.Contents ?? []
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined
    } while (token !== undefined)
  }

  return {
    async put (key, body): Promise<PutResult> {
      parseKey(key)
      const hash = createHash('sha256')
      let size = 0
      // The body's own failure (a client gone, a size limit) is what the caller must see,
      // not the upload's report of it.
      let bodyError: unknown
      async function * measured (): AsyncIterable<Uint8Array> {
        try {
          for await (const chunk of body) {
            hash.update(chunk)
            size += chunk.byteLength
            yield chunk
          }
        } catch (error) {
          bodyError = error
          throw error
        }
      }
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: key, Body: Readable.from(measured(), { objectMode: false }) },
        partSize: options.partSize ?? PART_SIZE,
        queueSize: options.queueSize ?? QUEUE_SIZE,
        // On failure the SDK aborts the multipart upload, so no parts stay billed; the object
        // appears only when the upload completes, so a failed one leaves no object.
        leavePartsOnError: false
      })
      try {
        await upload.done()
      } catch (error) {
        await upload.abort().catch(() => {})
        if (bodyError !== undefined) throw bodyError
        throw unavailable(error)
      }
      return { size, sha256: hash.digest('hex') }
    },

    async get (key, range?: ByteRange): Promise<Readable | null> {
      parseKey(key)
      let object
      try {
        object = await client.send(new GetObjectCommand({
          Bucket: bucket, Key: key, Range: range === undefined ? undefined : `bytes=${range.start}-${range.end}`
        }))
      } catch (error) {
        if (isMissing(error)) return null
        throw unavailable(error)
      }
      const body = object.Body as Readable
      if (range === undefined) return body
      // A server may send more than the range asked for (s3rver 3.7 answers `bytes=0-0` with the
      // whole object): the caller gets exactly the range, the length it announces.
      const sent = /^bytes (\d+)-(\d+)\//.exec(object.ContentRange ?? '')
      if (sent === null || Number(sent[1]) !== range.start) {
        body.destroy()
        throw unavailable(new Error(`asked for bytes ${range.start}-${range.end}, got ${object.ContentRange}`))
      }
      return Number(sent[2]) > range.end ? Readable.from(firstBytes(body, range.end - range.start + 1)) : body
    },

    async stat (key): Promise<BlobStat | null> {
      parseKey(key)
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
        return { size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) }
      } catch (error) {
        if (isMissing(error)) return null
        throw unavailable(error)
      }
    },

    async delete (key) {
      parseKey(key)
      // S3 answers 204 for a key that is not there too.
      await call(async () => await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })))
    },

    async deletePrefix (prefix) {
      const { id } = parsePrefix(prefix)
      if (id === undefined) throw new TypeError('deletePrefix takes one `<group>/<uuid>/` prefix')
      // A page holds at most 1000 keys, DeleteObjects' own limit. Deleting what was listed does not
      // disturb the listing: the continuation token names the last key returned.
      for await (const page of pages(prefix)) {
        const keys = page.flatMap((object) => object.Key === undefined ? [] : [{ Key: object.Key }])
        if (keys.length === 0) continue
        const result = await call(async () => await client.send(new DeleteObjectsCommand({
          Bucket: bucket, Delete: { Objects: keys, Quiet: true }
        })))
        if ((result.Errors ?? []).length > 0) throw unavailable(new Error(`DeleteObjects failed: ${JSON.stringify(result.Errors)}`))
      }
    },

    async * list (prefix): AsyncIterable<ListedBlob> {
      parsePrefix(prefix)
      for await (const page of pages(prefix)) {
        for (const object of page) {
          if (object.Key === undefined) continue
          try {
            parseKey(object.Key)
          } catch {
            continue // not ours: never listed, so never deleted by a sweep
          }
          yield { key: object.Key, modifiedAt: object.LastModified ?? new Date(0) }
        }
      }
    },

    async sweepTemporary (before) {
      // Multipart uploads begun and never completed or aborted (a node killed mid-upload) keep
      // their parts, unseen and billed, until aborted.
      let removed = 0
      let keyMarker: string | undefined
      let uploadIdMarker: string | undefined
      do {
        let page
        try {
          page = await client.send(new ListMultipartUploadsCommand({
            Bucket: bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker
          }))
        } catch (error) {
          // s3rver (and a few other S3-compatible servers) do not implement the listing: nothing
          // can be found to sweep there. A bucket lifecycle rule (AbortIncompleteMultipartUpload)
          // is the store-side safety net.
          if (statusOf(error) === 501 || (error as SdkError).name === 'NotImplemented') return removed
          throw unavailable(error)
        }
        for (const upload of page.Uploads ?? []) {
          if (upload.Key === undefined || upload.UploadId === undefined) continue
          if (upload.Initiated === undefined || upload.Initiated >= before) continue
          try {
            parseKey(upload.Key)
          } catch {
            continue // not ours
          }
          await call(async () => await client.send(new AbortMultipartUploadCommand({
            Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId
          })))
          removed++
        }
        const more = page.IsTruncated === true
        keyMarker = more ? page.NextKeyMarker : undefined
        uploadIdMarker = more ? page.NextUploadIdMarker : undefined
      } while (keyMarker !== undefined)
      return removed
    },

    close () {
      client.destroy()
    }
  }
}
