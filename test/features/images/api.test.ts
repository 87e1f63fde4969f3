// The image endpoints as a client sees them: bounds exactly at and one past,
// caching and 304s, the shared render limit, saving, rate limits.
import type { FastifyInstance } from 'fastify'
import sharp from 'sharp'
import t, { type Test } from 'tap'
import type { Config } from '../../../src/config.js'
import { userClient, type RenderClient } from '../../../src/media/render-pool.js'
import { SEED_SCENE } from '../../../src/features/images/schemas.js'
import { build } from '../../helpers/build.js'
import { filePart, png, uploadOk } from '../../helpers/files.js'
import { assertProblem } from '../../helpers/platform.js'
import { bearer, signUp } from '../../helpers/users.js'

async function setup (t: Test, config: Partial<Config> = {}) {
  const app = await build(t, { config })
  const { accessToken, user } = await signUp(app)
  const draw = async (scene: unknown, query = '') =>
    await app.inject({ method: 'POST', url: `/v1/images${query}`, headers: bearer(accessToken), payload: scene as object })
  return { app, accessToken, user, draw }
}

const scene = (overrides: Record<string, unknown> = {}) => ({ width: 16, height: 16, format: 'png', shapes: [], ...overrides })
const rect = (extra: Record<string, unknown> = {}) => ({ type: 'rect', x: 1, y: 1, width: 2, height: 2, fill: 'red', ...extra })

/** Holds a render slot (by default as a client of its own) until the returned function is called. */
async function holdRenderSlot (app: FastifyInstance, client: RenderClient = userClient('slot-holder')) {
  let release = () => {}
  const held = new Promise<void>((resolve) => { release = resolve })
  let started = () => {}
  const running = new Promise<void>((resolve) => { started = resolve })
  const job = app.media.renderPool.run(client, async () => { started(); await held })
  await running
  return async () => { release(); await job }
}

t.test('a scene answers its image; the seed case is a 220×190 JPEG', async (t) => {
  const { draw } = await setup(t)
  const response = await draw(SEED_SCENE)
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'image/jpeg')
  t.equal(response.headers['cross-origin-resource-policy'], 'cross-origin', 'SPAs fetch images cross-origin')
  t.equal(response.headers['content-security-policy'], "default-src 'none'; sandbox")
  t.equal(response.headers['x-content-type-options'], 'nosniff')
  t.equal(response.headers['cache-control'], 'private, no-store')
  t.match(response.headers.etag, /^"[0-9a-f]{40}"$/)
  const metadata = await sharp(response.rawPayload).metadata()
  t.same([metadata.format, metadata.width, metadata.height], ['jpeg', 220, 190])
})

t.test('POST needs a signed-in user', async (t) => {
  const { app } = await setup(t)
  assertProblem(t, await app.inject({ method: 'POST', url: '/v1/images', payload: SEED_SCENE }), 401, 'unauthorized')
  assertProblem(t, await app.inject({ method: 'POST', url: '/v1/images', headers: bearer('forged'), payload: SEED_SCENE }), 401, 'invalid_token')
})

