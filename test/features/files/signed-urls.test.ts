// Signed content URLs: POST /v1/files/:id/signed-url makes them; GET
// /v1/files/:id/content honours them without a token until they expire.
import type { FastifyInstance } from 'fastify'
import sharp from 'sharp'
import t, { type Test } from 'tap'
import { ApiError } from '../../../src/errors.js'
import { createUrlSigner } from '../../../src/features/files/signed-urls.js'
import { build, testClock, TEST_JWT_SECRET } from '../../helpers/build.js'
import { filePart, png, uploadOk } from '../../helpers/files.js'
import { bearer, signUp } from '../../helpers/users.js'

const TEXT = 'private notes, not for strangers'
const MISSING_ID = '00000000-0000-4000-8000-000000000000'

async function setup (t: Test) {
  // Whole seconds, so `expiresAt` is exactly now + expiresIn.
  const clock = testClock(new Date(Math.floor(Date.now() / 1000) * 1000))
  const app = await build(t, { now: clock.now })
  const owner = await signUp(app)
  const image = await png(40, 20)
  const [picture, text, other] = await uploadOk(app, owner.accessToken, [
    filePart(image, 'photo.png', 'image/png'),
    filePart(TEXT, 'notes.txt', 'text/plain'),
    filePart(await png(8, 8, '#0000ff'), 'other.png', 'image/png')
  ])
  /** POSTs to signed-url; `null` sends no Authorization header. */
  const sign = async (id: string, payload?: unknown, token: string | null = owner.accessToken) =>
    await app.inject({
      method: 'POST',
      url: `/v1/files/${id}/signed-url`,
      headers: token === null ? {} : bearer(token),
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> })
    })
  /** Signs and returns the URL's path and query, to inject. */
  const signedPath = async (id: string, payload?: unknown) => {
    const response = await sign(id, payload)
    if (response.statusCode !== 200) throw new Error(`signing failed: ${response.statusCode} ${response.body}`)
    const url = new URL(response.json<{ url: string }>().url)
    return url.pathname + url.search
  }
  /** GET without an Authorization header. */
  const fetch = async (path: string) => await app.inject({ method: 'GET', url: path })
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000)
  return { app, clock, owner, image, picture, text, other, sign, signedPath, fetch, nowSeconds }
}

/** The path with one query parameter set (or removed with undefined), the others as they were. */
function withParam (path: string, name: string, value: string | undefined): string {
  const url = new URL(path, 'http://x')
  if (value === undefined) url.searchParams.delete(name)
  else url.searchParams.set(name, value)
  return url.pathname + url.search
}

const param = (path: string, name: string) => new URL(path, 'http://x').searchParams.get(name) ?? ''

function isProblem (t: Test, response: Awaited<ReturnType<FastifyInstance['inject']>>, status: number, code: string, message: string) {
  t.equal(response.statusCode, status, `${message}: ${status}`)
  t.match(response.headers['content-type'], /^application\/problem\+json/, `${message}: problem+json`)
  t.equal(response.json().code, code, `${message}: ${code}`)
}

t.test('a signed URL serves a private file without a token, for 900 s by default', async (t) => {
  const { app, clock, picture, image, sign, fetch, nowSeconds } = await setup(t)
  isProblem(t, await fetch(`/v1/files/${picture.id}/content`), 404, 'not_found', 'without a signature, a private file is not there')

  const start = nowSeconds()
  const response = await sign(picture.id)
  t.equal(response.statusCode, 200)
  const { url, expiresAt } = response.json<{ url: string, expiresAt: string }>()
  t.same(Object.keys(response.json()).sort(), ['expiresAt', 'url'])
  t.equal(expiresAt, new Date((start + 900) * 1000).toISOString(), 'expires in 900 s')
  t.ok(url.startsWith(`${app.config.publicUrl}/v1/files/${picture.id}/content?expires=${start + 900}&sig=`), url)
  t.match(param(url, 'sig'), /^[A-Za-z0-9_-]{43}$/, 'an HMAC-SHA256 in base64url')

  const path = new URL(url).pathname + new URL(url).search
  const served = await fetch(path)
  t.equal(served.statusCode, 200)
  t.same(served.rawPayload, image, 'the bytes')
  t.equal(served.headers['content-type'], 'image/png')
  t.equal(served.headers.etag, `"${picture.sha256}"`)
  t.equal(served.headers['cache-control'], 'private, max-age=900', 'cached privately, no longer than the URL lives')
  t.equal(served.headers['x-content-type-options'], 'nosniff')

  clock.advance(899)
  const lastSecond = await fetch(path)
  t.equal(lastSecond.statusCode, 200, 'valid until its last second')
  t.equal(lastSecond.headers['cache-control'], 'private, max-age=1')
  clock.advance(1)
  isProblem(t, await fetch(path), 403, 'signature_expired', 'at the expiry')
  clock.advance(86400)
  isProblem(t, await fetch(path), 403, 'signature_expired', 'a day later')
})

