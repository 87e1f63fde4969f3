import type { FastifyInstance } from 'fastify'
import sharp from 'sharp'
import t from 'tap'
import type { User } from '../../../src/schemas.js'
import { build } from '../../helpers/build.js'
import { filePart, filesUnder, jpeg, multipart, png, pngBomb, uploadOk, type Part } from '../../helpers/files.js'
import { assertProblem } from '../../helpers/platform.js'
import { bearer, signUp } from '../../helpers/users.js'

/** What avatarUrl is without an upload: the generated avatar, seeded by the user id. */
const GENERATED_AVATAR = /\/v1\/images\/avatar\/[0-9a-f-]{36}\.png$/

const SIZES = [64, 128, 256, 512]
const PDF = '%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'

async function putAvatar (app: FastifyInstance, token: string | undefined, parts: Part[]) {
  const body = multipart(parts)
  return await app.inject({
    method: 'PUT',
    url: '/v1/me/avatar',
    headers: { ...body.headers, ...(token === undefined ? {} : bearer(token)) },
    payload: body.payload
  })
}

async function putAvatarOk (app: FastifyInstance, token: string, image: Buffer, contentType = 'image/png'): Promise<User> {
  const response = await putAvatar(app, token, [filePart(image, 'me.png', contentType)])
  if (response.statusCode !== 200) throw new Error(`avatar upload failed: ${response.statusCode} ${response.body}`)
  return response.json<User>()
}

/** The avatar at its public address, as an `<img>` would load it: no Authorization header. */
async function load (app: FastifyInstance, avatarUrl: string, query = '') {
  return await app.inject({ method: 'GET', url: `${new URL(avatarUrl).pathname}${query}` })
}

const avatarBlobs = (app: FastifyInstance) => filesUnder(app.config.uploadDir).filter((path) => path.startsWith('blobs/avatars/'))
const avatarId = (avatarUrl: string) => new URL(avatarUrl).pathname.split('/').pop() as string

async function me (app: FastifyInstance, token: string): Promise<User> {
  return (await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(token) })).json<User>()
}

t.test('PUT /v1/me/avatar answers the user with an absolute avatarUrl that loads without a token', async (t) => {
  const app = await build(t)
  const { accessToken, user } = await signUp(app)
  t.equal(user.avatarUrl, `${app.config.publicUrl}/v1/images/avatar/${user.id}.png`, 'no upload at sign-up: a generated avatar seeded by the id')
  const updated = await putAvatarOk(app, accessToken, await png(40, 30))
  t.equal(updated.id, user.id)
  t.equal(updated.username, user.username)
  t.match(updated.avatarUrl, new RegExp(`^${app.config.publicUrl}/v1/avatars/[0-9a-f-]{36}$`), 'absolute, under the public URL')

  const response = await load(app, updated.avatarUrl as string)
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^image\//)
  t.equal(response.headers['content-type'], 'image/webp')
  t.equal(response.headers['cache-control'], 'public, max-age=86400', 'a day: a deleted avatar leaves caches soon')
  t.equal(response.headers['content-length'], String(response.rawPayload.length))
  const metadata = await sharp(response.rawPayload).metadata()
  t.equal(metadata.format, 'webp')
  t.equal(metadata.width, 256, 'the default size')
  t.equal(metadata.height, 256, 'square')

  for (const size of SIZES) {
    const sized = await load(app, updated.avatarUrl as string, `?size=${size}`)
    t.equal(sized.statusCode, 200, `size ${size}`)
    const { width, height } = await sharp(sized.rawPayload).metadata()
    t.same([width, height], [size, size], `size ${size} is ${size}×${size}`)
  }
  assertProblem(t, await load(app, updated.avatarUrl as string, '?size=100'), 400, 'validation_failed', 'a size that is not stored')
})

t.test('every stored variant is a square WebP under the avatar\'s id', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const { avatarUrl } = await putAvatarOk(app, accessToken, await jpeg(90, 20), 'image/jpeg')
  const id = avatarId(avatarUrl as string)
  const blobs = avatarBlobs(app)
  t.same(blobs.map((path) => path.split('/').slice(-2).join('/')).sort(), SIZES.map((size) => `${id}/${size}.webp`).sort())
  for (const path of blobs) {
    const { format, width, height } = await sharp(`${app.config.uploadDir}/${path}`).metadata()
    const size = Number(path.split('/').pop()?.replace('.webp', ''))
    t.same({ format, width, height }, { format: 'webp', width: size, height: size }, path)
  }
  t.same(filesUnder(app.config.uploadDir).filter((path) => !path.startsWith('blobs/')), [], 'no scratch or temporary file left')
})

