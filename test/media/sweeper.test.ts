// Start-up cleanup: what a crash leaves behind (half-written temporary files,
// scratch files, blobs renamed into place whose row was never written) goes
// when the next process starts, unless it is young enough to be in flight.
import { randomUUID } from 'node:crypto'
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { SWEEP_GRACE_MS } from '../../src/media/plugin.js'
import type { FileObject } from '../../src/schemas.js'
import type { User } from '../../src/schemas.js'
import { build } from '../helpers/build.js'
import { filePart, filesUnder, multipart, png, uploadOk } from '../helpers/files.js'
import { logLines } from '../helpers/platform.js'
import { bearer, signUp } from '../helpers/users.js'

/** Older than the grace period: a leftover of a process that is gone. */
const OLD = () => new Date(Date.now() - 2 * SWEEP_GRACE_MS)

const blobPath = (group: string, id: string, name: string) => join('blobs', group, id.slice(0, 2), id.slice(2, 4), id, name)

/** Writes a file under the upload dir (parents made), optionally with an old mtime; returns its relative path. */
function leave (app: FastifyInstance, path: string, old: boolean, content = 'leftover'): string {
  const full = join(app.config.uploadDir, path)
  mkdirSync(dirname(full), { recursive: true })
  writeFileSync(full, content)
  if (old) age(app, path)
  return path
}

function age (app: FastifyInstance, path: string): void {
  utimesSync(join(app.config.uploadDir, path), OLD(), OLD())
}

async function setAvatar (app: FastifyInstance, token: string): Promise<string> {
  const body = multipart([filePart(await png(), 'me.png', 'image/png')])
  const response = await app.inject({ method: 'PUT', url: '/v1/me/avatar', headers: { ...body.headers, ...bearer(token) }, payload: body.payload })
  if (response.statusCode !== 200) throw new Error(`avatar upload failed: ${response.statusCode} ${response.body}`)
  return response.json<User>().avatarUrl as string
}

const avatarIdOf = (avatarUrl: string) => new URL(avatarUrl).pathname.split('/').pop() as string

/** A user with a text file, an image with one rendered variant, and an avatar. */
async function populated (app: FastifyInstance) {
  const account = await signUp(app)
  const [text, picture] = await uploadOk(app, account.accessToken, [
    filePart('some words', 'notes.txt', 'text/plain'),
    filePart(await png(40, 40), 'photo.png', 'image/png')
  ])
  const variant = await app.inject({ method: 'GET', url: `/v1/files/${picture.id}/content?w=10`, headers: bearer(account.accessToken) })
  if (variant.statusCode !== 200) throw new Error(`variant failed: ${variant.statusCode}`)
  const avatarUrl = await setAvatar(app, account.accessToken)
  return { ...account, text, picture, avatarUrl }
}

/** Everything `populated` stored: originals, the variant, the avatar sizes. */
const blobsOf = (app: FastifyInstance, ids: string[]) =>
  filesUnder(app.config.uploadDir).filter((path) => path.startsWith('blobs/') && ids.some((id) => path.includes(id)))

async function contentStatus (app: FastifyInstance, token: string, file: FileObject, query = '') {
  return (await app.inject({ method: 'GET', url: `/v1/files/${file.id}/content${query}`, headers: bearer(token) })).statusCode
}