t.test('an empty body, or an empty object, asks for the defaults', async (t) => {
  const { picture, sign, nowSeconds } = await setup(t)
  for (const payload of [undefined, {}]) {
    const response = await sign(picture.id, payload)
    t.equal(response.statusCode, 200, JSON.stringify(payload) ?? 'no body')
    t.equal(response.json().expiresAt, new Date((nowSeconds() + 900) * 1000).toISOString())
    t.notMatch(response.json().url, /[?&](w|h|fit|format|q)=/, 'no variant')
  }
})

t.test('expiresIn: 60 to 86400 seconds, both included', async (t) => {
  const { clock, picture, sign, fetch, nowSeconds } = await setup(t)
  for (const expiresIn of [60, 86400]) {
    const response = await sign(picture.id, { expiresIn })
    t.equal(response.statusCode, 200, `${expiresIn}`)
    t.equal(response.json().expiresAt, new Date((nowSeconds() + expiresIn) * 1000).toISOString(), `${expiresIn}: expiresAt`)
    t.equal(param(response.json().url, 'expires'), String(nowSeconds() + expiresIn), `${expiresIn}: in the URL`)
  }
  const short = new URL((await sign(picture.id, { expiresIn: 60 })).json().url)
  clock.advance(59)
  t.equal((await fetch(short.pathname + short.search)).statusCode, 200)
  clock.advance(1)
  isProblem(t, await fetch(short.pathname + short.search), 403, 'signature_expired', 'after 60 s')

  for (const expiresIn of [59, 86401, 0, -60, 60.5, '900', null]) {
    const response = await sign(picture.id, { expiresIn })
    isProblem(t, response, 400, 'validation_failed', `expiresIn ${JSON.stringify(expiresIn)}`)
    t.ok(response.json().errors.some((error: { path: string }) => error.path === '/expiresIn'), `${JSON.stringify(expiresIn)}: names /expiresIn`)
  }
  isProblem(t, await sign(picture.id, { expiresIn: 900, extra: true }), 400, 'validation_failed', 'an unknown property')
})

t.test('only the owner may sign: 401 without a token, 404 for anyone else', async (t) => {
  const { app, owner, picture, sign } = await setup(t)
  const stranger = await signUp(app)
  isProblem(t, await sign(picture.id, {}, null), 401, 'unauthorized', 'no token')
  isProblem(t, await sign(picture.id, {}, 'not-a-token'), 401, 'invalid_token', 'a bad token')
  isProblem(t, await sign(picture.id, {}, stranger.accessToken), 404, 'not_found', 'a stranger')
  isProblem(t, await sign(MISSING_ID, {}), 404, 'not_found', 'no such file')
  isProblem(t, await sign('not-an-id', {}), 400, 'validation_failed', 'not an id')

  await app.inject({ method: 'PATCH', url: `/v1/files/${picture.id}`, headers: bearer(owner.accessToken), payload: { visibility: 'public' } })
  isProblem(t, await sign(picture.id, {}, stranger.accessToken), 404, 'not_found', 'a stranger, even for a public file')
})

