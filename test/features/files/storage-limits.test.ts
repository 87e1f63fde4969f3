// The limits on what a user keeps beyond the byte quota: the file count
// (UPLOAD_MAX_FILES_PER_USER), the volume's free-space floor (STORAGE_MIN_FREE_BYTES),
// variants charged or served unkept, GET /v1/me/storage, and the migration
// that recomputed everyone's usage.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { FastifyInstance } from 'fastify'
import sharp from 'sharp'
import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { migrationsDir } from '../../../src/db/migrate.js'
import { createFreeSpaceGuard, volumeFreeBytes } from '../../../src/media/free-space.js'
import { build, freshDatabase, freshSqliteDatabase, testConfig } from '../../helpers/build.js'
import { filePart, filesUnder, png, upload, uploadOk } from '../../helpers/files.js'
import { bearer, signUp } from '../../helpers/users.js'

async function usage (app: FastifyInstance, userId: string) {
  const row = await app.prisma.storageUsage.findUnique({ where: { userId } })
  return { bytes: Number(row?.bytes ?? 0n), files: row?.files ?? 0 }
}

const scene = { width: 16, height: 16, format: 'png', shapes: [] }
const saveImage = async (app: FastifyInstance, token: string) =>
  await app.inject({ method: 'POST', url: '/v1/images/files', headers: bearer(token), payload: scene })

