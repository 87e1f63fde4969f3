// Image variants (?w=&h=&fit=&format=&q=): sizes, formats, the cache on disk,
// validation, access, and the render pool that bounds the work.
import { basename } from 'node:path'
import type { FastifyInstance } from 'fastify'
import sharp from 'sharp'
import t, { type Test } from 'tap'
import { buildApp } from '../../../src/app.js'
import { createRenderPool, renderPoolLimits, userClient } from '../../../src/media/render-pool.js'
import { build } from '../../helpers/build.js'
import { filePart, filesUnder, jpeg, sha256, uploadOk } from '../../helpers/files.js'
import { bearer, signUp } from '../../helpers/users.js'

type Rgb = [number, number, number]

/** 40×20: the left half red, the right half blue, so a crop shows where it was taken. */
async function halves (): Promise<Buffer> {
  const left = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#ff0000' } }).png().toBuffer()
  return await sharp({ create: { width: 40, height: 20, channels: 3, background: '#0000ff' } })
    .composite([{ input: left, left: 0, top: 0 }]).png().toBuffer()
}

/** A deterministic noisy image: lossy encoders cannot make it small at high quality. */
async function noise (width = 64, height = 64): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3)
  let seed = 12345
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648
    pixels[i] = seed >> 16
  }
  return await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer()
}

async function decode (bytes: Buffer) {
  const metadata = await sharp(bytes).metadata()
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const pixel = (x: number, y: number): Rgb => {
    const at = (y * info.width + x) * info.channels
    return [data[at], data[at + 1], data[at + 2]]
  }
  return { metadata, width: info.width, height: info.height, pixel }
}

/** Within a few levels of each channel: resampling and lossy encoders blur a little. */
function near (t: Test, actual: Rgb, expected: Rgb, message: string, tolerance = 24) {
  t.ok(actual.every((value, i) => Math.abs(value - expected[i]) <= tolerance), `${message}: ${actual.join(',')} ≈ ${expected.join(',')}`)
}

const RED: Rgb = [255, 0, 0]
const BLUE: Rgb = [0, 0, 255]
const BLACK: Rgb = [0, 0, 0]
const WHITE: Rgb = [255, 255, 255]

/** Variant blobs (`v-<id>`) of one file on disk. */
const variantBlobs = (app: FastifyInstance, fileId: string) =>
  filesUnder(app.config.uploadDir).filter((path) => path.includes(fileId) && basename(path).startsWith('v-'))

const variantRows = async (app: FastifyInstance, fileId: string) =>
  await app.prisma.fileVariant.findMany({ where: { fileId } })

async function setup (t: Test, config: Parameters<typeof build>[1] = {}) {
  const app = await build(t, config)
  const { accessToken } = await signUp(app)
  const [picture, text, photo] = await uploadOk(app, accessToken, [
    filePart(await halves(), 'halves.png', 'image/png'),
    filePart('just some text', 'notes.txt', 'text/plain'),
    filePart(await jpeg(32, 24), 'photo.jpg', 'image/jpeg')
  ])
  const get = async (id: string, query: string, headers: Record<string, string> = {}) =>
    await app.inject({ method: 'GET', url: `/v1/files/${id}/content?${query}`, headers: { ...bearer(accessToken), ...headers } })
  return { app, accessToken, picture, text, photo, get }
}

function isValidationProblem (t: Test, response: Awaited<ReturnType<FastifyInstance['inject']>>, message: string) {
  t.equal(response.statusCode, 400, `${message}: 400`)
  t.match(response.headers['content-type'], /^application\/problem\+json/, `${message}: problem+json`)
  t.equal(response.json().code, 'validation_failed', `${message}: validation_failed`)
}

