// The app on STORAGE_DRIVER=s3, against a real S3-protocol server (s3rver, started here): uploads,
// downloads, ranges, variants and avatars beside the originals, deletes, killed uploads (on both
// drivers), the orphan sweep (across ListObjectsV2 pages in test/storage/s3.test.ts, where the page
// size can be small), and a store that does not answer (503).
import { randomUUID } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { connect, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import type { Config } from '../../../src/config.js'
import type { FileObject, User } from '../../../src/schemas.js'
import { build } from '../../helpers/build.js'
import { filePart, filesUnder, multipart, png, uploadOk, upload } from '../../helpers/files.js'
import { assertProblem } from '../../helpers/platform.js'
import { freshBucket, objectKeys, s3Client, startS3rver } from '../../helpers/s3rver.js'
import { bearer, signUp } from '../../helpers/users.js'

const server = await startS3rver(t)
const client = s3Client(t, server)

/** An endpoint nobody listens on: connections are refused at once. */
const NOWHERE: Partial<Config> = { ...server.config, s3Endpoint: 'http://127.0.0.1:1' }

async function until (condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

async function setAvatar (app: FastifyInstance, token: string): Promise<string> {
  const body = multipart([filePart(await png(), 'me.png', 'image/png')])
  const response = await app.inject({ method: 'PUT', url: '/v1/me/avatar', headers: { ...body.headers, ...bearer(token) }, payload: body.payload })
  if (response.statusCode !== 200) throw new Error(`avatar upload failed: ${response.statusCode} ${response.body}`)
  return response.json<User>().avatarUrl as string
}

const content = async (app: FastifyInstance, token: string, file: FileObject, query = '', headers = {}) =>
  await app.inject({ method: 'GET', url: `/v1/files/${file.id}/content${query}`, headers: { ...bearer(token), ...headers } })

t.test('files and avatars live in the bucket: upload, download, ranges, variants, avatars, delete', async (t) => {
  const bucket = await freshBucket(client, server)
  const app = await build(t, { config: bucket.config })
  const { accessToken } = await signUp(app)
  const [text, picture] = await uploadOk(app, accessToken, [
    filePart('0123456789 stored in a bucket', 'notes.txt', 'text/plain'),
    filePart(await png(40, 40), 'photo.png', 'image/png')
  ])
  t.same(await objectKeys(client, bucket.bucket), [`files/${text.id}/original`, `files/${picture.id}/original`].sort())

  const whole = await content(app, accessToken, text)
  t.equal(whole.statusCode, 200)
  t.equal(whole.body, '0123456789 stored in a bucket')
  const range = await content(app, accessToken, text, '', { range: 'bytes=2-5' })
  t.equal(range.statusCode, 206)
  t.equal(range.headers['content-range'], `bytes 2-5/${text.size}`)
  t.equal(range.body, '2345')
  const first = await content(app, accessToken, text, '', { range: 'bytes=0-0' })
  t.equal(first.statusCode, 206)
  t.equal(first.headers['content-length'], '1')
  t.equal(first.body, '0', 'one byte, though s3rver sends the whole object for bytes=0-0')
  const suffix = await content(app, accessToken, text, '', { range: 'bytes=-6' })
  t.equal(suffix.body, 'bucket')

  // HEAD opens the object (it must exist) but reads none of it: Fastify would drain a body it discards.
  const head = await app.inject({ method: 'HEAD', url: `/v1/files/${text.id}/content`, headers: bearer(accessToken) })
  t.equal(head.statusCode, 200)
  t.equal(head.headers['content-length'], String(text.size))
  t.equal(head.body, '')
  const get = app.media.storage.get
  const opened: Readable[] = []
  app.media.storage.get = async (key, range) => {
    const stream = await get(key, range)
    if (stream !== null) opened.push(stream)
    return stream
  }
  t.equal((await app.inject({ method: 'HEAD', url: `/v1/files/${text.id}/content`, headers: bearer(accessToken) })).statusCode, 200)
  app.media.storage.get = get
  t.ok(opened.length === 1 && opened[0].destroyed && opened[0].readableEnded === false, 'the object stream is closed unread')

  const variant = await content(app, accessToken, picture, '?w=10')
  t.equal(variant.statusCode, 200)
  const pictureKeys = (await objectKeys(client, bucket.bucket)).filter((key) => key.startsWith(`files/${picture.id}/`))
  t.equal(pictureKeys.length, 2, 'the variant beside its original')
  t.ok(pictureKeys.some((key) => /\/v-[0-9a-f]+$/.test(key)))
  t.equal((await content(app, accessToken, picture, '?w=10')).statusCode, 200, 'served again from the bucket')
  t.equal(await app.prisma.fileVariant.count(), 1, 'rendered once')

  const avatarUrl = await setAvatar(app, accessToken)
  const avatarId = new URL(avatarUrl).pathname.split('/').pop() as string
  const avatarKeys = (await objectKeys(client, bucket.bucket)).filter((key) => key.startsWith('avatars/'))
  t.equal(avatarKeys.length, 4, 'every avatar size')
  t.ok(avatarKeys.every((key) => key.startsWith(`avatars/${avatarId}/`) && key.endsWith('.webp')), 'beside one another')
  const avatar = await app.inject({ method: 'GET', url: new URL(avatarUrl).pathname })
  t.equal(avatar.statusCode, 200)
  t.equal(avatar.headers['content-type'], 'image/webp')

  t.equal((await app.inject({ method: 'DELETE', url: `/v1/files/${picture.id}`, headers: bearer(accessToken) })).statusCode, 204)
  t.same((await objectKeys(client, bucket.bucket)).filter((key) => key.startsWith('files/')), [`files/${text.id}/original`],
    'the original and its variant go')
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/me/avatar', headers: bearer(accessToken) })).statusCode, 204)
  t.same((await objectKeys(client, bucket.bucket)).filter((key) => key.startsWith('avatars/')), [], 'the avatar sizes go')
  t.same(filesUnder(app.config.uploadDir), [], 'nothing kept on the node\'s disk')
})

for (const driver of ['local', 's3'] as const) {
  for (const kind of ['text', 'image'] as const) {
    t.test(`${driver}: a client that hangs up half-way through a ${kind} leaves no object and no row`, async (t) => {
      const bucket = await freshBucket(client, server)
      const app = await build(t, { config: driver === 's3' ? bucket.config : {} })
      const { accessToken } = await signUp(app)
      await app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = app.server.address() as AddressInfo
      const stored = async () => driver === 's3'
        ? await objectKeys(client, bucket.bucket)
        : filesUnder(app.config.uploadDir).filter((path) => path.startsWith('blobs/'))

      // 12 MiB: over two S3 parts, so the S3 upload is multipart when the client goes.
      const size = 12 * 1024 * 1024
      const big = kind === 'text'
        ? filePart('x'.repeat(size), 'big.txt', 'text/plain')
        : filePart(Buffer.concat([await png(64, 64), Buffer.alloc(size)]), 'big.png', 'image/png')
      const body = multipart([filePart('complete first part', 'first.txt', 'text/plain'), big])
      const socket = connect(port, '127.0.0.1')
      await new Promise((resolve) => socket.once('connect', resolve))
      socket.write([
        'POST /v1/files HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        `Authorization: Bearer ${accessToken}`,
        `Content-Type: ${body.headers['content-type']}`,
        `Content-Length: ${body.payload.length}`,
        '', ''
      ].join('\r\n'))
      socket.write(body.payload.subarray(0, Math.floor(body.payload.length * 0.75)))

      // The first part is stored before we hang up; the second is on its way.
      await until(async () => (await stored()).length > 0, 'the first part is stored')
      await new Promise((resolve) => setTimeout(resolve, 200))
      socket.destroy()

      await until(async () => (await stored()).length === 0, 'the first part is removed')
      await until(() => filesUnder(app.config.uploadDir).length === 0, 'no scratch or temporary file is left')
      t.same(await stored(), [], 'no object')
      t.equal(await app.prisma.file.count(), 0, 'no row')
      t.equal(await app.prisma.storageUsage.count({ where: { bytes: { gt: 0 } } }), 0, 'no quota used')
      if (driver === 's3' && kind === 'text') {
        // The text went straight to the bucket as a multipart upload: its parts stay in s3rver's own
        // folder (s3rver implements no AbortMultipartUpload, which the SDK sent); no object names them.
        const uploads = join(server.directory, bucket.bucket, '._S3rver_uploads')
        t.ok(existsSync(uploads) && readdirSync(uploads).length === 1, 'the client went during a multipart upload')
      }
    })
  }
}

t.test('the orphan sweep removes objects no row names and keeps the rest', async (t) => {
  const bucket = await freshBucket(client, server)
  const app = await build(t, { config: bucket.config })
  const { accessToken } = await signUp(app)
  const [kept] = await uploadOk(app, accessToken, [filePart('named by a row', 'kept.txt', 'text/plain')])
  const avatarUrl = await setAvatar(app, accessToken)
  const orphans = [
    `files/${randomUUID()}/original`,
    `files/${kept.id}/v-0123456789abcdef0123456789abcdef`, // a variant no row names, beside a kept file
    `avatars/${randomUUID()}/64.webp`
  ]
  for (const key of orphans) {
    await client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: key, Body: 'left by a crash' }))
  }
  const stranger = 'files/not-ours.txt'
  await client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: stranger, Body: 'not a key the server makes' }))
  const named = (await objectKeys(client, bucket.bucket)).filter((key) => !orphans.includes(key) && key !== stranger)
  t.equal(named.length, 1 + 4, 'the file and the avatar sizes')

  // S3 cannot backdate an object: a cut-off in the future makes every orphan old enough.
  const removed = await app.media.sweeper.sweep(new Date(Date.now() + 60_000))
  t.equal(removed.orphans, orphans.length)
  t.same(await objectKeys(client, bucket.bucket), [...named, stranger].sort(), 'the named objects and the stranger stay')
  t.equal((await content(app, accessToken, kept)).body, 'named by a row')
  t.equal((await app.inject({ method: 'GET', url: new URL(avatarUrl).pathname })).statusCode, 200)
  t.same(await app.media.sweeper.sweep(new Date(Date.now() + 60_000)), { temporary: 0, orphans: 0 }, 'nothing left to sweep')
})