t.test('a restart removes old leftovers and orphan blobs and keeps fresh ones and blobs that have a row', async (t) => {
  const first = await build(t)
  const user = await populated(first)
  const avatarId = avatarIdOf(user.avatarUrl)
  const kept = blobsOf(first, [user.text.id, user.picture.id, avatarId])
  t.equal(kept.length, 2 + 1 + 4, 'two originals, one variant, four avatar sizes')
  for (const path of kept) age(first, path) // old, but named by a row

  const orphan = randomUUID()
  const freshOrphan = randomUUID()
  const gone = [
    leave(first, 'tmp/crashed.tmp', true),
    leave(first, 'scratch/crashed.png', true),
    leave(first, 'scratch/old-dir/inside', true),
    leave(first, blobPath('files', orphan, 'original'), true),
    leave(first, blobPath('files', user.picture.id, 'v-0123456789abcdef0123456789abcdef'), true),
    leave(first, blobPath('files', user.text.id, 'stray'), true),
    leave(first, blobPath('avatars', randomUUID(), '256.webp'), true)
  ]
  utimesSync(join(first.config.uploadDir, 'scratch/old-dir'), OLD(), OLD())
  const stays = [
    ...kept,
    leave(first, 'tmp/in-flight.tmp', false),
    leave(first, 'scratch/in-flight.png', false),
    leave(first, blobPath('files', freshOrphan, 'original'), false),
    leave(first, blobPath('avatars', freshOrphan, '64.webp'), false),
    leave(first, blobPath('files', user.text.id, 'NOT-A-KEY'), true), // not a name the server makes: not ours to judge
    leave(first, blobPath('other', randomUUID(), 'original'), true) // a group the sweep does not know
  ]
  await first.close() // the process goes away

  const logs: string[] = []
  const second = await build(t, {
    logs,
    config: { databaseUrl: first.config.databaseUrl, uploadDir: first.config.uploadDir }
  })
  t.same(filesUnder(second.config.uploadDir), [...stays].sort(), 'exactly the fresh leftovers and the blobs with rows remain')
  for (const path of gone) t.notOk(filesUnder(second.config.uploadDir).includes(path), `${path} removed`)
  const line = logLines(logs).find((entry) => entry.msg === 'removed upload leftovers')
  t.match(line, { temporary: 3, orphans: 4, level: 30 }, 'the clean-up is logged with its counts')

  t.equal(await contentStatus(second, user.accessToken, user.text), 200)
  t.equal(await contentStatus(second, user.accessToken, user.picture), 200)
  t.equal(await contentStatus(second, user.accessToken, user.picture, '?w=10'), 200, 'the cached variant')
  t.equal((await second.inject({ method: 'GET', url: new URL(user.avatarUrl).pathname })).statusCode, 200, 'the avatar')
  t.equal(await second.prisma.fileVariant.count(), 1, 'the variant was served from its cache, not rendered again')
})

t.test('regression: a stray file in the blob tree does not stop the next start', async (t) => {
  const first = await build(t)
  const orphan = leave(first, blobPath('files', randomUUID(), 'original'), true)
  const stray = leave(first, 'blobs/files/.DS_Store', true, 'a desktop left this')
  const strayAvatar = leave(first, 'blobs/avatars/ab/notes.txt', true)
  await first.close()

  const second = await build(t, {
    config: { databaseUrl: first.config.databaseUrl, uploadDir: first.config.uploadDir }
  })
  t.same(filesUnder(second.config.uploadDir), [stray, strayAvatar].sort(), 'the orphan is swept, what is not ours is left alone')
  t.notOk(filesUnder(second.config.uploadDir).includes(orphan))
  t.equal((await second.inject({ method: 'GET', url: '/health' })).statusCode, 200, 'and the app serves')
})

t.test('a start with nothing to clean logs nothing about it', async (t) => {
  const logs: string[] = []
  await build(t, { logs })
  t.notOk(logLines(logs).some((entry) => entry.msg === 'removed upload leftovers'))
})

t.test('app.media.sweeper.sweep(before): the cut-off decides, and a second sweep finds nothing', async (t) => {
  const app = await build(t)
  const user = await populated(app)
  const cutoff = new Date(Date.now() - SWEEP_GRACE_MS)
  const orphans = [randomUUID(), randomUUID()]
  leave(app, blobPath('files', orphans[0], 'original'), true)
  leave(app, blobPath('avatars', orphans[1], '512.webp'), true)
  leave(app, 'tmp/a.tmp', true)
  leave(app, 'scratch/b', true)
  const fresh = leave(app, blobPath('files', randomUUID(), 'original'), false)

  t.same(await app.media.sweeper.sweep(cutoff), { temporary: 2, orphans: 2 })
  t.same(await app.media.sweeper.sweep(cutoff), { temporary: 0, orphans: 0 }, 'idempotent')
  t.ok(filesUnder(app.config.uploadDir).includes(fresh), 'younger than the cut-off: may be in flight')
  const later = new Date(Date.now() + 60_000)
  t.same(await app.media.sweeper.sweep(later), { temporary: 0, orphans: 1 }, 'a later cut-off takes it')
  t.same(filesUnder(app.config.uploadDir), blobsOf(app, [user.text.id, user.picture.id, avatarIdOf(user.avatarUrl)]),
    'every blob a row names survives any cut-off')
  t.equal(await contentStatus(app, user.accessToken, user.picture, '?w=10'), 200)
})

