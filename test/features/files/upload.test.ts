import t from 'tap'
import { build } from '../../helpers/build.js'
import { multipartError } from '../../../src/media/multipart.js'
import { filePart, filesUnder, multipart, png, sha256, upload, uploadOk } from '../../helpers/files.js'
import { bearer, signUp } from '../../helpers/users.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

t.test('an upload answers 201 with FileObjects describing the stored bytes', async (t) => {
  const app = await build(t, { config: { publicUrl: 'https://api.example.com' } })
  const { accessToken } = await signUp(app)
  const image = await png(40, 30)
  const response = await upload(app, accessToken, [filePart(image, 'red.png', 'image/png'), filePart('hello\n', 'notes.txt', 'text/plain')])
  t.equal(response.statusCode, 201, response.body)
  const [picture, text] = response.json().files
  t.match(picture.id, UUID)
  t.same(Object.keys(picture).sort(), ['contentType', 'createdAt', 'filename', 'height', 'id', 'sha256', 'size', 'updatedAt', 'url', 'visibility', 'width'])
  t.equal(picture.filename, 'red.png')
  t.equal(picture.contentType, 'image/png')
  t.equal(picture.size, image.length)
  t.equal(picture.sha256, sha256(image))
  t.equal(picture.visibility, 'private', 'private by default')
  t.equal(picture.width, 40)
  t.equal(picture.height, 30)
  t.equal(picture.url, `https://api.example.com/v1/files/${picture.id}/content`, 'absolute, from PUBLIC_URL')
  t.equal(text.contentType, 'text/plain')
  t.equal(text.width, null, 'null for non-images')
  t.equal(text.height, null)
  t.equal(text.sha256, sha256('hello\n'))

  const content = await app.inject({ method: 'GET', url: `/v1/files/${picture.id}/content`, headers: bearer(accessToken) })
  t.same(content.rawPayload, image, 'what is served is what was hashed')
})

t.test('blobs live under server-made ids in sharded folders, never under the client name', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const [file] = await uploadOk(app, accessToken, [filePart('data', 'evil-name.txt', 'text/plain')])
  const stored = filesUnder(app.config.uploadDir)
  t.same(stored, [`blobs/files/${file.id.slice(0, 2)}/${file.id.slice(2, 4)}/${file.id}/original`])
})

t.test('the visibility field may come before or after the files', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const before = await uploadOk(app, accessToken, [{ name: 'visibility', content: 'public' }, filePart('a', 'a.txt')])
  t.equal(before[0].visibility, 'public')
  const after = await uploadOk(app, accessToken, [filePart('a', 'a.txt'), filePart('b', 'b.txt'), { name: 'visibility', content: 'public' }])
  t.same(after.map((file) => file.visibility), ['public', 'public'])
})

t.test('refused requests keep nothing: 400s for fields and missing or empty files', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const cases = [
    { name: 'unknown field', parts: [filePart('a', 'a.txt'), { name: 'colour', content: 'blue' }], code: 'validation_failed', path: '/colour' },
    { name: 'a file under another name', parts: [filePart('a', 'a.txt'), { ...filePart('b', 'b.txt'), name: 'attachment' }], code: 'validation_failed', path: '/attachment' },
    { name: 'bad visibility', parts: [filePart('a', 'a.txt'), { name: 'visibility', content: 'friends' }], code: 'validation_failed', path: '/visibility' },
    { name: 'visibility twice', parts: [{ name: 'visibility', content: 'public' }, { name: 'visibility', content: 'private' }, filePart('a', 'a.txt')], code: 'validation_failed', path: '/visibility' },
    { name: 'no file part', parts: [{ name: 'visibility', content: 'public' }], code: 'missing_file', path: '/file' },
    { name: 'an empty file', parts: [filePart('a', 'a.txt'), filePart('', 'empty.txt')], code: 'empty_file', path: '/file' }
  ]
  for (const example of cases) {
    const response = await upload(app, accessToken, example.parts)
    t.equal(response.statusCode, 400, example.name)
    t.match(response.headers['content-type'], /^application\/problem\+json/, example.name)
    t.equal(response.json().code, example.code, example.name)
    t.equal(response.json().errors[0].path, example.path, example.name)
  }
  t.same(filesUnder(app.config.uploadDir).filter((path) => path.startsWith('blobs/')), [], 'no blob kept')
  t.equal(await app.prisma.file.count(), 0, 'no row kept')
})

t.test('an empty multipart body is a missing file', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const body = multipart([])
  const response = await app.inject({ method: 'POST', url: '/v1/files', headers: { ...body.headers, ...bearer(accessToken) }, payload: body.payload })
  t.equal(response.statusCode, 400)
  t.equal(response.json().code, 'missing_file')
})