t.test('fit: cover fills the box and crops the middle, contain letterboxes, inside fits within', async (t) => {
  const { picture, get } = await setup(t)

  const cover = await get(picture.id, 'w=20&h=20&fit=cover')
  t.equal(cover.statusCode, 200)
  const covered = await decode(cover.rawPayload)
  t.same([covered.width, covered.height], [20, 20])
  near(t, covered.pixel(3, 10), RED, 'cover keeps the middle: red on the left')
  near(t, covered.pixel(16, 10), BLUE, 'cover keeps the middle: blue on the right')
  near(t, covered.pixel(3, 0), RED, 'cover has no bars: the top row is image')

  const contained = await decode((await get(picture.id, 'w=20&h=20&fit=contain')).rawPayload)
  t.same([contained.width, contained.height], [20, 20], 'contain gives the whole box')
  near(t, contained.pixel(3, 1), BLACK, 'a bar above the image')
  near(t, contained.pixel(3, 18), BLACK, 'a bar below the image')
  near(t, contained.pixel(2, 10), RED, 'the whole width is kept: red')
  near(t, contained.pixel(17, 10), BLUE, 'the whole width is kept: blue')

  const inside = await decode((await get(picture.id, 'w=20&h=20&fit=inside')).rawPayload)
  t.same([inside.width, inside.height], [20, 10], 'inside keeps the aspect ratio within the box')
  near(t, inside.pixel(2, 5), RED, 'inside: red')
  near(t, inside.pixel(17, 5), BLUE, 'inside: blue')

  const byDefault = await get(picture.id, 'w=20&h=20')
  t.same(byDefault.rawPayload, cover.rawPayload, 'fit defaults to cover')
})

t.test('one dimension keeps the aspect ratio', async (t) => {
  const { picture, get } = await setup(t)
  const wide = await decode((await get(picture.id, 'w=20')).rawPayload)
  t.same([wide.width, wide.height], [20, 10])
  const high = await decode((await get(picture.id, 'h=5')).rawPayload)
  t.same([high.width, high.height], [10, 5])
})

t.test('never upscaled: asking for more than the original gives the original size', async (t) => {
  const { picture, get } = await setup(t)
  for (const query of ['w=80', 'h=2048', 'w=2048&h=2048', 'w=80&fit=inside', 'w=80&h=80&fit=inside', 'w=80&h=80&fit=cover']) {
    const response = await get(picture.id, query)
    t.equal(response.statusCode, 200, query)
    const image = await decode(response.rawPayload)
    t.same([image.width, image.height], [40, 20], `${query}: 40×20, as uploaded`)
  }
  const cropped = await decode((await get(picture.id, 'w=80&h=10&fit=cover')).rawPayload)
  t.same([cropped.width, cropped.height], [40, 10], 'a crop is not widened to the asked width')
})

// Bug: sharp's withoutEnlargement keeps the image at its size but `contain`
// still pads it out to the asked box, so a 40×20 image asked at w=80 comes
// back 80×20 with black bars (and at w=h=2048, 2048×2048 of mostly black).
t.test('never upscaled with fit=contain either: the box is no larger than the original', async (t) => {
  const { picture, get } = await setup(t)
  for (const query of ['w=80&fit=contain', 'h=40&fit=contain', 'w=80&h=80&fit=contain', 'w=2048&h=2048&fit=contain']) {
    const response = await get(picture.id, query)
    t.equal(response.statusCode, 200, query)
    const image = await decode(response.rawPayload)
    t.same([image.width, image.height], [40, 20], `${query}: 40×20, as uploaded`)
    near(t, image.pixel(0, 0), RED, `${query}: no bars, the corner is image`)
  }
  const boxed = await decode((await get(picture.id, 'w=80&h=10&fit=contain')).rawPayload)
  t.ok(boxed.width <= 40 && boxed.height <= 10, `a box wider than the image is narrowed to it (${boxed.width}×${boxed.height})`)
})

