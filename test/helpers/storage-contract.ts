// What every blob driver promises (src/storage/types.ts), run once per driver: the local disk
// (test/storage/local-disk.test.ts) and S3 on s3rver (test/storage/s3.test.ts). What only one
// driver does (paths on disk, fsyncs, multipart parts) is tested in that driver's file.
import { createHash, randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import type { Test } from 'tap'
import type { BlobStorage } from '../../src/storage/types.js'

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex')

export async function * chunks (...parts: Array<string | Buffer>): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Buffer.from(part)
}

/** Yields what it is given, then fails as a client that hangs up would. */
export async function * failing (...parts: Array<string | Buffer>): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Buffer.from(part)
  throw new Error('the client went away')
}

export async function readAll (stream: Readable | null): Promise<string> {
  if (stream === null) throw new Error('no such blob')
  const read: Buffer[] = []
  for await (const chunk of stream) read.push(chunk as Buffer)
  return Buffer.concat(read).toString('utf8')
}

export async function collect (blobs: AsyncIterable<{ key: string }>): Promise<string[]> {
  const keys: string[] = []
  for await (const blob of blobs) keys.push(blob.key)
  return keys.sort()
}

/** Keys that are not the server's own shape: every operation refuses them with a TypeError. */
export function foreignKeys (id: string): string[] {
  return [
    '../x', '../../etc/passwd', `files/${id}/../../../../escape`, `files/../${id}/original`, `../files/${id}/original`,
    '/etc/passwd', `/files/${id}/original`, `files/${id}/original\0`, `files/${id}/orig\0inal`, `files/${id}/original\n`,
    `files/${id}/..`, `files/${id}/.hidden`, `files/${id}/a/b`, `files/${id}\\..\\..\\x`, `files/${id.toUpperCase()}/original`,
    `FILES/${id}/original`, 'files/not-a-uuid/original', `files/${id}/`, `files/${id}`, ''
  ]
}

export const foreignPrefixes = (id: string) =>
  ['../', '../x/', `../${id}/`, `files/${id}/../`, '/', `/files/${id}/`, `files/${id}\0/`, `files/${id}`, 'files', '']

/** More than one 5 MiB multipart part, so S3 takes its multipart path. */
export const SEVERAL_PARTS = 12 * 1024 * 1024 + 5

/**
 * The driver-agnostic tests. `makeStorage` gives each test an empty store of its own, listing
 * `pageSize` keys per page (so listing and deleting by prefix cross pages; small, to stay quick).
 */