/** Scratch files are removed when the response closes, a tick after inject resolves. */
async function scratchEmpties (app: FastifyInstance): Promise<boolean> {
  for (let tries = 0; tries < 50; tries++) {
    if (!filesUnder(app.config.uploadDir).some((path) => path.startsWith('scratch/'))) return true
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return false
}

t.test('UPLOAD_MAX_FILES_PER_USER: one file past it is 413 quota_exceeded with errors[0].code max_files', async (t) => {
  const app = await build(t, { config: { uploadMaxFilesPerUser: 3 } })
  const { accessToken, user } = await signUp(app)
  await uploadOk(app, accessToken, [filePart('a', 'a.txt'), filePart('b', 'b.txt')])
  const pair = await upload(app, accessToken, [filePart('c', 'c.txt'), filePart('d', 'd.txt')])
  t.equal(pair.statusCode, 413, 'two more would make four')
  t.equal(pair.json().code, 'quota_exceeded')
  t.equal(pair.json().errors[0].code, 'max_files')
  const [third] = await uploadOk(app, accessToken, [filePart('c', 'c.txt')])
  const early = await upload(app, accessToken, [filePart('d', 'd.txt')])
  t.equal(early.statusCode, 413, 'refused before the body is read')
  t.equal(early.json().errors[0].code, 'max_files')
  const saved = await saveImage(app, accessToken)
  t.equal(saved.statusCode, 413, 'a generated image counts as a file too')
  t.equal(saved.json().errors[0].code, 'max_files')
  t.same(await usage(app, user.id), { bytes: 3 * 4096, files: 3 })
  t.equal(filesUnder(app.config.uploadDir).filter((path) => path.startsWith('blobs/')).length, 3)
  await app.inject({ method: 'DELETE', url: `/v1/files/${third.id}`, headers: bearer(accessToken) })
  t.same(await usage(app, user.id), { bytes: 2 * 4096, files: 2 }, 'a delete gives the count back')
  t.equal((await upload(app, accessToken, [filePart('d', 'd.txt')])).statusCode, 201)
})

t.test('parallel uploads cannot pass the file count together', async (t) => {
  const app = await build(t, { config: { uploadMaxFilesPerUser: 3 } })
  const { accessToken, user } = await signUp(app)
  const responses = await Promise.all(Array.from({ length: 8 }, async (_, index) =>
    await upload(app, accessToken, [filePart(String(index), `${index}.txt`)])))
  t.same(responses.map((response) => response.statusCode).sort(), [201, 201, 201, 413, 413, 413, 413, 413])
  for (const response of responses.filter((response) => response.statusCode === 413)) {
    t.equal(response.json().errors[0].code, 'max_files')
  }
  t.same(await usage(app, user.id), { bytes: 3 * 4096, files: 3 })
  t.equal(await app.prisma.file.count(), 3)
})

t.test('STORAGE_MIN_FREE_BYTES: under the floor, uploads, generated images and new variants are 507', async (t) => {
  const file = await freshDatabase(t)
  const roomy = await buildApp({ config: testConfig(file, { storageMinFreeBytes: 0 }) })
  const { accessToken, user } = await signUp(roomy)
  const [image] = await uploadOk(roomy, accessToken, [filePart(await png(40, 40), 'p.png', 'image/png')])
  t.equal((await roomy.inject({ url: `/v1/files/${image.id}/content?w=20`, headers: bearer(accessToken) })).statusCode, 200)
  await roomy.close()

  // No disk has 2^52 bytes free: the floor is always above what is left.
  const full = await buildApp({ config: testConfig(file, { storageMinFreeBytes: 2 ** 52 }) })
  t.teardown(async () => { await full.close() })
  const refused = await upload(full, accessToken, [filePart('a', 'a.txt')])
  t.equal(refused.statusCode, 507)
  t.equal(refused.json().code, 'insufficient_storage')
  t.equal(refused.headers['retry-after'], '60')
  t.equal((await saveImage(full, accessToken)).json().code, 'insufficient_storage')
  const variant = await full.inject({ url: `/v1/files/${image.id}/content?w=10`, headers: bearer(accessToken) })
  t.equal(variant.statusCode, 507)
  t.equal(variant.json().code, 'insufficient_storage')
  t.equal((await full.inject({ url: `/v1/files/${image.id}/content?w=20`, headers: bearer(accessToken) })).statusCode, 200,
    'a variant already kept is still served')
  t.equal((await full.inject({ url: `/v1/files/${image.id}/content`, headers: bearer(accessToken) })).statusCode, 200)
  t.equal(await full.prisma.file.count(), 1)
  t.equal(await full.prisma.fileVariant.count(), 1)
  t.equal((await usage(full, user.id)).files, 1)
})

t.test('the free-space guard: both sides of the floor, one statfs a second', async (t) => {
  let free = 2000
  let calls = 0
  let clock = 0
  const guard = createFreeSpaceGuard({
    freeBytes: async () => { calls++; return free },
    minFreeBytes: 1000,
    now: () => clock
  })
  await guard.check()
  free = 999
  await guard.check()
  t.equal(calls, 1, 'the answer is reused within the second')
  clock = 1000
  await t.rejects(guard.check(), { code: 'insufficient_storage', statusCode: 507 })
  t.equal(calls, 2)
  free = 1000
  clock = 2000
  await Promise.all([guard.check(), guard.check(), guard.check()])
  t.equal(calls, 3, 'concurrent checks share one statfs')

  const off = createFreeSpaceGuard({ freeBytes: async () => { calls++; return 0 }, minFreeBytes: 0 })
  await off.check()
  t.equal(calls, 3, 'a floor of 0 never asks')

  const missing = join(t.testdirName, 'not', 'made', 'yet')
  t.ok(await volumeFreeBytes(missing)() > 0, 'a folder not made yet is measured on its volume')
})

t.test('a variant that would pass the owner\'s quota is served but not kept', async (t) => {
  const app = await build(t, { config: { uploadQuotaBytes: 4096 } })
  const { accessToken, user } = await signUp(app)
  const [file] = await uploadOk(app, accessToken, [filePart(await png(300, 200), 'p.png', 'image/png')])
  t.same(await usage(app, user.id), { bytes: 4096, files: 1 }, 'the quota is full')
  const url = `/v1/files/${file.id}/content?w=100&format=png`
  const first = await app.inject({ url, headers: bearer(accessToken) })
  t.equal(first.statusCode, 200)
  t.equal(first.headers['content-type'], 'image/png')
  t.equal((await sharp(first.rawPayload).metadata()).width, 100)
  t.equal(Number(first.headers['content-length']), first.rawPayload.length)
  t.equal(await app.prisma.fileVariant.count(), 0)
  t.same(await usage(app, user.id), { bytes: 4096, files: 1 })
  t.ok(await scratchEmpties(app), 'the rendered file is removed after the response')
  t.same(filesUnder(app.config.uploadDir).filter((path) => path.includes('/v-')), [], 'no variant blob')

  const ranged = await app.inject({ url, headers: { ...bearer(accessToken), range: 'bytes=0-9' } })
  t.equal(ranged.statusCode, 206)
  t.same(ranged.rawPayload, first.rawPayload.subarray(0, 10))
  const revalidated = await app.inject({ url, headers: { ...bearer(accessToken), 'if-none-match': first.headers.etag as string } })
  t.equal(revalidated.statusCode, 304, 'the same bytes have the same ETag')
  const concurrent = await Promise.all(Array.from({ length: 4 },
    async () => await app.inject({ url, headers: bearer(accessToken) })))
  for (const response of concurrent) t.same(response.rawPayload, first.rawPayload)
  t.ok(await scratchEmpties(app))
})

t.test('evicted variants give their charge back', async (t) => {
  const app = await build(t, { config: { variantMaxPerFile: 2 } })
  const { accessToken, user } = await signUp(app)
  const [file] = await uploadOk(app, accessToken, [filePart(await png(300, 200), 'p.png', 'image/png')])
  for (const width of [10, 20, 30]) {
    t.equal((await app.inject({ url: `/v1/files/${file.id}/content?w=${width}`, headers: bearer(accessToken) })).statusCode, 200)
  }
  const kept = await app.prisma.fileVariant.findMany({ where: { fileId: file.id } })
  t.equal(kept.length, 2)
  const charge = (size: number) => Math.max(size, 4096)
  t.equal((await usage(app, user.id)).bytes,
    charge(file.size) + kept.reduce((sum, variant) => sum + charge(variant.size), 0))
})

t.test('GET /v1/me/storage: usage against the limits', async (t) => {
  const app = await build(t, { config: { uploadQuotaBytes: 100_000, uploadMaxFilesPerUser: 50 } })
  const { accessToken } = await signUp(app)
  const storage = async () => await app.inject({ url: '/v1/me/storage', headers: bearer(accessToken) })
  const empty = await storage()
  t.equal(empty.statusCode, 200)
  t.same(empty.json(), { usedBytes: 0, quotaBytes: 100_000, files: 0, maxFiles: 50 })
  await uploadOk(app, accessToken, [filePart('x', 'x.txt'), filePart('y'.repeat(5000), 'y.txt')])
  t.same((await storage()).json(), { usedBytes: 4096 + 5000, quotaBytes: 100_000, files: 2, maxFiles: 50 })
  const anonymous = await app.inject({ url: '/v1/me/storage' })
  t.equal(anonymous.statusCode, 401)
})

t.test('the migration recomputes usage: variants count, each blob at least 4 KiB, files counted', async (t) => {
  // SQLite's own migration, run again by hand on the file.
  const file = await freshSqliteDatabase(t)
  const app = await buildApp({ config: testConfig(`file:${file}`) })
  const alice = await signUp(app)
  const bob = await signUp(app)
  const [tiny, large] = await uploadOk(app, alice.accessToken, [filePart('x', 'x.txt'), filePart('y'.repeat(10_000), 'y.txt')])
  const [image] = await uploadOk(app, alice.accessToken, [filePart(await png(300, 200), 'p.png', 'image/png')])
  await app.inject({ url: `/v1/files/${image.id}/content?w=10`, headers: bearer(alice.accessToken) })
  const variant = await app.prisma.fileVariant.findFirstOrThrow()
  // As the old code left them: one byte for the tiny file, nothing for the variant, no count.
  await app.prisma.storageUsage.update({
    where: { userId: alice.user.id }, data: { bytes: BigInt(tiny.size + large.size + image.size), files: 0 }
  })
  await app.prisma.storageUsage.create({ data: { userId: bob.user.id, bytes: 123n } })
  await app.close()

  const migration = readFileSync(join(migrationsDir, '20261204150842_storage_usage_files', 'migration.sql'), 'utf8')
  const db = new Database(file)
  t.teardown(() => db.close())
  db.exec(migration)
  const rows = db.prepare('SELECT "userId", "bytes", "files" FROM "StorageUsage" ORDER BY "bytes"').all()
  const charge = (size: number) => Math.max(size, 4096)
  t.same(rows, [
    { userId: bob.user.id, bytes: 0, files: 0 },
    { userId: alice.user.id, bytes: 4096 + 10_000 + charge(image.size) + charge(variant.size), files: 3 }
  ])
})