t.test('formats: webp, avif, png and jpeg with their Content-Type; the default is the original\'s', async (t) => {
  const { picture, photo, get } = await setup(t)
  const cases: Array<[string, string, string, string]> = [
    ['webp', 'image/webp', 'webp', 'halves.webp'],
    ['avif', 'image/avif', 'heif', 'halves.avif'],
    ['png', 'image/png', 'png', 'halves.png'],
    ['jpeg', 'image/jpeg', 'jpeg', 'halves.jpg']
  ]
  for (const [format, contentType, decoder, filename] of cases) {
    const response = await get(picture.id, `w=20&format=${format}`)
    t.equal(response.statusCode, 200, format)
    t.equal(response.headers['content-type'], contentType, `${format}: Content-Type`)
    t.equal(response.headers['content-length'], String(response.rawPayload.length), `${format}: Content-Length`)
    t.equal(response.headers.etag, `"${sha256(response.rawPayload)}"`, `${format}: the ETag is the variant's own hash`)
    t.match(response.headers['content-disposition'], new RegExp(`^inline; filename="${filename.replace('.', '\\.')}"`), `${format}: named for its format`)
    const image = await decode(response.rawPayload)
    t.equal(image.metadata.format, decoder, `${format}: the bytes are ${format}`)
    t.same([image.width, image.height], [20, 10], `${format}: resized too`)
    near(t, image.pixel(2, 5), RED, `${format}: red`, 40)
    near(t, image.pixel(17, 5), BLUE, `${format}: blue`, 40)
  }

  const pngDefault = await get(picture.id, 'w=20')
  t.equal(pngDefault.headers['content-type'], 'image/png', 'a PNG stays PNG')
  t.equal((await sharp(pngDefault.rawPayload).metadata()).format, 'png')
  const jpegDefault = await get(photo.id, 'w=16')
  t.equal(jpegDefault.headers['content-type'], 'image/jpeg', 'a JPEG stays JPEG')
  const jpegImage = await decode(jpegDefault.rawPayload)
  t.equal(jpegImage.metadata.format, 'jpeg')
  t.same([jpegImage.width, jpegImage.height], [16, 12])
})

t.test('a transparent PNG becomes JPEG on white, and stays transparent as WebP', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const clear = await sharp({
    create: { width: 16, height: 16, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } }
  }).png().toBuffer()
  const [file] = await uploadOk(app, accessToken, [filePart(clear, 'clear.png', 'image/png')])
  const get = async (query: string) => await app.inject({ url: `/v1/files/${file.id}/content?${query}`, headers: bearer(accessToken) })
  const asJpeg = await decode((await get('format=jpeg')).rawPayload)
  near(t, asJpeg.pixel(8, 8), WHITE, 'flattened on white, not black', 8)
  const asWebp = await get('format=webp')
  t.equal((await sharp(asWebp.rawPayload).metadata()).hasAlpha, true, 'WebP keeps the alpha channel')
})

t.test('q sets the quality of lossy formats; 1 and 100 are the bounds', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const [file] = await uploadOk(app, accessToken, [filePart(await noise(), 'noise.png', 'image/png')])
  const get = async (query: string) => await app.inject({ url: `/v1/files/${file.id}/content?${query}`, headers: bearer(accessToken) })
  for (const format of ['jpeg', 'webp']) {
    const low = await get(`format=${format}&q=1`)
    const high = await get(`format=${format}&q=100`)
    t.equal(low.statusCode, 200, `${format} q=1`)
    t.equal(high.statusCode, 200, `${format} q=100`)
    t.ok(low.rawPayload.length < high.rawPayload.length, `${format}: q=1 (${low.rawPayload.length} B) is smaller than q=100 (${high.rawPayload.length} B)`)
    t.not(low.headers.etag, high.headers.etag, `${format}: two variants`)
  }
})

