import { createHash, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import * as fsPromises from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import t, { type Test } from 'tap'
import { createLocalDiskStorage } from '../../src/storage/local-disk.js'
import { createScratch } from '../../src/storage/scratch.js'
import type { BlobStorage } from '../../src/storage/types.js'
import { filesUnder } from '../helpers/files.js'

const HOUR = 60 * 60 * 1000
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex')

/** Where the driver keeps a blob: two shard levels from the id. */
const blobPath = (root: string, group: string, id: string, name: string) =>
  join(root, 'blobs', group, id.slice(0, 2), id.slice(2, 4), id, name)

async function * chunks (...parts: Array<string | Buffer>): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Buffer.from(part)
}

/** Yields what it is given, then fails as a client that hangs up would. */
async function * failing (...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Buffer.from(part)
  throw new Error('the client went away')
}

async function readAll (stream: Readable | null): Promise<string> {
  if (stream === null) throw new Error('no such blob')
  const read: Buffer[] = []
  for await (const chunk of stream) read.push(chunk as Buffer)
  return Buffer.concat(read).toString('utf8')
}

async function collect (blobs: AsyncIterable<{ key: string }>): Promise<string[]> {
  const keys: string[] = []
  for await (const blob of blobs) keys.push(blob.key)
  return keys.sort()
}

function setup (t: Test) {
  const root = join(t.testdir({ root: {} }), 'root')
  return { root, storage: createLocalDiskStorage(root) }
}

t.test('put streams the bytes into a sharded path and returns their size and SHA-256', async (t) => {
  const { root, storage } = setup(t)
  const id = randomUUID()
  const result = await storage.put(`files/${id}/original`, chunks('hello, ', 'blob ', 'world'))
  t.same(result, { size: 17, sha256: sha256('hello, blob world') })
  const path = blobPath(root, 'files', id, 'original')
  t.equal(readFileSync(path, 'utf8'), 'hello, blob world')
  t.same(filesUnder(root), [`blobs/files/${id.slice(0, 2)}/${id.slice(2, 4)}/${id}/original`], 'only the blob: no temporary file left')
  t.same(readdirSync(join(root, 'tmp')), [])
  t.equal(statSync(path).mode & 0o777, 0o600, 'readable by the server only')
})

t.test('put of an empty body stores an empty blob', async (t) => {
  const { storage } = setup(t)
  const key = `files/${randomUUID()}/original`
  t.same(await storage.put(key, chunks()), { size: 0, sha256: sha256('') })
  t.equal(await readAll(await storage.get(key)), '')
  t.equal((await storage.stat(key))?.size, 0)
})

t.test('put takes a Node stream as well as an async iterable', async (t) => {
  const { storage } = setup(t)
  const key = `avatars/${randomUUID()}/64.webp`
  const bytes = Buffer.alloc(256 * 1024, 7)
  t.same(await storage.put(key, Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)])),
    { size: bytes.length, sha256: sha256(bytes) })
  t.equal((await storage.stat(key))?.size, bytes.length)
})

t.test('put replaces a blob under the same key', async (t) => {
  const { root, storage } = setup(t)
  const key = `files/${randomUUID()}/original`
  await storage.put(key, chunks('first version'))
  await storage.put(key, chunks('second'))
  t.equal(await readAll(await storage.get(key)), 'second')
  t.equal(filesUnder(root).length, 1)
})

t.test('put writes a temporary file, fsyncs it, renames it into place, then fsyncs the directory', async (t) => {
  const events: string[] = []
  const root = join(t.testdir({}), 'root')
  const tmp = join(root, 'tmp')
  const { createLocalDiskStorage: create } = await t.mockImport<typeof import('../../src/storage/local-disk.js')>('../../src/storage/local-disk.js', {
    'node:fs/promises': {
      ...fsPromises,
      async open (path: string, flags: string, mode?: number) {
        const handle = await fsPromises.open(path, flags, mode)
        const label = path.startsWith(tmp) ? 'temporary' : path
        const sync = handle.sync.bind(handle)
        handle.sync = async () => { events.push(`sync ${label}`); await sync() }
        return handle
      },
      async rename (from: string, to: string) {
        events.push(`rename ${from.startsWith(tmp) ? 'temporary' : from} ${to}`)
        t.ok(existsSync(from), 'the temporary file is complete before the rename')
        await fsPromises.rename(from, to)
      }
    }
  })
  const id = randomUUID()
  await create(root).put(`files/${id}/original`, chunks('durable'))
  const target = blobPath(root, 'files', id, 'original')
  t.same(events, ['sync temporary', `rename temporary ${target}`, `sync ${join(target, '..')}`])
  t.same(readdirSync(tmp), [])
})