t.test('a signed variant URL serves that variant', async (t) => {
  const { app, owner, picture, signedPath, fetch } = await setup(t)
  const path = await signedPath(picture.id, { expiresIn: 300, variant: { w: 20, format: 'webp' } })
  t.match(path, /\?w=20&format=webp&expires=\d+&sig=/, 'the variant parameters are in the URL')
  const served = await fetch(path)
  t.equal(served.statusCode, 200)
  t.equal(served.headers['content-type'], 'image/webp')
  t.equal(served.headers['cache-control'], 'private, max-age=300')
  t.match(served.headers['content-disposition'], /^inline; filename="photo\.webp"/)
  const metadata = await sharp(served.rawPayload).metadata()
  t.equal(metadata.format, 'webp')
  t.same([metadata.width, metadata.height], [20, 10])
  const withToken = await app.inject({ url: `/v1/files/${picture.id}/content?w=20&format=webp`, headers: bearer(owner.accessToken) })
  t.equal(withToken.headers.etag, served.headers.etag, 'the same cached variant as the owner gets')

  const every = await signedPath(picture.id, { variant: { w: 10, h: 10, fit: 'contain', format: 'png', q: 50 } })
  t.match(every, /\?w=10&h=10&fit=contain&format=png&q=50&expires=/, 'in one fixed order')
  const image = await fetch(every)
  t.equal(image.statusCode, 200)
  t.same([(await sharp(image.rawPayload).metadata()).width, (await sharp(image.rawPayload).metadata()).height],
    [10, 10])
  const reordered = `/v1/files/${picture.id}/content?sig=${param(every, 'sig')}&q=50&expires=${param(every, 'expires')}&format=png&fit=contain&h=10&w=10`
  t.equal((await fetch(reordered)).statusCode, 200, 'the order of the query does not matter')
})

t.test('variant parameters are checked when signing: not on a text file, and within bounds', async (t) => {
  const { picture, text, sign, signedPath, fetch } = await setup(t)
  const refused = await sign(text.id, { variant: { w: 10 } })
  isProblem(t, refused, 400, 'validation_failed', 'a variant of a text file')
  t.same(refused.json().errors.map((error: { path: string, code: string }) => [error.path, error.code]), [['/w', 'not_an_image']])
  const plain = await fetch(await signedPath(text.id, { variant: {} }))
  t.equal(plain.statusCode, 200, 'an empty variant is the file itself')
  t.equal(plain.body, TEXT)
  t.equal(plain.headers['cache-control'], 'private, max-age=900')

  for (const variant of [{ w: 0 }, { w: 2049 }, { q: 101 }, { fit: 'fill' }, { format: 'gif' }, { width: 10 }, { w: '10' }]) {
    isProblem(t, await sign(picture.id, { variant }), 400, 'validation_failed', `variant ${JSON.stringify(variant)}`)
  }
})

t.test('a changed signature, expiry, file id or variant parameter is 403 invalid_signature', async (t) => {
  const { picture, other, signedPath, fetch } = await setup(t)
  const path = await signedPath(picture.id, { variant: { w: 20 } })
  t.equal((await fetch(path)).statusCode, 200, 'as signed')
  const sig = param(path, 'sig')
  const expires = Number(param(path, 'expires'))
  const flip = (char: string) => char === 'A' ? 'B' : 'A'
  // 32 bytes take 43 base64url characters; the last carries 2 unused bits.
  const last = sig.at(-1) as string
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const sameBytes = alphabet[alphabet.indexOf(last) ^ 1]
  t.same(Buffer.from(sig.slice(0, -1) + sameBytes, 'base64url'), Buffer.from(sig, 'base64url'), 'a second spelling of the same bytes')

  const tampered: Array<[string, string]> = [
    ['one character of the signature', withParam(path, 'sig', flip(sig[0]) + sig.slice(1))],
    ['another spelling of the signature', withParam(path, 'sig', sig.slice(0, -1) + sameBytes)],
    ['a truncated signature', withParam(path, 'sig', sig.slice(0, -2))],
    ['a longer signature', withParam(path, 'sig', sig + 'AA')],
    ['an empty signature', withParam(path, 'sig', '')],
    ['a later expiry', withParam(path, 'expires', String(expires + 1))],
    ['an earlier expiry', withParam(path, 'expires', String(expires - 1))],
    ['no expiry', withParam(path, 'expires', undefined)],
    ['another of the owner\'s files', path.replace(picture.id, other.id)],
    ['a missing file', path.replace(picture.id, MISSING_ID)],
    ['another width', withParam(path, 'w', '21')],
    ['no width', withParam(path, 'w', undefined)],
    ['an added height', withParam(path, 'h', '5')],
    ['an added fit, even the default', withParam(path, 'fit', 'cover')],
    ['an added format', withParam(path, 'format', 'webp')],
    ['an added quality, even the default', withParam(path, 'q', '80')]
  ]
  for (const [what, changed] of tampered) {
    isProblem(t, await fetch(changed), 403, 'invalid_signature', what)
  }

  const plain = await signedPath(picture.id)
  isProblem(t, await fetch(withParam(plain, 'w', '10')), 403, 'invalid_signature', 'a variant added to a URL signed for the file')
  const noSignature = await fetch(withParam(plain, 'sig', undefined))
  isProblem(t, noSignature, 404, 'not_found', 'without its signature the URL is an ordinary, unauthenticated request')
})