t.test('a variant is rendered once and then served from the cache on disk', async (t) => {
  const { app, picture, get } = await setup(t)
  let renders = 0
  const pool = app.media.renderPool
  const run = pool.run
  // The variant service holds this same pool object, so counting here counts its renders.
  pool.run = async (client, job) => { renders++; return await run(client, job) }

  const first = await get(picture.id, 'w=20&format=webp')
  t.equal(first.statusCode, 200)
  const second = await get(picture.id, 'w=20&format=webp')
  t.equal(second.statusCode, 200)
  t.equal(second.headers.etag, first.headers.etag, 'the same ETag')
  t.same(second.rawPayload, first.rawPayload, 'the same bytes')
  t.equal(renders, 1, 'rendered once')
  const rows = await variantRows(app, picture.id)
  t.equal(rows.length, 1, 'one variant row')
  t.equal(rows[0].contentType, 'image/webp')
  t.equal(`"${rows[0].sha256}"`, first.headers.etag)
  t.equal(rows[0].size, first.rawPayload.length)
  t.equal(variantBlobs(app, picture.id).length, 1, 'one variant blob on disk')

  const spelledOut = await get(picture.id, 'q=80&fit=cover&format=webp&w=20')
  t.equal(spelledOut.headers.etag, first.headers.etag, 'defaults spelled out, in any order, are the same variant')
  t.equal(renders, 1, 'still rendered once')

  const other = await get(picture.id, 'w=10&format=webp')
  t.not(other.headers.etag, first.headers.etag)
  t.equal(renders, 2)
  t.equal((await variantRows(app, picture.id)).length, 2)
  t.equal(variantBlobs(app, picture.id).length, 2)
  t.same(filesUnder(app.config.uploadDir).filter((path) => path.includes('scratch') || path.startsWith('tmp')), [], 'no scratch files left')
})

t.test('concurrent requests for one variant share one render', async (t) => {
  const { app, picture, get } = await setup(t)
  let renders = 0
  const pool = app.media.renderPool
  const run = pool.run
  pool.run = async (client, job) => { renders++; return await run(client, job) }
  const responses = await Promise.all(Array.from({ length: 5 }, async () => await get(picture.id, 'w=12&format=png')))
  t.same(responses.map((response) => response.statusCode), [200, 200, 200, 200, 200])
  t.equal(new Set(responses.map((response) => response.headers.etag)).size, 1, 'one ETag')
  t.equal(renders, 1, 'one render')
  t.equal((await variantRows(app, picture.id)).length, 1)
  t.equal(variantBlobs(app, picture.id).length, 1)
})

t.test('VARIANT_MAX_PER_FILE: the oldest variants are evicted, rows and blobs', async (t) => {
  let current = Date.parse('2030-01-01T00:00:00Z')
  const { app, picture, get } = await setup(t, { config: { variantMaxPerFile: 2 }, now: () => new Date(current) })
  const etags: string[] = []
  for (const w of [10, 11, 12]) {
    current += 1000
    const response = await get(picture.id, `w=${w}`)
    t.equal(response.statusCode, 200)
    etags.push(String(response.headers.etag))
  }
  const rows = await variantRows(app, picture.id)
  t.same(rows.map((row) => row.params).sort(), ['w=11&h=&fit=cover&format=png&q=80', 'w=12&h=&fit=cover&format=png&q=80'], 'the two newest are kept')
  t.equal(variantBlobs(app, picture.id).length, 2, 'the evicted blob is gone')
  t.equal((await get(picture.id, 'w=10')).headers.etag, etags[0], 'an evicted variant is simply rendered again')
})

t.test('out of range or unknown variant parameters are 400 validation_failed', async (t) => {
  const { app, picture, get } = await setup(t)
  const bad: Array<[string, string]> = [
    ['w=0', '/w'],
    ['w=2049', '/w'],
    ['h=0', '/h'],
    ['h=2049', '/h'],
    ['w=-5', '/w'],
    ['w=1.5', '/w'],
    ['w=abc', '/w'],
    ['q=0', '/q'],
    ['q=101', '/q'],
    ['fit=fill', '/fit'],
    ['fit=COVER', '/fit'],
    ['format=gif', '/format'],
    ['format=tiff', '/format'],
    ['format=', '/format'],
    ['width=20', '/width'],
    ['w=20&crop=1', '/crop']
  ]
  for (const [query, path] of bad) {
    const response = await get(picture.id, query)
    isValidationProblem(t, response, query)
    t.ok(response.json().errors.some((error: { path: string }) => error.path === path), `${query}: names ${path}`)
  }
  t.same(await variantRows(app, picture.id), [], 'nothing was rendered')
  for (const query of ['w=1', 'w=2048', 'h=1', 'h=2048', 'q=1&format=webp', 'q=100&format=webp']) {
    t.equal((await get(picture.id, query)).statusCode, 200, `${query} is within bounds`)
  }
})

