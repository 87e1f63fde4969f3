import t from 'tap'
import {
  contentDisposition, downloadName, MAX_FILENAME_LENGTH, MAX_RAW_FILENAME_LENGTH, sanitizeFilename, withExtensionFor
} from '../../../src/media/filename.js'
import { build } from '../../helpers/build.js'
import { filePart, filesUnder, multipart, png, uploadOk } from '../../helpers/files.js'
import { bearer, signUp } from '../../helpers/users.js'

t.test('sanitizeFilename keeps display text only', async (t) => {
  const cases: Array<[string, string]> = [
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\win.ini', 'win.ini'],
    ['C:\\Users\\me\\photo.jpg', 'photo.jpg'],
    ['/absolute/path/report.pdf', 'report.pdf'],
    ['..', 'file'],
    ['.', 'file'],
    ['...', 'file'],
    ['.htaccess', 'htaccess'],
    ['  spaced.txt  ', 'spaced.txt'],
    ['trailing dots...', 'trailing dots'],
    ['nul\u0000byte.txt', 'nulbyte.txt'],
    ['new\r\nline.txt', 'newline.txt'],
    ['tab\there.txt', 'tabhere.txt'],
    ['c1\u0085control.txt', 'c1control.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['isolate\u2066\u2067\u2068\u2069.txt', 'isolate.txt'],
    ['marks\u200E\u200F\u061C.txt', 'marks.txt'],
    ['bom\uFEFF.txt', 'bom.txt'],
    ['', 'file'],
    ['\u0000\u0000', 'file']
  ]
  for (const [raw, expected] of cases) t.equal(sanitizeFilename(raw), expected, JSON.stringify(raw))
  t.equal(sanitizeFilename('cafe\u0301.txt'), 'caf\u00e9.txt', 'Unicode NFC: e + combining acute becomes é')
  t.equal(sanitizeFilename('한국어 파일.png'), '한국어 파일.png', 'non-Latin names are kept')
})

t.test('sanitizeFilename is linear: long runs of dots or spaces anywhere cost microseconds, not seconds', async (t) => {
  for (const filler of ['.', ' ', '\u3000', '. ', 'a']) {
    for (const name of [`a${filler.repeat(200_000)}b`, `${filler.repeat(200_000)}b`, `a${filler.repeat(200_000)}`]) {
      const started = performance.now()
      const sanitized = sanitizeFilename(name)
      const elapsed = performance.now() - started
      t.ok(elapsed < 50, `${JSON.stringify(filler)} × 200,000: ${elapsed.toFixed(1)} ms`)
      t.ok([...sanitized].length <= MAX_FILENAME_LENGTH && !/^[.\s]|[.\s]$/.test(sanitized), `${JSON.stringify(filler)}: ${sanitized.slice(0, 20)}`)
    }
  }
  t.equal(sanitizeFilename(`${'a'.repeat(MAX_RAW_FILENAME_LENGTH)}\u0000tail.txt`), `${'a'.repeat(MAX_FILENAME_LENGTH - 4)}.txt`,
    'past MAX_RAW_FILENAME_LENGTH units only a short extension is looked at')
  t.equal(sanitizeFilename('😀'.repeat(MAX_RAW_FILENAME_LENGTH)).includes('\ufffd'), false, 'the raw cut never splits a surrogate pair')
})

t.test('lone surrogates become U+FFFD; pairs are kept; contentDisposition never throws', async (t) => {
  t.equal(sanitizeFilename('a\ud800b.txt'), 'a\ufffdb.txt')
  t.equal(sanitizeFilename('\udfff'), '\ufffd')
  t.equal(sanitizeFilename('\udc00\ud800.txt'), '\ufffd\ufffd.txt', 'a low then a high half is no pair')
  t.equal(sanitizeFilename('ok \ud83d\ude00.txt'), 'ok \u{1f600}.txt')
  t.equal(contentDisposition('attachment', 'x\udc00'), 'attachment; filename="x_"; filename*=UTF-8\'\'x%EF%BF%BD')
})

t.test('names that are Object.prototype properties are plain names', async (t) => {
  for (const name of ['constructor', '__proto__', 'toString']) {
    t.equal(sanitizeFilename(name), name)
    t.equal(downloadName(name, name), name, `${name} as a content type has no extension to add`)
    t.equal(withExtensionFor(name, name), name)
  }
})

t.test('long names are capped in code points, keeping the extension and whole surrogate pairs', async (t) => {
  const long = sanitizeFilename('a'.repeat(10 * 1024) + '.pdf')
  t.equal([...long].length, MAX_FILENAME_LENGTH)
  t.ok(long.endsWith('.pdf'))
  const emoji = sanitizeFilename('😀'.repeat(300))
  t.equal([...emoji].length, MAX_FILENAME_LENGTH)
  t.notMatch(emoji, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, 'no lone high surrogate')
  const oddExtension = sanitizeFilename('b'.repeat(300) + '.' + 'x'.repeat(40))
  t.equal([...oddExtension].length, MAX_FILENAME_LENGTH, 'a long "extension" is not kept whole')
})

t.test('Content-Disposition: an ASCII fallback and the exact name per RFC 8187', async (t) => {
  t.equal(contentDisposition('inline', 'photo.png'), 'inline; filename="photo.png"; filename*=UTF-8\'\'photo.png')
  t.equal(
    contentDisposition('attachment', 'résumé "final" 100%.pdf'),
    'attachment; filename="r_sum_ _final_ 100_.pdf"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9%20%22final%22%20100%25.pdf'
  )
  t.equal(contentDisposition('attachment', "it's (a) *test*.txt"), 'attachment; filename="it\'s (a) *test*.txt"; filename*=UTF-8\'\'it%27s%20%28a%29%20%2Atest%2A.txt')
  t.equal(contentDisposition('attachment', 'back\\slash.txt'), 'attachment; filename="back_slash.txt"; filename*=UTF-8\'\'back%5Cslash.txt')
})

t.test('download names end in an extension of the served type; variants take their format\'s', async (t) => {
  t.equal(downloadName('notes.html', 'text/plain'), 'notes.html.txt')
  t.equal(downloadName('notes.txt', 'text/plain'), 'notes.txt')
  t.equal(downloadName('README.MD', 'text/plain'), 'README.MD')
  t.equal(downloadName('report', 'application/pdf'), 'report.pdf')
  t.equal(downloadName('thing', 'application/x-unknown'), 'thing')
  t.equal(withExtensionFor('photo.png', 'image/webp'), 'photo.webp')
  t.equal(withExtensionFor('photo', 'image/jpeg'), 'photo.jpg')
  t.equal(withExtensionFor('photo', 'application/x-unknown'), 'photo')
})

t.test('hostile names through the API: stored sanitized, served safely encoded, never a path', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const hostile = ['../../etc/passwd', '..\\..\\win.ini', 'a\u0000b.txt', 'gnp\u202E.txt', 'x'.repeat(10 * 1024) + '.txt']
  const files = await uploadOk(app, accessToken, hostile.map((name) => filePart('text', name, 'text/plain')))
  t.same(files.map((file) => file.filename), ['passwd', 'win.ini', 'ab.txt', 'gnp.txt', 'x'.repeat(MAX_FILENAME_LENGTH - 4) + '.txt'])
  for (const path of filesUnder(app.config.uploadDir)) {
    t.match(path, /^blobs\/files\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f-]{36}\/original$/, 'only server-made names on disk')
  }
  // A quote in a name (set through PATCH, which takes any string) cannot end the parameter.
  await app.inject({ method: 'PATCH', url: `/v1/files/${files[0].id}`, headers: bearer(accessToken), payload: { filename: '"; filename=evil.html' } })
  const quoted = await app.inject({ method: 'GET', url: `/v1/files/${files[0].id}/content`, headers: bearer(accessToken) })
  t.equal(quoted.headers['content-disposition'], 'attachment; filename="_; filename=evil.html.txt"; filename*=UTF-8\'\'%22%3B%20filename%3Devil.html.txt',
    'a quote cannot end the parameter, and the saved name is .txt')
})

t.test('a filename* parameter from the client is decoded like any name (busboy) and sanitized', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const body = multipart([{ name: 'file', contentType: 'image/png', content: await png(), headers: [] }])
  // Rewrite the disposition by hand: filename* with a traversal in UTF-8 percent-encoding.
  const payload = Buffer.from(body.payload.toString('latin1').replace('form-data; name="file"', 'form-data; name="file"; filename*=UTF-8\'\'..%2F..%2Fsecret%E2%80%AE.png'), 'latin1')
  const response = await app.inject({ method: 'POST', url: '/v1/files', headers: { ...body.headers, ...bearer(accessToken) }, payload })
  t.equal(response.statusCode, 201, response.body)
  t.equal(response.json().files[0].filename, 'secret.png')
})

t.test('PATCH renames with the same sanitizing', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const [file] = await uploadOk(app, accessToken, [filePart('x', 'a.txt', 'text/plain')])
  const response = await app.inject({ method: 'PATCH', url: `/v1/files/${file.id}`, headers: bearer(accessToken), payload: { filename: '../../boot.ini\u202E' } })
  t.equal(response.statusCode, 200)
  t.equal(response.json().filename, 'boot.ini')
})