t.test('a store that does not answer: uploads and downloads answer 503 service_unavailable, deletes still succeed', async (t) => {
  const bucket = await freshBucket(client, server)
  const up = await build(t, { config: bucket.config })
  const { accessToken } = await signUp(up)
  const [text] = await uploadOk(up, accessToken, [filePart('stored while the store was up', 'a.txt', 'text/plain')])
  const avatarUrl = await setAvatar(up, accessToken)
  await up.close()

  const logs: string[] = []
  const down = await build(t, {
    logs,
    config: { ...NOWHERE, s3Bucket: bucket.bucket, databaseUrl: up.config.databaseUrl, uploadDir: up.config.uploadDir }
  })
  const textUpload = await upload(down, accessToken, [filePart('new bytes', 'b.txt', 'text/plain')])
  const body = assertProblem(t, textUpload, 503, 'service_unavailable', 'a text upload')
  t.equal(body.detail, 'The file store is unavailable; try again shortly.')
  t.equal(textUpload.headers['retry-after'], '5')
  t.notMatch(textUpload.body, /ECONNREFUSED|stack|127\.0\.0\.1:1/, 'the cause stays in the log')
  assertProblem(t, await upload(down, accessToken, [filePart(await png(), 'c.png', 'image/png')]), 503, 'service_unavailable', 'an image upload')
  t.equal(await down.prisma.file.count(), 1, 'no row for the refused uploads')

  assertProblem(t, await content(down, accessToken, text), 503, 'service_unavailable', 'a download')
  assertProblem(t, await content(down, accessToken, text, '', { range: 'bytes=0-3' }), 503, 'service_unavailable', 'a range')
  assertProblem(t, await down.inject({ method: 'GET', url: new URL(avatarUrl).pathname }), 503, 'service_unavailable', 'an avatar')

  const deleted = await down.inject({ method: 'DELETE', url: `/v1/files/${text.id}`, headers: bearer(accessToken) })
  t.equal(deleted.statusCode, 204, 'the row goes; the object is left to the sweep')
  t.equal(await down.prisma.file.count(), 0)
  t.ok(logs.some((line) => line.includes('could not remove a deleted file')), 'and the leftover is logged')
})
