// The S3 driver on a real S3-protocol server (s3rver, started by the test): the shared contract,
// then what only this driver does. Every test has a bucket of its own on one server.
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { ApiError } from '../../src/errors.js'
import { createSweeper } from '../../src/media/sweeper.js'
import { createScratch } from '../../src/storage/scratch.js'
import { createS3Storage, type S3StorageOptions } from '../../src/storage/s3.js'
import { freshBucket as newBucket, s3Client, startS3rver } from '../helpers/s3rver.js'
import { blobStorageContract, chunks, collect, failing, readAll } from '../helpers/storage-contract.js'

const PAGE_SIZE = 2
const server = await startS3rver(t)
const admin = s3Client(t, server)

function storageOn (t: Test, bucket: string, options: Partial<S3StorageOptions> = {}) {
  const storage = createS3Storage({
    bucket,
    region: server.region,
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: server.credentials,
    pageSize: PAGE_SIZE,
    ...options
  })
  t.teardown(() => { storage.close() })
  return storage
}

const freshBucket = async () => (await newBucket(admin, server)).bucket

blobStorageContract(t, async (t) => storageOn(t, await freshBucket()), { pageSize: PAGE_SIZE })

t.test('a failed multipart upload shows no object; s3rver keeps its parts (it implements no abort)', async (t) => {
  const bucket = await freshBucket()
  const storage = storageOn(t, bucket)
  const key = `files/${randomUUID()}/original`
  const part = Buffer.alloc(6 * 1024 * 1024, 1)
  await t.rejects(storage.put(key, failing(part, part)), { message: 'the client went away' })
  t.equal(await storage.stat(key), null)
  t.same(await collect(storage.list('files/')), [])
  // The SDK sent AbortMultipartUpload, which s3rver answers 405; real S3 drops the parts. What is
  // left is in s3rver's own upload folder, never under an object key.
  t.ok(readdirSync(join(server.directory, bucket)).every((name) => name.startsWith('._S3rver')))
  // ListMultipartUploads is not implemented by s3rver either: the sweep finds nothing to abort there.
  t.equal(await storage.sweepTemporary(new Date(Date.now() + 60_000)), 0)
})

t.test('the orphan sweep goes through every ListObjectsV2 page and removes only what no row names', async (t) => {
  const storage = storageOn(t, await freshBucket())
  const sweeper = createSweeper({ storage, scratch: createScratch(t.testdir({})) })
  // The features answer from their rows; here a set of ids stands for the rows.
  const rows = new Set<string>()
  const owner = {
    isReferenced: async (blob: { id: string }) => rows.has(blob.id),
    blobPrefixesOf: async () => []
  }
  sweeper.ownsGroup('files', owner)
  sweeper.ownsGroup('avatars', owner)
  const named: string[] = []
  const orphans: string[] = []
  for (let i = 0; i < 5; i++) {
    const id = randomUUID()
    rows.add(id)
    named.push(`files/${id}/original`)
    orphans.push(`files/${randomUUID()}/original`, `avatars/${randomUUID()}/64.webp`)
  }
  for (const key of [...named, ...orphans]) await storage.put(key, chunks('x'))
  t.same(await sweeper.sweep(new Date(Date.now() + 60_000)), { temporary: 0, orphans: orphans.length },
    `${named.length + orphans.length} keys on pages of ${PAGE_SIZE}`)
  t.same([...await collect(storage.list('files/')), ...await collect(storage.list('avatars/'))], named.sort())
  t.same(await sweeper.sweep(new Date(Date.now() - 60_000)), { temporary: 0, orphans: 0 }, 'a past cut-off spares fresh blobs')
})

t.test('keys are the object keys themselves, so any node (or tool) sees the same names', async (t) => {
  const bucket = await freshBucket()
  const storage = storageOn(t, bucket)
  const id = randomUUID()
  await storage.put(`avatars/${id}/64.webp`, chunks('x'))
  const other = storageOn(t, bucket, { pageSize: 1000 })
  t.same(await collect(other.list('avatars/')), [`avatars/${id}/64.webp`], 'another client on the bucket')
})

t.test('a store nobody answers on fails every operation with 503 service_unavailable, never a hang', async (t) => {
  // A port that was just free: connections are refused at once.
  const storage = storageOn(t, 'nowhere', { endpoint: 'http://127.0.0.1:1' })
  const key = `files/${randomUUID()}/original`
  const unavailable = (error: unknown) =>
    error instanceof ApiError && error.statusCode === 503 && error.code === 'service_unavailable' && error.cause !== undefined
  const operations: Array<[string, () => Promise<unknown>]> = [
    ['put', async () => await storage.put(key, chunks('bytes'))],
    ['get', async () => await storage.get(key)],
    ['get a range', async () => await storage.get(key, { start: 0, end: 1 })],
    ['stat', async () => await storage.stat(key)],
    ['delete', async () => await storage.delete(key)],
    ['deletePrefix', async () => await storage.deletePrefix(`files/${randomUUID()}/`)],
    ['list', async () => await collect(storage.list('files/'))],
    ['sweepTemporary', async () => await storage.sweepTemporary(new Date())]
  ]
  for (const [name, operation] of operations) {
    const error = await operation().then(() => undefined, (error: unknown) => error)
    t.ok(unavailable(error), `${name}: ${String(error)}`)
  }
  await t.rejects(storage.put(key, failing('a')), { message: 'the client went away' },
    'a failing body is still the error put reports')
})

t.test('a store that ignores the Range header is refused (503) rather than served from the wrong offset', async (t) => {
  // Plain HTTP that answers every GET with the whole object and no Content-Range.
  const ignoring = createServer((request, response) => {
    response.writeHead(200, { 'content-length': '10', 'last-modified': new Date().toUTCString() })
    response.end('0123456789')
  })
  ignoring.listen(0, '127.0.0.1')
  await once(ignoring, 'listening')
  t.teardown(() => { ignoring.close() })
  const storage = storageOn(t, 'any', { endpoint: `http://127.0.0.1:${(ignoring.address() as AddressInfo).port}` })
  const key = `files/${randomUUID()}/original`
  t.equal(await readAll(await storage.get(key)), '0123456789', 'a whole read is fine')
  await t.rejects(storage.get(key, { start: 2, end: 5 }), { statusCode: 503, code: 'service_unavailable' })
})

t.test('a store that takes connections and never answers fails the call with 503 once the socket is idle', async (t) => {
  const sockets: Socket[] = []
  const silent = createTcpServer((socket) => { sockets.push(socket) })
  silent.listen(0, '127.0.0.1')
  await once(silent, 'listening')
  t.teardown(() => { for (const socket of sockets) socket.destroy(); silent.close() })
  const storage = storageOn(t, 'any', {
    endpoint: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, idleTimeoutMs: 300
  })
  const started = Date.now()
  await t.rejects(storage.stat(`files/${randomUUID()}/original`), { statusCode: 503, code: 'service_unavailable' })
  t.ok(Date.now() - started < 10_000, 'in a few idle periods (the SDK retries), not never')
})