t.test('a variant blob whose row was evicted is an orphan; the original beside it is not', async (t) => {
  const app = await build(t)
  const user = await populated(app)
  const [variant] = await app.prisma.fileVariant.findMany()
  await app.prisma.fileVariant.delete({ where: { id: variant.id } })
  const variantPath = blobPath('files', user.picture.id, `v-${variant.id}`)
  t.ok(filesUnder(app.config.uploadDir).includes(variantPath))
  t.same(await app.media.sweeper.sweep(new Date(Date.now() + 60_000)), { temporary: 0, orphans: 1 })
  t.notOk(filesUnder(app.config.uploadDir).includes(variantPath))
  t.ok(filesUnder(app.config.uploadDir).includes(blobPath('files', user.picture.id, 'original')))
})

t.test('app.media.sweeper.purgeUser asks every feature: every file, variant and avatar of that user goes, rows and blobs, and nothing of another', async (t) => {
  const app = await build(t)
  const deleteUser = (userId: string) => async () => { await app.prisma.user.deleteMany({ where: { id: userId } }) }
  const alice = await populated(app)
  const bob = await populated(app)
  const aliceIds = [alice.text.id, alice.picture.id, avatarIdOf(alice.avatarUrl)]
  const bobIds = [bob.text.id, bob.picture.id, avatarIdOf(bob.avatarUrl)]
  const bobBlobs = blobsOf(app, bobIds)
  const bobUsage = await app.prisma.storageUsage.findUnique({ where: { userId: bob.user.id } })
  t.equal(blobsOf(app, aliceIds).length, 7)

  await app.media.sweeper.purgeUser(alice.user.id, deleteUser(alice.user.id))

  t.same(blobsOf(app, aliceIds), [], 'her blobs are gone from disk')
  t.equal(await app.prisma.file.count({ where: { userId: alice.user.id } }), 0)
  t.equal(await app.prisma.fileVariant.count({ where: { fileId: { in: [alice.text.id, alice.picture.id] } } }), 0)
  t.equal(await app.prisma.avatar.count({ where: { userId: alice.user.id } }), 0)
  t.equal(await app.prisma.storageUsage.count({ where: { userId: alice.user.id } }), 0)
  t.equal(await app.prisma.user.count({ where: { id: alice.user.id } }), 0)
  t.equal(await contentStatus(app, alice.accessToken, alice.picture), 401, 'her sessions went with her')
  t.equal((await app.inject({ method: 'GET', url: new URL(alice.avatarUrl).pathname })).statusCode, 404)

  t.same(blobsOf(app, bobIds), bobBlobs, 'his blobs stay')
  t.same(filesUnder(app.config.uploadDir).filter((path) => path.startsWith('blobs/')), bobBlobs, 'and nothing else is on disk')
  t.equal(await app.prisma.file.count({ where: { userId: bob.user.id } }), 2)
  t.equal(await app.prisma.fileVariant.count(), 1)
  t.same(await app.prisma.storageUsage.findUnique({ where: { userId: bob.user.id } }), bobUsage)
  t.equal(await contentStatus(app, bob.accessToken, bob.picture, '?w=10'), 200)
  t.equal((await app.inject({ method: 'GET', url: new URL(bob.avatarUrl).pathname })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(bob.accessToken) })).json().avatarUrl, bob.avatarUrl)

  await t.resolves(app.media.sweeper.purgeUser(alice.user.id, deleteUser(alice.user.id)), 'purging again is harmless')
  const carol = await signUp(app)
  await t.resolves(app.media.sweeper.purgeUser(carol.user.id, deleteUser(carol.user.id)), 'a user with nothing stored')

  const failing = await populated(app)
  const failingIds = [failing.text.id, failing.picture.id, avatarIdOf(failing.avatarUrl)]
  const before = blobsOf(app, failingIds)
  await t.rejects(app.media.sweeper.purgeUser(failing.user.id, async () => { throw new Error('the transaction failed') }))
  t.same(blobsOf(app, failingIds), before, 'rows that stay keep their blobs')
  t.equal(await contentStatus(app, failing.accessToken, failing.picture), 200)
  t.same(blobsOf(app, bobIds), bobBlobs)
})