t.test('a second upload replaces the avatar: the old URL is 404 and its blobs are gone', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const first = (await putAvatarOk(app, accessToken, await png(20, 20, '#ff0000'))).avatarUrl as string
  const firstBlobs = avatarBlobs(app)
  t.equal(firstBlobs.length, SIZES.length)
  const second = (await putAvatarOk(app, accessToken, await png(20, 20, '#0000ff'))).avatarUrl as string
  t.not(second, first, 'a new URL')
  t.match((await load(app, second)).statusCode, 200)
  for (const size of SIZES) assertProblem(t, await load(app, first, `?size=${size}`), 404, 'not_found', `old avatar at ${size}`)
  t.equal((await me(app, accessToken)).avatarUrl, second)
  const blobs = avatarBlobs(app)
  t.equal(blobs.length, SIZES.length)
  t.ok(blobs.every((path) => path.includes(avatarId(second))), 'only the new avatar\'s blobs')
  t.ok(firstBlobs.every((path) => !blobs.includes(path)), 'the old blobs are gone from disk')
  t.equal(await app.prisma.avatar.count(), 1)
})

t.test('DELETE /v1/me/avatar: 204, avatarUrl falls back to the generated one, the old URL is 404 and the blobs are gone', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const { avatarUrl } = await putAvatarOk(app, accessToken, await png())
  const response = await app.inject({ method: 'DELETE', url: '/v1/me/avatar', headers: bearer(accessToken) })
  t.equal(response.statusCode, 204)
  t.equal(response.body, '')
  t.match((await me(app, accessToken)).avatarUrl, GENERATED_AVATAR)
  assertProblem(t, await load(app, avatarUrl as string), 404, 'not_found', 'the deleted avatar')
  t.same(avatarBlobs(app), [])
  t.equal(await app.prisma.avatar.count(), 0)
})

t.test('DELETE with no avatar is 204 too, and changes nothing', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const response = await app.inject({ method: 'DELETE', url: '/v1/me/avatar', headers: bearer(accessToken) })
  t.equal(response.statusCode, 204)
  t.match((await me(app, accessToken)).avatarUrl, GENERATED_AVATAR)
  const again = await app.inject({ method: 'DELETE', url: '/v1/me/avatar', headers: bearer(accessToken) })
  t.equal(again.statusCode, 204, 'and again')
})

t.test('anything but an image is 415 unsupported_media_type and leaves nothing behind', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const cases: Array<[string, Part]> = [
    ['text', filePart('just some words', 'me.txt', 'text/plain')],
    ['text declared as an image', filePart('just some words', 'me.png', 'image/png')],
    ['pdf', filePart(PDF, 'me.pdf', 'application/pdf')],
    ['pdf without a declared type', filePart(PDF, 'me.pdf', undefined)],
    ['svg', filePart('<svg xmlns="http://www.w3.org/2000/svg"></svg>', 'me.svg', 'image/svg+xml')]
  ]
  for (const [label, part] of cases) {
    assertProblem(t, await putAvatar(app, accessToken, [part]), 415, 'unsupported_media_type', label)
  }
  t.match((await me(app, accessToken)).avatarUrl, GENERATED_AVATAR)
  t.same(filesUnder(app.config.uploadDir), [])
})

t.test('bytes that start like an image but do not decode are 422 invalid_image', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const broken = Buffer.concat([(await png()).subarray(0, 60), Buffer.from('<html>not really a picture</html>')])
  assertProblem(t, await putAvatar(app, accessToken, [filePart(broken, 'me.png', 'image/png')]), 422, 'invalid_image')
  t.same(filesUnder(app.config.uploadDir), [])
})