t.test('schema bounds are 400 validation_failed naming the field, exactly at the bound is fine', async (t) => {
  const { draw } = await setup(t)
  const cases: Array<[string, unknown, string | null]> = [
    ['width 4096', scene({ width: 4096, height: 1 }), null],
    ['width 4097', scene({ width: 4097, height: 1 }), '/width'],
    ['height 4096', scene({ width: 1, height: 4096 }), null],
    ['height 4097', scene({ width: 1, height: 4097 }), '/height'],
    ['width 0', scene({ width: 0 }), '/width'],
    ['width 1.5', scene({ width: 1.5 }), '/width'],
    ['width as text', scene({ width: '16' }), '/width'],
    ['500 shapes', scene({ shapes: Array.from({ length: 500 }, () => rect()) }), null],
    ['501 shapes', scene({ shapes: Array.from({ length: 501 }, () => rect()) }), '/shapes'],
    ['2000 characters in one text', scene({ shapes: [{ type: 'text', x: 0, y: 10, text: 'a'.repeat(2000), fontSize: 1 }] }), null],
    ['2001 characters in one text', scene({ shapes: [{ type: 'text', x: 0, y: 10, text: 'a'.repeat(2001), fontSize: 1 }] }), '/shapes/0/text'],
    ['quality 0', scene({ format: 'jpeg', quality: 0 }), '/quality'],
    ['quality 101', scene({ format: 'jpeg', quality: 101 }), '/quality'],
    ['format gif', scene({ format: 'gif' }), '/format'],
    ['no format', { width: 1, height: 1, shapes: [] }, '/format'],
    ['an unknown property', scene({ filter: 'blur' }), '/filter'],
    ['an unknown shape', scene({ shapes: [{ type: 'image', href: 'file:///etc/passwd' }] }), '/shapes/0'],
    ['a shape without its fields', scene({ shapes: [{ type: 'circle', cx: 1 }] }), '/shapes/0/cy'],
    ['a shape with another shape\'s field', scene({ shapes: [rect({ r: 3 })] }), '/shapes/0/r'],
    ['a coordinate as text', scene({ shapes: [rect({ x: 'NaN' })] }), '/shapes/0/x'],
    ['a negative stroke', scene({ shapes: [rect({ strokeWidth: -1 })] }), '/shapes/0/strokeWidth'],
    ['a zero font size', scene({ shapes: [{ type: 'text', x: 0, y: 0, text: 'a', fontSize: 0 }] }), '/shapes/0/fontSize'],
    ['a font weight off the scale', scene({ shapes: [{ type: 'text', x: 0, y: 0, text: 'a', fontWeight: 950 }] }), '/shapes/0/fontWeight'],
    ['an unknown font', scene({ shapes: [{ type: 'text', x: 0, y: 0, text: 'a', font: 'Comic Sans' }] }), '/shapes/0/font'],
    ['an unknown align', scene({ shapes: [{ type: 'text', x: 0, y: 0, text: 'a', align: 'left' }] }), '/shapes/0/align'],
    ['a polygon of one point', scene({ shapes: [{ type: 'polygon', points: [[1, 1]] }] }), '/shapes/0/points'],
    ['opacity 2', scene({ shapes: [rect({ opacity: 2 })] }), '/shapes/0/opacity']
  ]
  for (const [label, body, field] of cases) {
    const response = await draw(body)
    if (field === null) {
      t.equal(response.statusCode, 200, label)
      continue
    }
    const problem = assertProblem(t, response, 400, 'validation_failed', label)
    t.ok(problem.errors?.some((error) => error.path === field), `${label}: names ${field} (got ${JSON.stringify(problem.errors?.map((error) => error.path))})`)
  }
})

t.test('colours: every CSS form is accepted, anything else is a 400 naming the field', async (t) => {
  const { draw } = await setup(t)
  for (const color of ['#f00', '#f008', '#ff0000', '#ff000080', 'rgb(255, 0, 0)', 'rgb(100%,0%,0%)', 'rgba(255,0,0,0.5)', 'RebeccaPurple', 'transparent']) {
    t.equal((await draw(scene({ background: color, shapes: [rect({ fill: color, stroke: color })] }))).statusCode,
      200, color)
  }
  for (const color of ['notacolor', '#12345', '#ggg', 'rgb(256,0,0)', 'rgb(1,2)', 'rgba(1,2,3)', 'rgba(1,2,3,1.5)', 'url(#x)', 'red;stroke:blue', '"><script>']) {
    const problem = assertProblem(t, await draw(scene({ shapes: [rect({ fill: color })] })), 400, 'validation_failed', color)
    t.same(problem.errors?.map((error) => error.path), ['/shapes/0/fill'], `${color}: the field is named`)
  }
  const background = assertProblem(t, await draw(scene({ background: 'blurple' })), 400, 'validation_failed')
  t.same(background.errors?.map((error) => error.path), ['/background'])
})

