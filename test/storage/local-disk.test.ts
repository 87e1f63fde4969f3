// The local disk driver: the shared contract (test/helpers/storage-contract.ts), then what only this
// driver does (sharded paths, fsync and rename, leftovers on disk) and the scratch files.
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import * as fsPromises from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import t, { type Test } from 'tap'
import { createLocalDiskStorage } from '../../src/storage/local-disk.js'
import { createScratch } from '../../src/storage/scratch.js'
import type { BlobStorage } from '../../src/storage/types.js'
import { filesUnder } from '../helpers/files.js'
import { blobStorageContract, chunks, collect, failing, foreignKeys, foreignPrefixes, sha256 } from '../helpers/storage-contract.js'

const HOUR = 60 * 60 * 1000

/** Where the driver keeps a blob: two shard levels from the id. */
const blobPath = (root: string, group: string, id: string, name: string) =>
  join(root, 'blobs', group, id.slice(0, 2), id.slice(2, 4), id, name)

function setup (t: Test) {
  const root = join(t.testdir({ root: {} }), 'root')
  return { root, storage: createLocalDiskStorage(root) }
}

// The disk has no pages: the contract's page size only sets how many blobs its list tests make.
blobStorageContract(t, async (t) => setup(t).storage)

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

t.test('a failing input stream leaves no temporary file', async (t) => {
  const { root, storage } = setup(t)
  await t.rejects(storage.put(`files/${randomUUID()}/original`, failing('part of ', 'the bytes')), { message: 'the client went away' })
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

t.test('stat gives the size and the modification time', async (t) => {
  const { root, storage } = setup(t)
  const id = randomUUID()
  const key = `files/${id}/original`
  await storage.put(key, chunks('twelve bytes'))
  const when = new Date('2020-01-02T03:04:05.000Z')
  utimesSync(blobPath(root, 'files', id, 'original'), when, when)
  t.same(await storage.stat(key), { size: 12, modifiedAt: when })
})

t.test('deletePrefix removes the id directory', async (t) => {
  const { root, storage } = setup(t)
  const [gone, kept] = [randomUUID(), randomUUID()]
  await storage.put(`files/${gone}/original`, chunks('a'))
  await storage.put(`files/${kept}/original`, chunks('c'))
  await storage.deletePrefix(`files/${gone}/`)
  t.notOk(existsSync(join(blobPath(root, 'files', gone, 'original'), '..')), 'the id directory goes')
  t.ok(existsSync(blobPath(root, 'files', kept, 'original')))
})

t.test('list skips names that are not keys and gives the file\'s modification time', async (t) => {
  const { root, storage } = setup(t)
  const [a, b] = [randomUUID(), randomUUID()]
  await storage.put(`files/${a}/original`, chunks('a'))
  await storage.put(`files/${b}/original`, chunks('b'))
  writeFileSync(join(blobPath(root, 'files', b, 'original'), '..', 'NOT-A-KEY'), 'stranger')
  t.same(await collect(storage.list('files/')), [`files/${a}/original`, `files/${b}/original`].sort())
  const when = new Date('2021-06-01T00:00:00.000Z')
  utimesSync(blobPath(root, 'files', a, 'original'), when, when)
  for await (const blob of storage.list(`files/${a}/`)) t.same(blob, { key: `files/${a}/original`, modifiedAt: when })
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

t.test('keys that are not the server\'s own shape write nothing, in the root or beside it', async (t) => {
  const parent = t.testdir({ root: {} })
  const storage: BlobStorage = createLocalDiskStorage(join(parent, 'root'))
  const id = randomUUID()
  for (const key of [...foreignKeys(id), join(parent, 'escape')]) {
    await t.rejects(storage.put(key, chunks('x')), TypeError, `put ${JSON.stringify(key)}`)
  }
  for (const prefix of foreignPrefixes(id)) await t.rejects(storage.deletePrefix(prefix), TypeError)
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