t.test('a PNG bomb is 422 image_too_large and leaves nothing behind', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const response = await putAvatar(app, accessToken, [filePart(await pngBomb(30000, 30000), 'bomb.png', 'image/png')])
  assertProblem(t, response, 422, 'image_too_large')
  t.match((await me(app, accessToken)).avatarUrl, GENERATED_AVATAR)
  t.same(filesUnder(app.config.uploadDir), [])
})

t.test('UPLOAD_MAX_BYTES applies to avatars: 413 file_too_large', async (t) => {
  const image = await png(64, 64)
  const app = await build(t, { config: { uploadMaxBytes: image.length - 1 } })
  const { accessToken } = await signUp(app)
  assertProblem(t, await putAvatar(app, accessToken, [filePart(image, 'me.png', 'image/png')]), 413, 'file_too_large')
  t.same(filesUnder(app.config.uploadDir), [])
})

t.test('a request without the file part is 400', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const body = multipart([])
  const empty = await app.inject({ method: 'PUT', url: '/v1/me/avatar', headers: { ...body.headers, ...bearer(accessToken) }, payload: body.payload })
  assertProblem(t, empty, 400, 'missing_file', 'no parts at all')
  const misnamed = assertProblem(t, await putAvatar(app, accessToken, [{ ...filePart(await png(), 'me.png', 'image/png'), name: 'avatar' }]), 400, 'validation_failed', 'a file under another name')
  t.same(misnamed.errors?.map((error) => error.path), ['/avatar'])
  assertProblem(t, await putAvatar(app, accessToken, [{ name: 'note', content: 'hello' }]), 400, 'validation_failed', 'a field instead of a file')
  assertProblem(t, await putAvatar(app, accessToken, [filePart('', 'me.png', 'image/png')]), 400, 'empty_file')
  const json = await app.inject({ method: 'PUT', url: '/v1/me/avatar', headers: bearer(accessToken), payload: { file: 'x' } })
  assertProblem(t, json, 415, 'unsupported_media_type', 'not multipart at all')
  t.same(filesUnder(app.config.uploadDir), [])
})

t.test('two file parts are 413 too_many_files, and the current avatar is kept', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const { avatarUrl } = await putAvatarOk(app, accessToken, await png())
  const before = avatarBlobs(app)
  const response = await putAvatar(app, accessToken, [
    filePart(await png(10, 10, '#00ff00'), 'a.png', 'image/png'),
    filePart(await png(10, 10, '#0000ff'), 'b.png', 'image/png')
  ])
  assertProblem(t, response, 413, 'too_many_files')
  t.match((await me(app, accessToken)).avatarUrl, avatarUrl, 'avatarUrl unchanged')
  t.equal((await load(app, avatarUrl as string)).statusCode, 200, 'the current avatar still loads')
  t.same(avatarBlobs(app), before, 'the refused upload left no blobs')
  t.same(filesUnder(app.config.uploadDir).filter((path) => !path.startsWith('blobs/')), [])
})

t.test('a refused upload keeps the current avatar', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const { avatarUrl } = await putAvatarOk(app, accessToken, await png())
  assertProblem(t, await putAvatar(app, accessToken, [filePart('words', 'me.txt', 'text/plain')]), 415, 'unsupported_media_type')
  t.equal((await me(app, accessToken)).avatarUrl, avatarUrl)
  t.equal((await load(app, avatarUrl as string)).statusCode, 200)
  t.equal(avatarBlobs(app).length, SIZES.length)
})

t.test('without a token both routes are 401 and the avatar stays', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const { avatarUrl } = await putAvatarOk(app, accessToken, await png())
  assertProblem(t, await putAvatar(app, undefined, [filePart(await png(), 'me.png', 'image/png')]), 401, 'unauthorized', 'PUT')
  assertProblem(t, await app.inject({ method: 'DELETE', url: '/v1/me/avatar' }), 401, 'unauthorized', 'DELETE')
  assertProblem(t, await putAvatar(app, 'not-a-token', [filePart(await png(), 'me.png', 'image/png')]), 401, 'invalid_token', 'a bad token')
  t.equal((await me(app, accessToken)).avatarUrl, avatarUrl)
  t.equal(avatarBlobs(app).length, SIZES.length)
})