t.test('a failing input stream leaves no temporary file and no blob', async (t) => {
  const { root, storage } = setup(t)
  const key = `files/${randomUUID()}/original`
  await t.rejects(storage.put(key, failing('part of ', 'the bytes')), { message: 'the client went away' })
  t.equal(await storage.stat(key), null)
  t.equal(await storage.get(key), null)
  t.same(filesUnder(root), [])
})

t.test('a stream that fails before its first byte leaves nothing either', async (t) => {
  const { root, storage } = setup(t)
  await t.rejects(storage.put(`files/${randomUUID()}/original`, failing()), { message: 'the client went away' })
  t.same(filesUnder(root), [])
})

t.test('a blob that cannot be moved into place leaves no temporary file', async (t) => {
  const { root, storage } = setup(t)
  // A file where the group directory should be: the rename target cannot be made.
  mkdirSync(join(root, 'blobs'), { recursive: true })
  writeFileSync(join(root, 'blobs', 'files'), 'in the way')
  await t.rejects(storage.put(`files/${randomUUID()}/original`, chunks('bytes')))
  t.same(filesUnder(root), ['blobs/files'])
})

t.test('get streams the whole blob, or an inclusive byte range of it', async (t) => {
  const { storage } = setup(t)
  const key = `files/${randomUUID()}/original`
  await storage.put(key, chunks('0123456789'))
  t.equal(await readAll(await storage.get(key)), '0123456789')
  t.equal(await readAll(await storage.get(key, { start: 2, end: 5 })), '2345')
  t.equal(await readAll(await storage.get(key, { start: 0, end: 0 })), '0')
  t.equal(await readAll(await storage.get(key, { start: 9, end: 9 })), '9')
  t.equal(await readAll(await storage.get(key, { start: 7, end: 100 })), '789', 'a range past the end stops at the end')
})

t.test('get and stat of a missing key are null', async (t) => {
  const { storage } = setup(t)
  const id = randomUUID()
  t.equal(await storage.get(`files/${id}/original`), null)
  t.equal(await storage.get(`files/${id}/original`, { start: 0, end: 1 }), null)
  t.equal(await storage.stat(`files/${id}/original`), null)
  await storage.put(`files/${id}/original`, chunks('x'))
  t.equal(await storage.stat(`files/${id}/v-other`), null, 'another name under a present id')
})

t.test('stat gives the size and the modification time', async (t) => {
  const { root, storage } = setup(t)
  const id = randomUUID()
  const key = `files/${id}/original`
  await storage.put(key, chunks('twelve bytes'))
  const when = new Date('2020-01-02T03:04:05.000Z')
  utimesSync(blobPath(root, 'files', id, 'original'), when, when)
  t.same(await storage.stat(key), { size: 12, modifiedAt: when })
})

t.test('delete removes one blob, and a missing one is not an error', async (t) => {
  const { storage } = setup(t)
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
  const { root, storage } = setup(t)
  const [gone, kept] = [randomUUID(), randomUUID()]
  await storage.put(`files/${gone}/original`, chunks('a'))
  await storage.put(`files/${gone}/v-abc`, chunks('b'))
  await storage.put(`files/${kept}/original`, chunks('c'))
  await storage.put(`avatars/${gone}/64.webp`, chunks('d'))
  await storage.deletePrefix(`files/${gone}/`)
  t.equal(await storage.stat(`files/${gone}/original`), null)
  t.equal(await storage.stat(`files/${gone}/v-abc`), null)
  t.notOk(existsSync(join(blobPath(root, 'files', gone, 'original'), '..')), 'the id directory goes')
  t.equal((await storage.stat(`files/${kept}/original`))?.size, 1)
  t.equal((await storage.stat(`avatars/${gone}/64.webp`))?.size, 1, 'the same id in another group stays')
  await t.resolves(storage.deletePrefix(`files/${randomUUID()}/`), 'a prefix with no blobs is fine')
  await t.rejects(storage.deletePrefix('files/'), TypeError, 'a whole group is refused')
  t.equal((await storage.stat(`files/${kept}/original`))?.size, 1)
})