t.test('non-multipart bodies are 415 unsupported_media_type, not 406', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const json = await app.inject({ method: 'POST', url: '/v1/files', headers: bearer(accessToken), payload: { file: 'x' } })
  t.equal(json.statusCode, 415)
  t.equal(json.json().code, 'unsupported_media_type')
  const text = await app.inject({ method: 'POST', url: '/v1/files', headers: { ...bearer(accessToken), 'content-type': 'text/plain' }, payload: 'x' })
  t.equal(text.statusCode, 415)
  t.equal(text.json().code, 'unsupported_media_type')
})

t.test('a malformed multipart body is a 400, not a 500', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const noBoundary = await app.inject({ method: 'POST', url: '/v1/files', headers: { ...bearer(accessToken), 'content-type': 'multipart/form-data' }, payload: 'garbage' })
  t.equal(noBoundary.statusCode, 400)
  t.equal(noBoundary.json().code, 'invalid_multipart')
  const body = multipart([filePart('abc', 'a.txt')])
  const truncated = await app.inject({ method: 'POST', url: '/v1/files', headers: { ...body.headers, ...bearer(accessToken) }, payload: body.payload.subarray(0, body.payload.length - 20) })
  t.equal(truncated.statusCode, 400)
  t.equal(truncated.json().code, 'invalid_multipart')
  t.equal(await app.prisma.file.count(), 0)
})

t.test('a part header past MAX_PART_HEADER_BYTES is cut, not buffered: a 100 KiB file name is stored short, without its extension', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const response = await upload(app, accessToken, [filePart('hello', `${'n'.repeat(100 * 1024)}.txt`, 'text/plain')])
  t.equal(response.statusCode, 201, response.body.slice(0, 200))
  t.equal(response.json().files[0].filename.length, 255)
})

t.test('multipartError: what the parser threw is a 400; anything else (a disk error) stays as it is', async (t) => {
  const disk = Object.assign(new Error('ENOSPC: no space left on device, boundary of nothing'), { code: 'ENOSPC' })
  t.equal(multipartError(disk), disk, 'a message that mentions a boundary is not a parser error')
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const body = multipart([filePart('abc', 'a.txt')])
  const cut = await app.inject({
    method: 'POST', url: '/v1/files', headers: { ...body.headers, ...bearer(accessToken) }, payload: body.payload.subarray(0, body.payload.length - 30)
  })
  t.equal(cut.json().code, 'invalid_multipart')
})

t.test('UPLOAD_MAX_BYTES: exactly the limit is stored, one byte over is 413 file_too_large', async (t) => {
  const app = await build(t, { config: { uploadMaxBytes: 5000 } })
  const { accessToken } = await signUp(app)
  const atLimit = await upload(app, accessToken, [filePart('a'.repeat(5000), 'limit.txt')])
  t.equal(atLimit.statusCode, 201)
  t.equal(atLimit.json().files[0].size, 5000)
  const over = await upload(app, accessToken, [filePart('a'.repeat(5001), 'over.txt')])
  t.equal(over.statusCode, 413)
  t.equal(over.json().code, 'file_too_large')
  const overImage = await upload(app, accessToken, [filePart(Buffer.concat([await png(), Buffer.alloc(5000)]), 'big.png')])
  t.equal(overImage.json().code, 'file_too_large', 'images too')
  t.equal(await app.prisma.file.count(), 1)
  t.equal(filesUnder(app.config.uploadDir).filter((path) => path.startsWith('blobs/')).length, 1, 'only the accepted blob')
})

t.test('UPLOAD_MAX_FILES: at the limit is fine, one more is 413 too_many_files and keeps nothing', async (t) => {
  const app = await build(t, { config: { uploadMaxFiles: 3 } })
  const { accessToken } = await signUp(app)
  const three = await upload(app, accessToken, [filePart('1', '1.txt'), filePart('2', '2.txt'), filePart('3', '3.txt')])
  t.equal(three.statusCode, 201)
  const four = await upload(app, accessToken, [filePart('1', '1.txt'), filePart('2', '2.txt'), filePart('3', '3.txt'), filePart('4', '4.txt')])
  t.equal(four.statusCode, 413)
  t.equal(four.json().code, 'too_many_files')
  t.equal(await app.prisma.file.count(), 3)
  t.equal(filesUnder(app.config.uploadDir).filter((path) => path.startsWith('blobs/')).length, 3)
})

t.test('all or nothing: a refused later part removes the blobs of the earlier ones', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const response = await upload(app, accessToken, [
    filePart(await png(), 'ok.png', 'image/png'),
    filePart('fine', 'ok.txt', 'text/plain'),
    filePart('<html><script>alert(1)</script></html>', 'evil.html', 'text/html')
  ])
  t.equal(response.statusCode, 415)
  t.equal(await app.prisma.file.count(), 0)
  t.same(filesUnder(app.config.uploadDir), [], 'no blob, temporary or scratch file remains')
})

t.test('uploads need a token with files:write', async (t) => {
  const app = await build(t)
  const anonymous = await upload(app, undefined, [filePart('a', 'a.txt')])
  t.equal(anonymous.statusCode, 401)
  t.equal(anonymous.json().code, 'unauthorized')
})