t.test('GET /v1/me and the public profile show the same avatarUrl', async (t) => {
  const app = await build(t)
  const { accessToken, user } = await signUp(app)
  const { avatarUrl } = await putAvatarOk(app, accessToken, await png())
  t.equal((await me(app, accessToken)).avatarUrl, avatarUrl)
  const profile = await app.inject({ method: 'GET', url: `/v1/users/${user.username}` })
  t.equal(profile.statusCode, 200)
  t.equal(profile.json().avatarUrl, avatarUrl)
  await app.inject({ method: 'DELETE', url: '/v1/me/avatar', headers: bearer(accessToken) })
  t.match((await app.inject({ method: 'GET', url: `/v1/users/${user.username}` })).json().avatarUrl, GENERATED_AVATAR)
})

t.test('one user\'s avatar does not touch another\'s', async (t) => {
  const app = await build(t)
  const alice = await signUp(app)
  const bob = await signUp(app)
  const aliceUrl = (await putAvatarOk(app, alice.accessToken, await png())).avatarUrl as string
  const bobUrl = (await putAvatarOk(app, bob.accessToken, await png())).avatarUrl as string
  t.not(aliceUrl, bobUrl)
  await app.inject({ method: 'DELETE', url: '/v1/me/avatar', headers: bearer(bob.accessToken) })
  t.equal((await load(app, aliceUrl)).statusCode, 200)
  t.equal((await me(app, alice.accessToken)).avatarUrl, aliceUrl)
  t.equal(avatarBlobs(app).length, SIZES.length)
})

t.test('avatars are not listed with the files and do not count against the quota', async (t) => {
  // Noise does not compress: the image alone is over a quota that holds one small file (charged 4 KiB).
  const noise = { type: 'gaussian' as const, mean: 128, sigma: 40 }
  const image = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080', noise } }).png().toBuffer()
  const app = await build(t, { config: { uploadQuotaBytes: 4096 } })
  t.ok(image.length > 4096, 'the image alone is over the quota')
  const { accessToken, user } = await signUp(app)
  await putAvatarOk(app, accessToken, image)
  const list = await app.inject({ method: 'GET', url: '/v1/files', headers: bearer(accessToken) })
  t.equal(list.statusCode, 200)
  t.same(list.json().items, [])
  t.equal(await app.prisma.file.count(), 0)
  t.equal(Number((await app.prisma.storageUsage.findUnique({ where: { userId: user.id } }))?.bytes ?? 0n), 0, 'no bytes charged')
  const [file] = await uploadOk(app, accessToken, [filePart('x'.repeat(100), 'full.txt', 'text/plain')])
  t.equal(file.size, 100, 'the whole quota is still there')
  await putAvatarOk(app, accessToken, image)
  t.equal((await app.inject({ method: 'GET', url: '/v1/files', headers: bearer(accessToken) })).json().items.length, 1, 'a full quota does not stop a new avatar')
})

t.test('concurrent uploads end with one avatar: the URL the user shows, and only its blobs', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const colours = ['#ff0000', '#00ff00', '#0000ff', '#ffff00']
  const responses = await Promise.all(colours.map(async (colour) => await putAvatar(app, accessToken, [filePart(await png(16, 16, colour), 'me.png', 'image/png')])))
  t.same(responses.map((response) => response.statusCode), [200, 200, 200, 200])
  const { avatarUrl } = await me(app, accessToken)
  t.ok(responses.some((response) => response.json<User>().avatarUrl === avatarUrl), 'one of the answers is the current avatar')
  t.equal(await app.prisma.avatar.count(), 1)
  t.equal((await app.prisma.avatar.findFirst())?.id, avatarId(avatarUrl as string))
  t.equal((await load(app, avatarUrl as string)).statusCode, 200)
  for (const response of responses) {
    const url = response.json<User>().avatarUrl as string
    if (url !== avatarUrl) t.equal((await load(app, url)).statusCode, 404, 'a replaced one is 404')
  }
  const blobs = avatarBlobs(app)
  t.equal(blobs.length, SIZES.length)
  t.ok(blobs.every((path) => path.includes(avatarId(avatarUrl as string))), 'no blobs of the replaced avatars')
})