t.test('list yields the blobs of a group or of one id, and skips names that are not keys', async (t) => {
  const { root, storage } = setup(t)
  const [a, b] = [randomUUID(), randomUUID()]
  await storage.put(`files/${a}/original`, chunks('a'))
  await storage.put(`files/${a}/v-1`, chunks('a1'))
  await storage.put(`files/${b}/original`, chunks('b'))
  await storage.put(`avatars/${a}/64.webp`, chunks('x'))
  writeFileSync(join(blobPath(root, 'files', b, 'original'), '..', 'NOT-A-KEY'), 'stranger')
  t.same(await collect(storage.list('files/')), [`files/${a}/original`, `files/${a}/v-1`, `files/${b}/original`].sort())
  t.same(await collect(storage.list(`files/${a}/`)), [`files/${a}/original`, `files/${a}/v-1`])
  t.same(await collect(storage.list('avatars/')), [`avatars/${a}/64.webp`])
  t.same(await collect(storage.list('other/')), [], 'a group with no directory')
  const when = new Date('2021-06-01T00:00:00.000Z')
  utimesSync(blobPath(root, 'avatars', a, '64.webp'), when, when)
  for await (const blob of storage.list('avatars/')) t.same(blob, { key: `avatars/${a}/64.webp`, modifiedAt: when })
})

t.test('regression: list skips what is not the layout (a stray file at a shard level, a directory as a name) instead of failing', async (t) => {
  const { root, storage } = setup(t)
  const id = randomUUID()
  await storage.put(`files/${id}/original`, chunks('a'))
  const idDirectory = join(blobPath(root, 'files', id, 'original'), '..')
  writeFileSync(join(root, 'blobs', 'files', '.DS_Store'), 'a desktop left this')
  writeFileSync(join(root, 'blobs', 'files', id.slice(0, 2), 'stray'), 'x')
  writeFileSync(join(root, 'blobs', 'files', id.slice(0, 2), id.slice(2, 4), 'stray'), 'x')
  mkdirSync(join(idDirectory, 'extra'))
  t.same(await collect(storage.list('files/')), [`files/${id}/original`], 'only blobs: no error, no directory listed as a blob')
  t.same(await collect(storage.list(`files/${id}/`)), [`files/${id}/original`])
})

t.test('sweepTemporary removes unfinished writes older than the cut-off and keeps fresh ones', async (t) => {
  const { root, storage } = setup(t)
  t.equal(await storage.sweepTemporary(new Date()), 0, 'no tmp directory yet')
  const tmp = join(root, 'tmp')
  mkdirSync(tmp, { recursive: true })
  writeFileSync(join(tmp, 'old.tmp'), 'crashed mid-write')
  writeFileSync(join(tmp, 'fresh.tmp'), 'still being written')
  const old = new Date(Date.now() - 2 * HOUR)
  utimesSync(join(tmp, 'old.tmp'), old, old)
  t.equal(await storage.sweepTemporary(new Date(Date.now() - HOUR)), 1)
  t.same(readdirSync(tmp), ['fresh.tmp'])
})