t.test('cost bounds are 422 scene_too_complex (never a 503), exactly at the bound is fine', async (t) => {
  const { draw } = await setup(t)
  const polygon = (count: number) => ({ type: 'polygon', points: Array.from({ length: count }, (_, index) => [index % 16, (index * 7) % 16]) })
  const text = (length: number) => ({ type: 'text', x: 0, y: 10, text: 'a'.repeat(length), fontSize: 1 })
  const full = { type: 'rect', x: 0, y: 0, width: 1000, height: 1000, strokeWidth: 0 }
  const cases: Array<[string, unknown, string | null]> = [
    ['1000 points in a polygon', scene({ shapes: [polygon(1000)] }), null],
    ['1001 points in a polygon', scene({ shapes: [polygon(1001)] }), '/shapes/0/points'],
    ['1001 points in a polyline', scene({ shapes: [{ ...polygon(1001), type: 'polyline' }] }), '/shapes/0/points'],
    ['10000 points in all', scene({ shapes: Array.from({ length: 10 }, () => polygon(1000)) }), null],
    ['10001 points in all', scene({ shapes: [...Array.from({ length: 10 }, () => polygon(1000)), polygon(2)].slice(0, 11) }), '/shapes'],
    ['2000 characters of text in all', scene({ shapes: [text(1000), text(1000)] }), null],
    ['2001 characters of text in all', scene({ shapes: [text(1000), text(1001)] }), '/shapes'],
    ['stroke width 100', scene({ shapes: [rect({ stroke: 'blue', strokeWidth: 100 })] }), null],
    ['stroke width 100.5', scene({ shapes: [rect({ stroke: 'blue', strokeWidth: 100.5 })] }), '/shapes/0/strokeWidth'],
    ['font size 512', scene({ shapes: [{ type: 'text', x: 0, y: 10, text: 'a', fontSize: 512 }] }), null],
    ['font size 513', scene({ shapes: [{ type: 'text', x: 0, y: 10, text: 'a', fontSize: 513 }] }), '/shapes/0/fontSize'],
    ['reaching four canvases to the left', scene({ shapes: [rect({ x: -64 })] }), null],
    ['reaching past four canvases to the left', scene({ shapes: [rect({ x: -64.5 })] }), '/shapes/0'],
    ['reaching four canvases to the right', scene({ shapes: [{ type: 'line', x1: 0, y1: 0, x2: 80, y2: 80 }] }), null],
    ['reaching past four canvases to the right', scene({ shapes: [{ type: 'circle', cx: 8, cy: 8, r: 72.5 }] }), '/shapes/0'],
    ['AVIF at 2048×2048', scene({ format: 'avif', width: 2048, height: 2048 }), null],
    ['AVIF at 2049 wide', scene({ format: 'avif', width: 2049, height: 16 }), '/format'],
    ['64 Mpx painted in all', scene({ width: 1000, height: 1000, shapes: Array.from({ length: 64 }, () => full) }), null],
    ['more than 64 Mpx painted in all', scene({ width: 1000, height: 1000, shapes: Array.from({ length: 65 }, () => full) }), '/shapes']
  ]
  for (const [label, body, field] of cases) {
    const response = await draw(body)
    if (field === null) {
      t.equal(response.statusCode, 200, `${label}: ${response.statusCode === 200 ? '' : response.body.slice(0, 200)}`)
      continue
    }
    const problem = assertProblem(t, response, 422, 'scene_too_complex', label)
    t.ok(problem.errors?.some((error) => error.path === field), `${label}: names ${field} (got ${JSON.stringify(problem.errors)})`)
    t.notOk(response.headers['retry-after'], `${label}: nothing to retry`)
  }
})

t.test('a malformed body is a 400 invalid_json, a huge one a 413', async (t) => {
  const { app, accessToken } = await setup(t)
  const headers = { ...bearer(accessToken), 'content-type': 'application/json' }
  assertProblem(t, await app.inject({ method: 'POST', url: '/v1/images', headers, payload: '{"width": 10,' }), 400, 'invalid_json')
  const huge = JSON.stringify(scene({ shapes: [{ type: 'text', x: 0, y: 0, text: 'a'.repeat(2 * 1024 * 1024) }] }))
  assertProblem(t, await app.inject({ method: 'POST', url: '/v1/images', headers, payload: huge }), 413, 'payload_too_large')
})

t.test('POST /v1/images/files stores the image as one of the caller\'s files and answers 201 with it', async (t) => {
  const { app, accessToken, draw } = await setup(t)
  const direct = await draw(SEED_SCENE)
  const response = await draw(SEED_SCENE, '/files')
  t.equal(response.statusCode, 201)
  const file = response.json()
  t.match(file, { contentType: 'image/jpeg', width: 220, height: 190, size: direct.rawPayload.length, visibility: 'private', filename: 'image.jpeg' })
  const listed = (await app.inject({ url: '/v1/files', headers: bearer(accessToken) })).json()
  t.same(listed.items.map((item: { id: string }) => item.id), [file.id], 'listed among the caller\'s files')
  const content = await app.inject({ url: `/v1/files/${file.id}/content`, headers: bearer(accessToken) })
  t.same(content.rawPayload, direct.rawPayload, 'the stored bytes are the image')
  const other = await signUp(app)
  t.equal((await app.inject({ url: `/v1/files/${file.id}`, headers: bearer(other.accessToken) })).statusCode, 404, 'private to the caller')
  // One operation, one answer type: the old `?save=true` is gone, so it is an unknown parameter.
  assertProblem(t, await draw(SEED_SCENE, '?save=true'), 400, 'validation_failed')
})

