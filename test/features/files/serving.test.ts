import t, { type Test } from 'tap'
import { parseRange } from '../../../src/media/serve.js'
import { build } from '../../helpers/build.js'
import { filePart, png, uploadOk } from '../../helpers/files.js'
import { bearer, signUp } from '../../helpers/users.js'

const TEXT = 'abcdefghijklmnopqrstuvwxyz0123456789' // 36 bytes

async function setup (t: Test) {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const image = await png(20, 10)
  const [text, picture, pdf] = await uploadOk(app, accessToken, [
    filePart(TEXT, 'alphabet.txt', 'text/plain'),
    filePart(image, 'photo.png', 'image/png'),
    filePart('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'report.pdf', 'application/pdf')
  ])
  const get = async (id: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
    await app.inject({ method, url: `/v1/files/${id}/content`, headers: { ...bearer(accessToken), ...headers } })
  return { app, accessToken, text, picture, pdf, image, get }
}

t.test('content is served with its sniffed type, length, validators and safety headers', async (t) => {
  const { text, picture, pdf, image, get } = await setup(t)
  const response = await get(picture.id)
  t.equal(response.statusCode, 200)
  t.same(response.rawPayload, image)
  t.equal(response.headers['content-type'], 'image/png')
  t.equal(response.headers['content-length'], String(image.length))
  t.equal(response.headers.etag, `"${picture.sha256}"`, 'strong ETag: the SHA-256')
  t.equal(response.headers['last-modified'], new Date(picture.createdAt).toUTCString())
  t.equal(response.headers['accept-ranges'], 'bytes')
  t.equal(response.headers['x-content-type-options'], 'nosniff')
  t.equal(response.headers['content-security-policy'], "default-src 'none'; sandbox")
  t.equal(response.headers['cross-origin-resource-policy'], 'cross-origin', 'not helmet\'s same-origin: <img> on other origins')
  t.equal(response.headers['cache-control'], 'private, no-cache', 'private file')
  t.equal(response.headers['content-disposition'], 'inline; filename="photo.png"; filename*=UTF-8\'\'photo.png', 'images inline')

  const textResponse = await get(text.id)
  t.equal(textResponse.body, TEXT)
  t.equal(textResponse.headers['content-type'], 'text/plain; charset=utf-8')
  t.match(textResponse.headers['content-disposition'], /^attachment; filename="alphabet.txt"/, 'everything else is an attachment')
  const pdfResponse = await get(pdf.id)
  t.equal(pdfResponse.headers['content-type'], 'application/pdf')
  t.match(pdfResponse.headers['content-disposition'], /^attachment; filename="report.pdf"/)
})

t.test('public files say so in Cache-Control', async (t) => {
  const { app, accessToken, picture, get } = await setup(t)
  await app.inject({ method: 'PATCH', url: `/v1/files/${picture.id}`, headers: bearer(accessToken), payload: { visibility: 'public' } })
  t.equal((await get(picture.id)).headers['cache-control'], 'public, max-age=300')
})

t.test('conditional requests: If-None-Match and If-Modified-Since give 304 without a body', async (t) => {
  const { text, get } = await setup(t)
  const etag = `"${text.sha256}"`
  const matching = await get(text.id, { 'if-none-match': etag })
  t.equal(matching.statusCode, 304)
  t.equal(matching.body, '')
  t.equal(matching.headers.etag, etag)
  t.equal(matching.headers['cross-origin-resource-policy'], 'cross-origin')
  t.equal((await get(text.id, { 'if-none-match': `"other", W/${etag}` })).statusCode, 304, 'a list, compared weakly')
  t.equal((await get(text.id, { 'if-none-match': '*' })).statusCode, 304)
  t.equal((await get(text.id, { 'if-none-match': '"other"' })).statusCode, 200)
  const later = new Date(Date.parse(text.createdAt) + 60_000).toUTCString()
  const earlier = new Date(Date.parse(text.createdAt) - 60_000).toUTCString()
  t.equal((await get(text.id, { 'if-modified-since': later })).statusCode, 304)
  t.equal((await get(text.id, { 'if-modified-since': earlier })).statusCode, 200)
  t.equal((await get(text.id, { 'if-modified-since': 'not a date' })).statusCode, 200)
  t.equal((await get(text.id, { 'if-none-match': '"other"', 'if-modified-since': later })).statusCode, 200, 'If-None-Match wins')
})

t.test('byte ranges: 206 with Content-Range, 416 when unsatisfiable, the full body otherwise', async (t) => {
  const { text, get } = await setup(t)
  const cases: Array<[string, number, string | undefined, string | undefined]> = [
    ['bytes=0-4', 206, 'abcde', 'bytes 0-4/36'],
    ['bytes=10-10', 206, 'k', 'bytes 10-10/36'],
    ['bytes=30-', 206, '456789', 'bytes 30-35/36'],
    ['bytes=-3', 206, '789', 'bytes 33-35/36'],
    ['bytes=-100', 206, TEXT, 'bytes 0-35/36'],
    ['bytes=35-1000', 206, '9', 'bytes 35-35/36'],
    ['bytes=36-', 416, undefined, 'bytes */36'],
    ['bytes=1000-2000', 416, undefined, 'bytes */36'],
    ['bytes=-0', 416, undefined, 'bytes */36'],
    ['bytes=5-2', 200, TEXT, undefined],
    ['bytes=0-1,4-5', 200, TEXT, undefined],
    ['items=0-5', 200, TEXT, undefined],
    ['bytes=-', 200, TEXT, undefined],
    ['bytes=abc', 200, TEXT, undefined]
  ]
  for (const [range, status, body, contentRange] of cases) {
    const response = await get(text.id, { range })
    t.equal(response.statusCode, status, range)
    t.equal(response.headers['content-range'], contentRange, `${range} Content-Range`)
    if (body !== undefined) {
      t.equal(response.body, body, `${range} body`)
      t.equal(response.headers['content-length'], String(body.length), `${range} Content-Length`)
    } else {
      t.equal(response.json().code, 'range_not_satisfiable')
      t.match(response.headers['content-type'], /^application\/problem\+json/)
    }
  }
})

t.test('If-Range: the range only applies to the same representation', async (t) => {
  const { text, get } = await setup(t)
  const etag = `"${text.sha256}"`
  t.equal((await get(text.id, { range: 'bytes=0-1', 'if-range': etag })).statusCode, 206)
  t.equal((await get(text.id, { range: 'bytes=0-1', 'if-range': '"stale"' })).statusCode, 200)
  t.equal((await get(text.id, { range: 'bytes=0-1', 'if-range': `W/${etag}` })).statusCode, 200, 'weak tags never match If-Range')
  t.equal((await get(text.id, { range: 'bytes=0-1', 'if-range': new Date(text.createdAt).toUTCString() })).statusCode, 206)
  t.equal((await get(text.id, { range: 'bytes=0-1', 'if-range': 'Thu, 01 Jan 1970 00:00:00 GMT' })).statusCode, 200)
})

t.test('HEAD gives the headers without the body', async (t) => {
  const { text, get } = await setup(t)
  const response = await get(text.id, {}, 'HEAD')
  t.equal(response.statusCode, 200)
  t.equal(response.body, '')
  t.equal(response.headers['content-length'], '36')
  t.equal(response.headers.etag, `"${text.sha256}"`)
})

t.test('a row whose blob went missing is a logged 404, not a 500', async (t) => {
  const { app, text, get } = await setup(t)
  await app.media.storage.delete(`files/${text.id}/original`)
  const response = await get(text.id)
  t.equal(response.statusCode, 404)
  t.equal(response.json().code, 'not_found')
})

t.test('parseRange', async (t) => {
  t.equal(parseRange(undefined, 10), undefined)
  t.same(parseRange(' bytes=2-3 ', 10), { start: 2, end: 3 })
  t.equal(parseRange('bytes=10-', 10), 'unsatisfiable')
})