t.test('VARIANT_MAX_DIMENSION and VARIANT_FORMATS set the bounds', async (t) => {
  const { picture, get } = await setup(t, { config: { variantMaxDimension: 32, variantFormats: ['webp'] } })
  t.equal((await get(picture.id, 'w=32')).statusCode, 200)
  isValidationProblem(t, await get(picture.id, 'w=33'), 'w=33 over a limit of 32')
  isValidationProblem(t, await get(picture.id, 'h=33'), 'h=33 over a limit of 32')
  t.equal((await get(picture.id, 'format=webp')).statusCode, 200)
  isValidationProblem(t, await get(picture.id, 'format=png'), 'png is not configured')
  isValidationProblem(t, await get(picture.id, 'format=avif'), 'avif is not configured')
})

t.test('variant parameters on a file that is not an image are 400', async (t) => {
  const { app, text, get } = await setup(t)
  for (const query of ['w=10', 'h=10', 'fit=cover', 'format=webp', 'q=50', 'w=10&format=png']) {
    const response = await get(text.id, query)
    isValidationProblem(t, response, `${query} on text`)
    t.ok(response.json().errors.every((error: { code: string }) => error.code === 'not_an_image'), `${query}: not_an_image`)
  }
  const plain = await get(text.id, '')
  t.equal(plain.statusCode, 200, 'without them the text is served')
  t.equal(plain.body, 'just some text')
  t.same(await variantRows(app, text.id), [])
})

t.test('variants of a private file are 404 to everyone but the owner; of a public one, served to all', async (t) => {
  const { app, accessToken, picture } = await setup(t)
  const stranger = await signUp(app)
  for (const headers of [bearer(stranger.accessToken), {}]) {
    const response = await app.inject({ url: `/v1/files/${picture.id}/content?w=10`, headers })
    t.equal(response.statusCode, 404)
    t.equal(response.json().code, 'not_found')
  }
  t.same(await variantRows(app, picture.id), [], 'nothing was rendered for them')
  t.same(variantBlobs(app, picture.id), [])

  await app.inject({ method: 'PATCH', url: `/v1/files/${picture.id}`, headers: bearer(accessToken), payload: { visibility: 'public' } })
  for (const headers of [bearer(stranger.accessToken), {}]) {
    const response = await app.inject({ url: `/v1/files/${picture.id}/content?w=64`, headers })
    t.equal(response.statusCode, 200)
    t.equal(response.headers['cache-control'], 'public, max-age=300')
    t.same((await decode(response.rawPayload)).width, 40, 'a width from the ladder, never upscaled')
  }
})