t.test('POST /v1/images/files counts against the quota', async (t) => {
  const { draw } = await setup(t, { uploadQuotaBytes: 100 })
  assertProblem(t, await draw(SEED_SCENE, '/files'), 413, 'quota_exceeded')
})

t.test('placeholders: any size within the bounds, the text and colours asked for', async (t) => {
  const { app } = await setup(t)
  for (const [path, format, width, height] of [['1x1.png', 'png', 1, 1], ['300x200.webp', 'webp', 300, 200], ['64x48.jpeg', 'jpeg', 64, 48], ['40x40.avif', 'heif', 40, 40], ['4096x1.png', 'png', 4096, 1]] as const) {
    const response = await app.inject({ url: `/v1/images/placeholder/${path}` })
    t.equal(response.statusCode, 200, path)
    const metadata = await sharp(response.rawPayload).metadata()
    t.same([metadata.format, metadata.width, metadata.height], [format, width, height], path)
  }
  for (const path of ['4097x10.png', '10x4097.png', '0x10.png', 'abcx10.png', '10x10.gif', '10x10.svg', '-1x10.png']) {
    assertProblem(t, await app.inject({ url: `/v1/images/placeholder/${path}` }), 400, 'validation_failed', path)
  }
  assertProblem(t, await app.inject({ url: '/v1/images/placeholder/1.5x10.png' }), 404, 'not_found', 'a fraction is not a size this route knows')
  for (const query of ['?bg=nope', '?fg=%23zzz', `?text=${'a'.repeat(101)}`, '?size=10', '?text=']) {
    assertProblem(t, await app.inject({ url: `/v1/images/placeholder/10x10.png${query}` }), 400, 'validation_failed', query)
  }
  const badColor = assertProblem(t, await app.inject({ url: '/v1/images/placeholder/10x10.png?bg=%2312345&fg=blurple' }), 400, 'validation_failed', 'bad colours')
  t.same(badColor.errors, [
    { path: '/bg', message: 'is not a colour (hex, rgb(), rgba() or a CSS colour name)', code: 'querystring' },
    { path: '/fg', message: 'is not a colour (hex, rgb(), rgba() or a CSS colour name)', code: 'querystring' }
  ], 'the parameters are named, not the scene fields they become')
  const colored = await app.inject({ url: '/v1/images/placeholder/50x50.png?bg=%2300ff00&text=%20' })
  const { data } = await sharp(colored.rawPayload).raw().toBuffer({ resolveWithObject: true })
  t.same([...data.subarray(0, 3)], [0, 255, 0], 'bg is the background')
})

t.test('avatars: sizes 32 to 512, both styles, deterministic', async (t) => {
  const { app } = await setup(t)
  for (const size of [32, 512]) {
    const response = await app.inject({ url: `/v1/images/avatar/seed.png?size=${size}` })
    const metadata = await sharp(response.rawPayload).metadata()
    t.same([metadata.width, metadata.height], [size, size], `size ${size}`)
  }
  for (const query of ['?size=31', '?size=513', '?size=big', '?style=robot', '?color=red']) {
    assertProblem(t, await app.inject({ url: `/v1/images/avatar/seed.png${query}` }), 400, 'validation_failed', query)
  }
  assertProblem(t, await app.inject({ url: `/v1/images/avatar/${'s'.repeat(65)}.png` }), 400, 'validation_failed', 'a 65-character seed')
  t.equal((await app.inject({ url: `/v1/images/avatar/${'s'.repeat(64)}.png` })).statusCode, 200, 'a 64-character seed')
  assertProblem(t, await app.inject({ url: '/v1/images/avatar/seed.bmp' }), 400, 'validation_failed')
  const first = await app.inject({ url: '/v1/images/avatar/a.b.c.png?style=initials' })
  t.equal(first.statusCode, 200, 'seeds may hold dots; the format is after the last one')
})

t.test('a user without an uploaded avatar has a generated one that loads without a token', async (t) => {
  const { app, user } = await setup(t)
  t.equal(user.avatarUrl, `${app.config.publicUrl}/v1/images/avatar/${user.id}.png`, 'seeded by the id, never the email')
  const response = await app.inject({ url: new URL(user.avatarUrl).pathname })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'image/png')
})