t.test('the avatar keeps no EXIF metadata (GPS lives there)', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const tagged = await sharp({ create: { width: 30, height: 30, channels: 3, background: '#808080' } })
    .jpeg().withExifMerge({ IFD0: { Copyright: 'secret place' } }).toBuffer()
  t.ok((await sharp(tagged).metadata()).exif !== undefined, 'the upload carries EXIF')
  const { avatarUrl } = await putAvatarOk(app, accessToken, tagged, 'image/jpeg')
  for (const size of SIZES) {
    const metadata = await sharp((await load(app, avatarUrl as string, `?size=${size}`)).rawPayload).metadata()
    t.equal(metadata.exif, undefined, `no EXIF at ${size}`)
  }
})

t.test('avatars answer conditional and range requests', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const { avatarUrl } = await putAvatarOk(app, accessToken, await png())
  const full = await load(app, avatarUrl as string, '?size=64')
  const etag = full.headers.etag as string
  t.match(etag, /^"[0-9a-f-]{36}-64"$/)
  const cached = await app.inject({ method: 'GET', url: `${new URL(avatarUrl as string).pathname}?size=64`, headers: { 'if-none-match': etag } })
  t.equal(cached.statusCode, 304)
  t.equal(cached.body, '')
  const range = await app.inject({ method: 'GET', url: `${new URL(avatarUrl as string).pathname}?size=64`, headers: { range: 'bytes=0-9' } })
  t.equal(range.statusCode, 206)
  t.same(range.rawPayload, full.rawPayload.subarray(0, 10))
  t.equal(range.headers['content-range'], `bytes 0-9/${full.rawPayload.length}`)
})

t.test('regression: a failure to remove the replaced avatar\'s blobs does not take the new avatar with it', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const first = (await putAvatarOk(app, accessToken, await png(20, 20, '#ff0000'))).avatarUrl as string
  const storage = app.media.storage
  const deletePrefix = storage.deletePrefix
  // The disk refuses to remove the old avatar (a busy or read-only directory), once, after the new one is committed.
  storage.deletePrefix = async (prefix) => {
    if (prefix === `avatars/${avatarId(first)}/`) throw Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' })
    await deletePrefix(prefix)
  }
  t.teardown(() => { storage.deletePrefix = deletePrefix })
  const response = await putAvatar(app, accessToken, [filePart(await png(20, 20, '#0000ff'), 'me.png', 'image/png')])
  storage.deletePrefix = deletePrefix

  const current = (await me(app, accessToken)).avatarUrl as string
  t.not(current, first, 'the new avatar was committed')
  t.equal((await load(app, current)).statusCode, 200, 'the avatar the user shows loads')
  t.equal(avatarBlobs(app).filter((path) => path.includes(avatarId(current))).length, SIZES.length, 'with all its sizes')
  t.equal(response.statusCode, 200, 'the upload succeeded; the old blobs are the sweep\'s to remove')
  t.equal(response.json<User>().avatarUrl, current)
  assertProblem(t, await load(app, first), 404, 'not_found', 'the replaced avatar')
  t.same(await app.media.sweeper.sweep(new Date(Date.now() + 60_000)), { temporary: 0, orphans: SIZES.length }, 'its blobs are orphans')
  t.same(avatarBlobs(app).filter((path) => path.includes(avatarId(first))), [])
})

t.test('regression: a failure to remove the deleted avatar\'s blobs after the row is gone is not a 500', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const { avatarUrl } = await putAvatarOk(app, accessToken, await png())
  const storage = app.media.storage
  const deletePrefix = storage.deletePrefix
  storage.deletePrefix = async () => { throw Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' }) }
  t.teardown(() => { storage.deletePrefix = deletePrefix })
  const response = await app.inject({ method: 'DELETE', url: '/v1/me/avatar', headers: bearer(accessToken) })
  storage.deletePrefix = deletePrefix

  t.match((await me(app, accessToken)).avatarUrl, GENERATED_AVATAR, 'the avatar was removed')
  assertProblem(t, await load(app, avatarUrl as string), 404, 'not_found', 'the old URL')
  t.equal(response.statusCode, 204, 'so the answer says so; the blobs are the sweep\'s to remove')
  t.same(await app.media.sweeper.sweep(new Date(Date.now() + 60_000)), { temporary: 0, orphans: SIZES.length })
  t.same(avatarBlobs(app), [])
})