t.test('others may ask a public image only for a width from VARIANT_PUBLIC_WIDTHS and a format: else 403', async (t) => {
  const { app, accessToken, picture, get } = await setup(t, { config: { variantPublicWidths: [16, 32] } })
  await app.inject({ method: 'PATCH', url: `/v1/files/${picture.id}`, headers: bearer(accessToken), payload: { visibility: 'public' } })
  const stranger = await signUp(app)
  for (const [who, headers] of [['signed in', bearer(stranger.accessToken)], ['anonymous', {}]] as const) {
    for (const query of ['w=16', 'w=32&format=webp', 'format=png', '']) {
      const response = await app.inject({ url: `/v1/files/${picture.id}/content?${query}`, headers })
      t.equal(response.statusCode, 200, `${who}: ${query || 'the original'}`)
    }
    for (const query of ['w=10', 'w=64&format=png', 'h=16', 'w=16&fit=contain', 'w=16&q=80', 'format=jpeg&q=50']) {
      const response = await app.inject({ url: `/v1/files/${picture.id}/content?${query}`, headers })
      t.equal(response.statusCode, 403, `${who}: ${query}`)
      t.match(response.headers['content-type'], /^application\/problem\+json/)
      t.equal(response.json().code, 'variant_not_allowed', `${who}: ${query}`)
    }
  }
  const offLadder = await app.inject({ url: `/v1/files/${picture.id}/content?w=10` })
  t.match(offLadder.json().detail, /16, 32/, 'the detail names the widths')
  t.equal((await variantRows(app, picture.id)).length, 3, 'only the allowed variants were rendered (w=16, w=32 webp, png)')

  for (const query of ['w=10', 'h=7&fit=contain&q=50&format=jpeg']) {
    t.equal((await get(picture.id, query)).statusCode, 200, `the owner keeps every parameter: ${query}`)
  }
  const signed = await app.inject({
    method: 'POST',
    url: `/v1/files/${picture.id}/signed-url`,
    headers: bearer(accessToken),
    payload: { variant: { w: 10, h: 7, fit: 'inside', q: 40, format: 'webp' } }
  })
  const response = await app.inject({ url: new URL(signed.json().url).pathname + new URL(signed.json().url).search })
  t.equal(response.statusCode, 200, 'so does a signed URL, for anyone who holds it')
  t.equal((await decode(response.rawPayload)).width, 10)
})

t.test('conditional requests on a variant: 304 for its ETag, not for the original\'s', async (t) => {
  const { picture, get } = await setup(t)
  const first = await get(picture.id, 'w=20&format=webp')
  const etag = String(first.headers.etag)
  t.not(etag, `"${picture.sha256}"`, 'the variant has its own validator')
  t.equal(first.headers['cache-control'], 'private, no-cache')
  const notModified = await get(picture.id, 'w=20&format=webp', { 'if-none-match': etag })
  t.equal(notModified.statusCode, 304)
  t.equal(notModified.body, '')
  t.equal(notModified.headers.etag, etag)
  const original = await get(picture.id, 'w=20&format=webp', { 'if-none-match': `"${picture.sha256}"` })
  t.equal(original.statusCode, 200, 'the original\'s ETag does not match the variant')
  const otherVariant = await get(picture.id, 'w=10&format=webp', { 'if-none-match': etag })
  t.equal(otherVariant.statusCode, 200, 'nor does another variant\'s')
})

t.test('deleting a file removes its variants, rows and blobs', async (t) => {
  const { app, accessToken, picture, photo, get } = await setup(t)
  for (const query of ['w=10', 'w=20&format=webp', 'h=5&format=avif']) t.equal((await get(picture.id, query)).statusCode, 200)
  t.equal((await get(photo.id, 'w=8')).statusCode, 200)
  t.equal(variantBlobs(app, picture.id).length, 3)
  const deleted = await app.inject({ method: 'DELETE', url: `/v1/files/${picture.id}`, headers: bearer(accessToken) })
  t.equal(deleted.statusCode, 204)
  t.same(filesUnder(app.config.uploadDir).filter((path) => path.includes(picture.id)), [], 'nothing of the file is left on disk')
  t.same(await variantRows(app, picture.id), [], 'the rows went with it')
  t.equal(variantBlobs(app, photo.id).length, 1, 'another file\'s variants stay')
  t.equal((await get(picture.id, 'w=10')).statusCode, 404)
})

t.test('a file deleted while its variant renders: 404, and the variant leaves nothing behind', async (t) => {
  const { app, accessToken, picture, get } = await setup(t)
  const storage = app.media.storage
  const put = storage.put
  // The variant service holds this same storage object: the delete lands between the render and the row.
  storage.put = async (key, body) => {
    if (key.includes('/v-')) {
      const deleted = await app.inject({ method: 'DELETE', url: `/v1/files/${picture.id}`, headers: bearer(accessToken) })
      t.equal(deleted.statusCode, 204, 'deleted mid-render')
    }
    return await put(key, body)
  }
  const response = await get(picture.id, 'w=10')
  t.equal(response.statusCode, 404)
  t.equal(response.json().code, 'not_found')
  t.same(filesUnder(app.config.uploadDir).filter((path) => path.includes(picture.id)), [], 'no orphan variant blob')
  t.same(await variantRows(app, picture.id), [])
})

