import t from 'tap'
import { build } from '../../helpers/build.js'
import { filePart, filesUnder, png, upload, uploadOk } from '../../helpers/files.js'
import { bearer, signUp } from '../../helpers/users.js'

const blobCount = (dir: string) => filesUnder(dir).filter((path) => path.startsWith('blobs/')).length

async function usage (app: Awaited<ReturnType<typeof build>>, userId: string): Promise<number> {
  return Number((await app.prisma.storageUsage.findUnique({ where: { userId } }))?.bytes ?? 0n)
}

t.test('UPLOAD_QUOTA_BYTES: filling the quota exactly is fine, one byte more is 413 quota_exceeded', async (t) => {
  const app = await build(t, { config: { uploadQuotaBytes: 10_000 } })
  const { accessToken, user } = await signUp(app)
  await uploadOk(app, accessToken, [filePart('a'.repeat(5000), 'a.txt'), filePart('b'.repeat(5000), 'b.txt')])
  t.equal(await usage(app, user.id), 10_000)
  const over = await upload(app, accessToken, [filePart('c', 'c.txt')])
  t.equal(over.statusCode, 413)
  t.equal(over.json().code, 'quota_exceeded')
  t.equal(blobCount(app.config.uploadDir), 2)
})

t.test('a request whose parts together pass the quota keeps none of them', async (t) => {
  const app = await build(t, { config: { uploadQuotaBytes: 10_000 } })
  const { accessToken, user } = await signUp(app)
  const response = await upload(app, accessToken, [filePart('a'.repeat(6000), 'a.txt'), filePart('b'.repeat(6000), 'b.txt')])
  t.equal(response.statusCode, 413)
  t.equal(response.json().code, 'quota_exceeded')
  t.equal(await app.prisma.file.count(), 0)
  t.equal(await usage(app, user.id), 0)
  t.same(filesUnder(app.config.uploadDir), [])
})

t.test('the quota counts stored bytes: a rewritten image is charged what it became (at least 4 KiB)', async (t) => {
  const app = await build(t, { config: { uploadQuotaBytes: 100_000 } })
  const { accessToken, user } = await signUp(app)
  const [file] = await uploadOk(app, accessToken, [filePart(await png(50, 50), 'p.png', 'image/png')])
  t.equal(await usage(app, user.id), Math.max(file.size, 4096))
})

t.test('parallel uploads race for the quota and never pass it together', async (t) => {
  const app = await build(t, { config: { uploadQuotaBytes: 40_000 } })
  const { accessToken, user } = await signUp(app)
  // Each alone fits; any four together do not.
  const responses = await Promise.all(Array.from({ length: 8 }, async (_, index) =>
    await upload(app, accessToken, [filePart(String(index).repeat(12_000), `${index}.txt`)])))
  const statuses = responses.map((response) => response.statusCode).sort()
  t.same(statuses, [201, 201, 201, 413, 413, 413, 413, 413])
  for (const response of responses.filter((response) => response.statusCode === 413)) t.equal(response.json().code, 'quota_exceeded')
  t.equal(await usage(app, user.id), 36_000)
  t.equal(await app.prisma.file.count(), 3)
  t.equal(blobCount(app.config.uploadDir), 3, 'the losers left no blobs')
})

t.test('quotas are per user, and deleting a file gives its bytes back', async (t) => {
  const app = await build(t, { config: { uploadQuotaBytes: 10_000 } })
  const alice = await signUp(app)
  const bob = await signUp(app)
  const [file] = await uploadOk(app, alice.accessToken, [filePart('a'.repeat(10_000), 'a.txt')])
  t.equal((await upload(app, bob.accessToken, [filePart('b'.repeat(10_000), 'b.txt')])).statusCode, 201, 'Bob has his own quota')
  t.equal((await upload(app, alice.accessToken, [filePart('x', 'x.txt')])).statusCode, 413)
  const deleted = await app.inject({ method: 'DELETE', url: `/v1/files/${file.id}`, headers: bearer(alice.accessToken) })
  t.equal(deleted.statusCode, 204)
  t.equal(await usage(app, alice.user.id), 0)
  t.equal((await upload(app, alice.accessToken, [filePart('a'.repeat(10_000), 'a.txt')])).statusCode, 201)
})

t.test('a streaming part is cut off as soon as it passes the quota left', async (t) => {
  const app = await build(t, { config: { uploadQuotaBytes: 1000, uploadMaxBytes: 1024 * 1024 } })
  const { accessToken } = await signUp(app)
  const response = await upload(app, accessToken, [filePart('a'.repeat(500_000), 'big.txt')])
  t.equal(response.statusCode, 413)
  t.equal(response.json().code, 'quota_exceeded')
  t.same(filesUnder(app.config.uploadDir), [])
})