t.test('GET images: strong ETag, a year of public caching, 304 on If-None-Match without rendering', async (t) => {
  const { app } = await setup(t, { imageMaxConcurrency: 1, imageQueueMax: 0 })
  for (const url of ['/v1/images/placeholder/120x80.png?text=hi', '/v1/images/avatar/alice.webp?size=64']) {
    const first = await app.inject({ url })
    t.equal(first.statusCode, 200)
    t.equal(first.headers['cache-control'], 'public, max-age=31536000, immutable')
    t.equal(first.headers['cross-origin-resource-policy'], 'cross-origin')
    const etag = String(first.headers.etag)
    t.match(etag, /^"[0-9a-f]{40}"$/)
    const release = await holdRenderSlot(app)
    for (const condition of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await app.inject({ url, headers: { 'if-none-match': condition } })
      t.equal(again.statusCode, 304, `${url} If-None-Match: ${condition}`)
      t.equal(again.body, '')
      t.equal(again.headers.etag, etag)
    }
    t.equal((await app.inject({ url })).statusCode, 200, 'served from the cache while every render slot is taken')
    await release()
    t.equal((await app.inject({ url, headers: { 'if-none-match': '"other"' } })).statusCode, 200)
  }
})

t.test('the same scene is rendered once: cached by a hash of the canonical scene', async (t) => {
  const { app, draw } = await setup(t, { imageMaxConcurrency: 1, imageQueueMax: 0 })
  const first = await draw({ width: 30, height: 20, format: 'png', shapes: [rect()] })
  const release = await holdRenderSlot(app)
  const reordered = await draw({ shapes: [{ fill: 'red', height: 2, width: 2, y: 1, x: 1, type: 'rect' }], format: 'png', height: 20, width: 30 })
  t.equal(reordered.statusCode, 200, 'no render slot needed')
  t.same(reordered.rawPayload, first.rawPayload)
  t.equal(reordered.headers.etag, first.headers.etag)
  assertProblem(t, await draw({ width: 31, height: 20, format: 'png', shapes: [] }), 503, 'service_unavailable', 'a new scene needs a slot')
  await release()
})

t.test('IMAGE_CACHE_BYTES=0 turns the cache off', async (t) => {
  const { app, draw } = await setup(t, { imageMaxConcurrency: 1, imageQueueMax: 0, imageCacheBytes: 0 })
  t.equal((await draw(SEED_SCENE)).statusCode, 200)
  const release = await holdRenderSlot(app)
  assertProblem(t, await draw(SEED_SCENE), 503, 'service_unavailable')
  await release()
})

t.test('the render limit is shared: a busy pool refuses scenes, placeholders and file variants alike with 503 and Retry-After', async (t) => {
  const { app, accessToken, draw } = await setup(t, { imageMaxConcurrency: 1, imageQueueMax: 0 })
  const [picture] = await uploadOk(app, accessToken, [filePart(await png(40, 30), 'p.png', 'image/png')])
  const release = await holdRenderSlot(app)
  const refused = [
    await draw(SEED_SCENE),
    await app.inject({ url: '/v1/images/placeholder/77x77.png' }),
    await app.inject({ url: `/v1/files/${picture.id}/content?w=10`, headers: bearer(accessToken) })
  ]
  for (const response of refused) {
    assertProblem(t, response, 503, 'service_unavailable')
    t.match(response.headers['retry-after'], /^\d+$/)
  }
  t.equal((await app.inject({ url: '/health' })).statusCode, 200, 'the rest of the API answers')
  await release()
  t.equal((await draw(SEED_SCENE)).statusCode, 200, 'and renders go on once a slot is free')
})

t.test('renders are charged to their client: a user or an address past its share gets 503 while others draw', async (t) => {
  const shares = { imageMaxConcurrency: 3, imageQueueMax: 4, imageMaxPerClient: 1, imageQueuePerClient: 0 }
  const { app, user, draw } = await setup(t, {
    ...shares, imageAnonymousMaxPerClient: 1, imageAnonymousQueuePerClient: 0
  })
  const other = await signUp(app)
  const releaseUser = await holdRenderSlot(app, userClient(user.id))
  const refused = await draw(SEED_SCENE)
  assertProblem(t, refused, 503, 'service_unavailable', 'the user\'s one slot is taken')
  t.equal(refused.headers['retry-after'], '1')
  const drawn = await app.inject({ method: 'POST', url: '/v1/images', headers: bearer(other.accessToken), payload: SEED_SCENE })
  t.equal(drawn.statusCode, 200, 'another user draws')

  const releaseAddress = await holdRenderSlot(app, { key: 'ip:203.0.113.7', anonymous: true })
  const placeholder = (remoteAddress: string) => app.inject({ url: '/v1/images/placeholder/33x33.png', remoteAddress })
  assertProblem(t, await placeholder('203.0.113.7'), 503, 'service_unavailable', 'the address\'s one slot is taken')
  t.equal((await placeholder('198.51.100.1')).statusCode, 200, 'another address is served')
  await releaseUser()
  await releaseAddress()
  t.equal((await draw(SEED_SCENE)).statusCode, 200, 'the user draws again once the slot is free')
})