// Bug: each instance only knows its own in-flight renders. When two instances
// (processes sharing the database and the upload directory) render one variant
// at once, the second insert fails on the primary key, and its cleanup deletes
// the blob that the first instance's row names: an error for the second
// request, then a 404 for everyone while the cached row lives.
t.test('two instances rendering one variant at once both serve it, and it stays served', async (t) => {
  const { app, accessToken, picture } = await setup(t)
  const other = await buildApp({ config: app.config })
  t.teardown(async () => { await other.close() })
  await other.ready()
  const url = `/v1/files/${picture.id}/content?w=10&format=webp`
  let first: Awaited<ReturnType<FastifyInstance['inject']>> | undefined
  const pool = other.media.renderPool
  const run = pool.run
  // The other instance starts rendering only once this one has finished the same variant.
  pool.run = async (client, job) => {
    first = await app.inject({ url, headers: bearer(accessToken) })
    return await run(client, job)
  }
  const second = await other.inject({ url, headers: bearer(accessToken) })
  t.equal(first?.statusCode, 200, 'the first instance serves it')
  t.equal(second.statusCode, 200, 'the second instance serves it too')
  t.equal(second.headers.etag, first?.headers.etag)
  t.equal((await variantRows(app, picture.id)).length, 1, 'one row')
  t.equal(variantBlobs(app, picture.id).length, 1, 'its blob is on disk')
  const again = await app.inject({ url, headers: bearer(accessToken) })
  t.equal(again.statusCode, 200, 'and it is still served afterwards')
  t.same(again.rawPayload, first?.rawPayload)
})

t.test('an animated GIF keeps its frames as a WebP variant', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const frame = async (background: string) =>
    await sharp({ create: { width: 20, height: 20, channels: 3, background } }).png().toBuffer()
  const gif = await sharp([await frame('#ff0000'), await frame('#00ff00'), await frame('#0000ff')], { join: { animated: true } })
    .gif().toBuffer()
  const [file] = await uploadOk(app, accessToken, [filePart(gif, 'anim.gif', 'image/gif')])
  const response = await app.inject({ url: `/v1/files/${file.id}/content?w=10&format=webp`, headers: bearer(accessToken) })
  t.equal(response.statusCode, 200)
  const metadata = await sharp(response.rawPayload, { animated: true }).metadata()
  t.equal(metadata.format, 'webp')
  t.equal(metadata.pages, 3, 'every frame')
  t.equal(metadata.width, 10)
  t.equal(metadata.pageHeight, 10)
  const still = await app.inject({ url: `/v1/files/${file.id}/content?w=10&format=png`, headers: bearer(accessToken) })
  t.equal((await sharp(still.rawPayload).metadata()).height, 10, 'as PNG: the first frame only')
})

t.test('a full render pool answers 503 with Retry-After, and nothing is cached', async (t) => {
  const { app, picture, get } = await setup(t)
  const full = createRenderPool({ ...renderPoolLimits(app.config), slots: 1, queue: 0 })
  let release = () => {}
  const busy = full.run(userClient('someone'), async () => { await new Promise<void>((resolve) => { release = resolve }) })
  app.media.renderPool.run = full.run
  const refused = await get(picture.id, 'w=10')
  t.equal(refused.statusCode, 503)
  t.match(refused.headers['content-type'], /^application\/problem\+json/)
  t.equal(refused.json().code, 'service_unavailable')
  t.equal(refused.headers['retry-after'], '1')
  t.same(await variantRows(app, picture.id), [])
  t.equal((await get(picture.id, '')).statusCode, 200, 'the original needs no render')
  release()
  await busy
  t.equal((await get(picture.id, 'w=10')).statusCode, 200, 'served once a slot is free')
})