export function blobStorageContract (t: Test, makeStorage: (t: Test) => Promise<BlobStorage>, { pageSize = 2 } = {}) {
  t.test('put streams the bytes in and returns their size and SHA-256; get gives them back', async (t) => {
    const storage = await makeStorage(t)
    const key = `files/${randomUUID()}/original`
    t.same(await storage.put(key, chunks('hello, ', 'blob ', 'world')), { size: 17, sha256: sha256('hello, blob world') })
    t.equal(await readAll(await storage.get(key)), 'hello, blob world')
    t.same(await collect(storage.list('files/')), [key], 'only the blob is listed')
  })

  t.test('put of an empty body stores an empty blob', async (t) => {
    const storage = await makeStorage(t)
    const key = `files/${randomUUID()}/original`
    t.same(await storage.put(key, chunks()), { size: 0, sha256: sha256('') })
    t.equal(await readAll(await storage.get(key)), '')
    t.equal((await storage.stat(key))?.size, 0)
  })

  t.test('put takes a Node stream as well as an async iterable', async (t) => {
    const storage = await makeStorage(t)
    const key = `avatars/${randomUUID()}/64.webp`
    const bytes = Buffer.alloc(256 * 1024, 7)
    t.same(await storage.put(key, Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)])),
      { size: bytes.length, sha256: sha256(bytes) })
    t.equal((await storage.stat(key))?.size, bytes.length)
  })

  t.test('a body of several multipart parts streams in whole', async (t) => {
    const storage = await makeStorage(t)
    const key = `files/${randomUUID()}/original`
    const bytes = Buffer.alloc(SEVERAL_PARTS)
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i % 251
    const pieces: Buffer[] = []
    for (let at = 0; at < bytes.length; at += 65536) pieces.push(bytes.subarray(at, at + 65536))
    t.same(await storage.put(key, chunks(...pieces)), { size: bytes.length, sha256: sha256(bytes) })
    t.equal((await storage.stat(key))?.size, bytes.length)
    const read: Buffer[] = []
    for await (const chunk of await storage.get(key) as Readable) read.push(chunk as Buffer)
    t.equal(sha256(Buffer.concat(read)), sha256(bytes))
    const tail = await storage.get(key, { start: bytes.length - 3, end: bytes.length - 1 }) as Readable
    const tailRead: Buffer[] = []
    for await (const chunk of tail) tailRead.push(chunk as Buffer)
    t.same(Buffer.concat(tailRead), bytes.subarray(bytes.length - 3), 'a range in the last part')
  })

  t.test('put replaces a blob under the same key', async (t) => {
    const storage = await makeStorage(t)
    const key = `files/${randomUUID()}/original`
    await storage.put(key, chunks('first version'))
    await storage.put(key, chunks('second'))
    t.equal(await readAll(await storage.get(key)), 'second')
    t.same(await collect(storage.list('files/')), [key])
  })

  t.test('a failing input stream leaves no blob, and put fails with the stream\'s own error', async (t) => {
    const storage = await makeStorage(t)
    const key = `files/${randomUUID()}/original`
    await t.rejects(storage.put(key, failing('part of ', 'the bytes')), { message: 'the client went away' })
    t.equal(await storage.stat(key), null)
    t.equal(await storage.get(key), null)
    await t.rejects(storage.put(key, failing()), { message: 'the client went away' }, 'before its first byte')
    t.equal(await storage.stat(key), null)
    t.same(await collect(storage.list('files/')), [])
  })

  t.test('a stream that fails after several parts leaves no blob either', async (t) => {
    const storage = await makeStorage(t)
    const key = `files/${randomUUID()}/original`
    const part = Buffer.alloc(4 * 1024 * 1024, 1)
    await t.rejects(storage.put(key, failing(part, part, part)), { message: 'the client went away' })
    t.equal(await storage.stat(key), null)
    t.same(await collect(storage.list('files/')), [])
  })

  t.test('a failing stream does not remove the blob already under its key', async (t) => {
    const storage = await makeStorage(t)
    const key = `files/${randomUUID()}/original`
    await storage.put(key, chunks('kept'))
    await t.rejects(storage.put(key, failing('replacement that never ', 'finishes')))
    t.equal(await readAll(await storage.get(key)), 'kept')
  })

  t.test('get streams the whole blob, or an inclusive byte range of it', async (t) => {
    const storage = await makeStorage(t)
    const key = `files/${randomUUID()}/original`
    await storage.put(key, chunks('0123456789'))
    t.equal(await readAll(await storage.get(key)), '0123456789')
    t.equal(await readAll(await storage.get(key, { start: 2, end: 5 })), '2345')
    t.equal(await readAll(await storage.get(key, { start: 0, end: 0 })), '0')
    t.equal(await readAll(await storage.get(key, { start: 9, end: 9 })), '9')
    t.equal(await readAll(await storage.get(key, { start: 7, end: 100 })), '789', 'a range past the end stops at the end')
  })

  t.test('get and stat of a missing key are null', async (t) => {
    const storage = await makeStorage(t)
    const id = randomUUID()
    t.equal(await storage.get(`files/${id}/original`), null)
    t.equal(await storage.get(`files/${id}/original`, { start: 0, end: 1 }), null)
    t.equal(await storage.stat(`files/${id}/original`), null)
    await storage.put(`files/${id}/original`, chunks('x'))
    t.equal(await storage.stat(`files/${id}/v-other`), null, 'another name under a present id')
    t.equal(await storage.get(`files/${id}/v-other`), null)
  })

  t.test('stat gives the size and a modification time of about now', async (t) => {
    const storage = await makeStorage(t)
    const key = `files/${randomUUID()}/original`
    const before = Date.now()
    await storage.put(key, chunks('twelve bytes'))
    const stat = await storage.stat(key)
    t.equal(stat?.size, 12)
    t.ok(stat?.modifiedAt instanceof Date)
    // S3 keeps whole seconds.
    t.ok(Math.abs((stat?.modifiedAt.getTime() ?? 0) - before) < 5000, 'written just now')
  })

  t.test('delete removes one blob, and a missing one is not an error', async (t) => {
    const storage = await makeStorage(t)
    const id = randomUUID()
    await storage.put(`files/${id}/original`, chunks('a'))
    await storage.put(`files/${id}/v-1`, chunks('b'))
    await storage.delete(`files/${id}/original`)
    t.equal(await storage.stat(`files/${id}/original`), null)
    t.equal((await storage.stat(`files/${id}/v-1`))?.size, 1, 'its sibling stays')
    await t.resolves(storage.delete(`files/${id}/original`))
    await t.resolves(storage.delete(`files/${randomUUID()}/original`))
  })

  t.test('deletePrefix removes every blob of one id and nothing of another', async (t) => {
    const storage = await makeStorage(t)
    const [gone, kept] = [randomUUID(), randomUUID()]
    await storage.put(`files/${gone}/original`, chunks('a'))
    for (let i = 0; i < pageSize * 2 + 1; i++) await storage.put(`files/${gone}/v-${i}`, chunks('b'))
    await storage.put(`files/${kept}/original`, chunks('c'))
    await storage.put(`avatars/${gone}/64.webp`, chunks('d'))
    await storage.deletePrefix(`files/${gone}/`)
    t.equal(await storage.stat(`files/${gone}/original`), null)
    t.equal(await storage.stat(`files/${gone}/v-0`), null)
    t.same(await collect(storage.list(`files/${gone}/`)), [], 'every page of it')
    t.equal((await storage.stat(`files/${kept}/original`))?.size, 1)
    t.equal((await storage.stat(`avatars/${gone}/64.webp`))?.size, 1, 'the same id in another group stays')
    await t.resolves(storage.deletePrefix(`files/${randomUUID()}/`), 'a prefix with no blobs is fine')
    await t.rejects(storage.deletePrefix('files/'), TypeError, 'a whole group is refused')
    t.equal((await storage.stat(`files/${kept}/original`))?.size, 1)
  })

  t.test('list yields the blobs of a group or of one id', async (t) => {
    const storage = await makeStorage(t)
    const [a, b] = [randomUUID(), randomUUID()]
    await storage.put(`files/${a}/original`, chunks('a'))
    await storage.put(`files/${a}/v-1`, chunks('a1'))
    await storage.put(`files/${b}/original`, chunks('b'))
    await storage.put(`avatars/${a}/64.webp`, chunks('x'))
    t.same(await collect(storage.list('files/')), [`files/${a}/original`, `files/${a}/v-1`, `files/${b}/original`].sort())
    t.same(await collect(storage.list(`files/${a}/`)), [`files/${a}/original`, `files/${a}/v-1`])
    t.same(await collect(storage.list('avatars/')), [`avatars/${a}/64.webp`])
    t.same(await collect(storage.list('other/')), [], 'a group with no blobs')
    for await (const blob of storage.list('avatars/')) {
      t.same(blob, { key: `avatars/${a}/64.webp`, modifiedAt: (await storage.stat(`avatars/${a}/64.webp`))?.modifiedAt })
    }
  })

  t.test('list goes on across pages', async (t) => {
    const storage = await makeStorage(t)
    const keys: string[] = []
    for (let i = 0; i < pageSize * 3 + 1; i++) keys.push(`files/${randomUUID()}/original`)
    for (const key of keys) await storage.put(key, chunks('x'))
    t.same(await collect(storage.list('files/')), keys.sort())
  })

  t.test('keys that are not the server\'s own shape are refused before the store is touched', async (t) => {
    const storage = await makeStorage(t)
    const id = randomUUID()
    for (const key of foreignKeys(id)) {
      const label = JSON.stringify(key)
      await t.rejects(storage.put(key, chunks('x')), TypeError, `put ${label}`)
      await t.rejects(storage.get(key), TypeError, `get ${label}`)
      await t.rejects(storage.get(key, { start: 0, end: 0 }), TypeError, `get range ${label}`)
      await t.rejects(storage.stat(key), TypeError, `stat ${label}`)
      await t.rejects(storage.delete(key), TypeError, `delete ${label}`)
    }
    for (const prefix of foreignPrefixes(id)) {
      const label = JSON.stringify(prefix)
      await t.rejects(storage.deletePrefix(prefix), TypeError, `deletePrefix ${label}`)
      await t.rejects(collect(storage.list(prefix)), TypeError, `list ${label}`)
    }
  })
}