t.test('a tampered URL is invalid_signature even once expired; an expired one stays expired', async (t) => {
  const { clock, picture, signedPath, fetch } = await setup(t)
  const path = await signedPath(picture.id, { expiresIn: 60 })
  clock.advance(3600)
  isProblem(t, await fetch(path), 403, 'signature_expired', 'expired')
  const later = withParam(path, 'expires', String(Number(param(path, 'expires')) + 7200))
  isProblem(t, await fetch(later), 403, 'invalid_signature', 'pushing the expiry forward does not revive it')
})

t.test('a signed URL to a file that was deleted is 404', async (t) => {
  const { app, owner, picture, signedPath, fetch } = await setup(t)
  const path = await signedPath(picture.id)
  await app.inject({ method: 'DELETE', url: `/v1/files/${picture.id}`, headers: bearer(owner.accessToken) })
  isProblem(t, await fetch(path), 404, 'not_found', 'deleted')
})

t.test('signed URLs need no token, but a token sent along must still be valid', async (t) => {
  const { app, picture, signedPath } = await setup(t)
  const path = await signedPath(picture.id)
  const stranger = await signUp(app)
  t.equal((await app.inject({ url: path, headers: bearer(stranger.accessToken) })).statusCode, 200, 'anyone holding the URL')
  isProblem(t, await app.inject({ url: path, headers: bearer('garbage') }), 401, 'invalid_token', 'a bad token is refused, not ignored')
})

t.test('createUrlSigner: keyed by the secret, bound to the id, variant and expiry', async (t) => {
  const publicUrl = 'https://api.example.com'
  const signer = createUrlSigner({ secret: TEST_JWT_SECRET, publicUrl })
  const id = '11111111-1111-4111-8111-111111111111'
  const url = new URL(signer.url(id, { w: 10, format: 'webp' }, 2000))
  t.equal(url.origin + url.pathname, `${publicUrl}/v1/files/${id}/content`)
  const sig = url.searchParams.get('sig') ?? ''
  t.doesNotThrow(() => { signer.verify(id, { w: 10, format: 'webp' }, 2000, sig, 1999) }, 'valid before the expiry')
  const code = (fn: () => void) => {
    try {
      fn()
      return 'ok'
    } catch (error) {
      return error instanceof ApiError ? `${error.statusCode} ${error.code}` : String(error)
    }
  }
  t.equal(code(() => { signer.verify(id, { w: 10, format: 'webp' }, 2000, sig, 2000) }), '403 signature_expired')
  t.equal(code(() => { signer.verify(id, { w: 10 }, 2000, sig, 0) }), '403 invalid_signature')
  t.equal(code(() => { signer.verify(id, { w: 10, format: 'webp' }, undefined, sig, 0) }), '403 invalid_signature')
  t.equal(code(() => { signer.verify(id, { w: 10, format: 'webp' }, 2000, 'not base64url!', 0) }), '403 invalid_signature')
  const otherKey = createUrlSigner({ secret: `${TEST_JWT_SECRET}-rotated`, publicUrl })
  t.equal(code(() => { otherKey.verify(id, { w: 10, format: 'webp' }, 2000, sig, 0) }), '403 invalid_signature', 'another secret, another key')
  t.not(new URL(otherKey.url(id, {}, 2000)).searchParams.get('sig'), new URL(signer.url(id, {}, 2000)).searchParams.get('sig'))
})