t.test('keys that are not the server\'s own shape are refused before the disk is touched', async (t) => {
  const parent = t.testdir({ root: {} })
  const root = join(parent, 'root')
  const storage: BlobStorage = createLocalDiskStorage(root)
  const id = randomUUID()
  const keys = [
    '../x',
    '../../etc/passwd',
    `files/${id}/../../../../escape`,
    `files/../${id}/original`,
    `../files/${id}/original`,
    '/etc/passwd',
    `/files/${id}/original`,
    join(parent, 'escape'),
    `files/${id}/original\0`,
    `files/${id}/orig\0inal`,
    `files/${id}/original\n`,
    `files/${id}/..`,
    `files/${id}/.hidden`,
    `files/${id}/a/b`,
    `files/${id}\\..\\..\\x`,
    `files/${id.toUpperCase()}/original`,
    `FILES/${id}/original`,
    'files/not-a-uuid/original',
    `files/${id}/`,
    `files/${id}`,
    ''
  ]
  for (const key of keys) {
    const label = JSON.stringify(key)
    await t.rejects(storage.put(key, chunks('x')), TypeError, `put ${label}`)
    await t.rejects(storage.get(key), TypeError, `get ${label}`)
    await t.rejects(storage.get(key, { start: 0, end: 0 }), TypeError, `get range ${label}`)
    await t.rejects(storage.stat(key), TypeError, `stat ${label}`)
    await t.rejects(storage.delete(key), TypeError, `delete ${label}`)
  }
  for (const prefix of ['../', '../x/', `../${id}/`, `files/${id}/../`, '/', `/files/${id}/`, `files/${id}\0/`, `files/${id}`, 'files', '']) {
    const label = JSON.stringify(prefix)
    await t.rejects(storage.deletePrefix(prefix), TypeError, `deletePrefix ${label}`)
    await t.rejects(collect(storage.list(prefix)), TypeError, `list ${label}`)
  }
  t.same(readdirSync(parent), ['root'], 'nothing written beside the root')
  t.same(filesUnder(parent), [], 'nor in it')
})

t.test('scratch: fresh paths with an extension, inside its root', async (t) => {
  const root = join(t.testdir({}), 'scratch')
  const scratch = createScratch(root)
  const first = await scratch.path('.png')
  const second = await scratch.path('.png')
  t.not(first, second)
  t.match(first, new RegExp(`^${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[0-9a-f-]{36}\\.png$`))
  t.ok(statSync(root).isDirectory(), 'the root is made on demand')
  t.notOk(existsSync(first), 'a path, not a file')
  t.match(await scratch.path(), /\/[0-9a-f-]{36}$/)
})

t.test('scratch: write streams into a new private file; remove takes any number of paths', async (t) => {
  const root = join(t.testdir({}), 'scratch')
  const scratch = createScratch(root)
  const path = await scratch.write(chunks('spooled ', 'bytes'))
  t.equal(readFileSync(path, 'utf8'), 'spooled bytes')
  t.equal(statSync(path).mode & 0o777, 0o600)
  const other = await scratch.write(Readable.from([Buffer.from('other')]))
  t.equal(readFileSync(other, 'utf8'), 'other')
  await scratch.remove(path, undefined, join(root, 'never-existed'), other)
  t.same(readdirSync(root), [])
  await t.resolves(scratch.remove(), 'nothing to remove')
})

t.test('scratch: a failing input stream leaves no file', async (t) => {
  const root = join(t.testdir({}), 'scratch')
  const scratch = createScratch(root)
  await t.rejects(scratch.write(failing('some ', 'bytes')), { message: 'the client went away' })
  await t.rejects(scratch.write(failing()), { message: 'the client went away' })
  t.same(readdirSync(root), [])
})

t.test('scratch: sweep removes old files and directories, keeps fresh ones', async (t) => {
  const root = join(t.testdir({}), 'scratch')
  const scratch = createScratch(root)
  t.equal(await scratch.sweep(new Date()), 0, 'no root yet')
  mkdirSync(join(root, 'old-dir'), { recursive: true })
  writeFileSync(join(root, 'old-dir', 'inside'), 'x')
  writeFileSync(join(root, 'old-file'), 'x')
  const fresh = await scratch.write(chunks('fresh'))
  const old = new Date(Date.now() - 2 * HOUR)
  utimesSync(join(root, 'old-dir'), old, old)
  utimesSync(join(root, 'old-file'), old, old)
  t.equal(await scratch.sweep(new Date(Date.now() - HOUR)), 2)
  t.same(readdirSync(root), [fresh.slice(root.length + 1)])
})