t.test('a flood of renders: some wait in the short queue, the rest get 503 at once, none fails otherwise', async (t) => {
  const { app, draw } = await setup(t, { imageMaxConcurrency: 1, imageQueueMax: 2 })
  const responses = await Promise.all(Array.from({ length: 12 }, async (_, index) =>
    await draw({ width: 600, height: 600, format: 'png', shapes: [{ type: 'circle', cx: 300, cy: 300, r: 100 + index, fill: 'blue' }] })))
  const statuses = responses.map((response) => response.statusCode)
  t.same(statuses.filter((status) => status !== 200 && status !== 503), [], 'only 200 or 503')
  t.ok(statuses.filter((status) => status === 503).length >= 1, `some were refused: ${statuses.join(' ')}`)
  t.ok(statuses.filter((status) => status === 200).length >= 3, 'the running one and the queued ones were drawn')
  t.equal((await app.inject({ url: '/health' })).statusCode, 200)
})

t.test('a render that outlives IMAGE_RENDER_TIMEOUT is stopped (its process killed) and answered 503', async (t) => {
  const { app, draw } = await setup(t, { imageRenderTimeout: 1, imageMaxConcurrency: 1 })
  // Within every bound, but seconds of work: three canvas-wide stars with wide strokes and group opacity.
  const star = (index: number) => ({
    type: 'polygon',
    points: Array.from({ length: 20 }, (_, k) => [(index * 37 + k * 997) % 4096, (index * 91 + k * 613) % 4096]),
    fill: 'rgba(200, 100, 50, 0.5)',
    stroke: 'blue',
    strokeWidth: 100,
    opacity: 0.7
  })
  const started = Date.now()
  const response = await draw({ width: 4096, height: 4096, format: 'webp', shapes: [star(0), star(1), star(2)] })
  assertProblem(t, response, 503, 'service_unavailable')
  t.ok(response.headers['retry-after'])
  t.ok(Date.now() - started < 4000, 'answered near the timeout, not when the render would have ended')
  t.equal((await draw(SEED_SCENE)).statusCode, 200, 'a fresh render process takes over')
  t.equal((await app.inject({ url: '/health' })).statusCode, 200)
})

t.test('POST without a valid token is still limited per client IP (forged-token floods count)', async (t) => {
  const { app } = await setup(t, { rateLimitMax: 3 })
  for (let index = 0; index < 3; index++) {
    assertProblem(t, await app.inject({ method: 'POST', url: '/v1/images', headers: bearer('forged'), payload: SEED_SCENE }), 401, 'invalid_token')
  }
  assertProblem(t, await app.inject({ method: 'POST', url: '/v1/images', headers: bearer('forged'), payload: SEED_SCENE }), 429, 'rate_limited')
})

t.test('rate limits: POST per user, GET per client IP, answered 429 problem+json', async (t) => {
  const { app, draw } = await setup(t, { imageRateLimitMax: 2 })
  t.equal((await draw(SEED_SCENE)).statusCode, 200)
  t.equal((await draw(SEED_SCENE)).statusCode, 200)
  const limited = await draw(SEED_SCENE)
  assertProblem(t, limited, 429, 'rate_limited')
  t.match(limited.headers['retry-after'], /^\d+$/)
  t.equal(limited.headers['ratelimit-limit'], '2', 'the per-user limit\'s headers')
  t.equal(limited.headers['ratelimit-remaining'], '0')
  const other = await signUp(app)
  t.equal((await app.inject({ method: 'POST', url: '/v1/images', headers: bearer(other.accessToken), payload: SEED_SCENE })).statusCode, 200, 'another user has their own budget')
  for (let index = 0; index < 20; index++) await app.inject({ url: '/v1/images/placeholder/10x10.png' })
  const response = await app.inject({ url: '/v1/images/placeholder/10x10.png' })
  assertProblem(t, response, 429, 'rate_limited')
  t.ok(response.headers['retry-after'])
})
