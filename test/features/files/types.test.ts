import t from 'tap'
import { detectType, looksLikePlainText, normalizeDeclared, unfinishedSequence, validatedText } from '../../../src/media/sniff.js'
import { build } from '../../helpers/build.js'
import { filePart, filesUnder, jpeg, png, upload } from '../../helpers/files.js'
import { signUp } from '../../helpers/users.js'

const SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>'

t.test('refused by content: markup, scripts, executables and contradictions are 415 and keep nothing', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)])
  const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)])
  const cases: Array<[string, Buffer | string, string | undefined, string]> = [
    ['SVG with a script, declared as SVG', SVG, 'image/svg+xml', 'svg.svg'],
    ['SVG with a script, declared as octet-stream', SVG, 'application/octet-stream', 'svg.svg'],
    ['bare SVG declared as text', '<svg onload="alert(1)"></svg>', 'text/plain', 'x.txt'],
    ['HTML declared as text', '<!DOCTYPE html><html><body>hi</body></html>', 'text/plain', 'page.txt'],
    ['HTML after a BOM and blank lines', '\ufeff\n\n  <script>alert(1)</script>', undefined, 'page.txt'],
    ['HTML declared as HTML', 'just words', 'text/html', 'page.html'],
    ['a JPEG declared as PDF', await jpeg(), 'application/pdf', 'doc.pdf'],
    ['a PNG declared as JPEG', await png(), 'image/jpeg', 'photo.jpg'],
    ['a PDF declared as PNG', '%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'image/png', 'x.png'],
    ['an ELF executable', elf, 'application/octet-stream', 'tool'],
    ['a Windows executable', exe, 'application/octet-stream', 'setup.exe'],
    ['a shell script', '#!/bin/sh\nrm -rf /\n', 'text/plain', 'run.txt'],
    ['text with a NUL', 'abc\0def', 'text/plain', 'nul.txt'],
    ['text that is not UTF-8', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x21]), 'text/plain', 'latin1.txt'],
    ['text whose NUL hides past the sniffed head', Buffer.concat([Buffer.alloc(10000, 'a'), Buffer.from([0])]), 'text/plain', 'tail.txt'],
    ['a zip archive', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]), undefined, 'a.zip']
  ]
  for (const [name, content, declared, filename] of cases) {
    const response = await upload(app, accessToken, [filePart(content, filename, declared)])
    t.equal(response.statusCode, 415, name)
    t.equal(response.json().code, 'unsupported_media_type', name)
  }
  t.equal(await app.prisma.file.count(), 0)
  t.same(filesUnder(app.config.uploadDir), [])
})

t.test('a PNG header glued onto HTML is 422 invalid_image', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const header = (await png()).subarray(0, 33) // signature + IHDR
  const glued = Buffer.concat([header, Buffer.from('<html><script>alert(1)</script></html>'.repeat(20))])
  const response = await upload(app, accessToken, [filePart(glued, 'innocent.png', 'image/png')])
  t.equal(response.statusCode, 422)
  t.equal(response.json().code, 'invalid_image')
  const undeclared = await upload(app, accessToken, [filePart(glued, 'innocent.png', 'application/octet-stream')])
  t.equal(undeclared.json().code, 'invalid_image', 'whatever the declared type')
  const truncated = await jpeg(400, 300)
  const third = await upload(app, accessToken, [filePart(truncated.subarray(0, truncated.length / 2), 'half.jpg', 'image/jpeg')])
  t.equal(third.statusCode, 422, 'a truncated JPEG does not fully decode')
  t.equal(third.json().code, 'invalid_image')
  t.same(filesUnder(app.config.uploadDir), [], 'scratch files are removed too')
})

t.test('the declared type may be absent (octet-stream) or agree; text takes any text/* declaration', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const accepted: Array<[Buffer | string, string | undefined, string]> = [
    [await png(), 'application/octet-stream', 'image/png'],
    [await png(), 'image/x-png', 'image/png'],
    [await jpeg(), 'image/jpg', 'image/jpeg'],
    [await jpeg(), 'IMAGE/JPEG; name=x', 'image/jpeg'],
    ['%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'application/pdf', 'application/pdf'],
    ['a,b\n1,2\n', 'text/csv', 'text/plain'],
    ['# Title\n\nhello ünïcødé 한국어\n', 'text/markdown', 'text/plain'],
    ['x < y and a <b> in the middle is fine', 'text/plain', 'text/plain'],
    ['no declared type at all is text/plain by RFC 7578', undefined, 'text/plain']
  ]
  for (const [content, declared, expected] of accepted) {
    const response = await upload(app, accessToken, [filePart(content, 'f', declared)])
    t.equal(response.statusCode, 201, `${declared} → ${expected}: ${response.body}`)
    t.equal(response.json().files[0].contentType, expected)
  }
})

t.test('UPLOAD_ALLOWED_TYPES decides what is kept', async (t) => {
  const app = await build(t, { config: { uploadAllowedTypes: ['image/png', 'text/plain'] } })
  const { accessToken } = await signUp(app)
  const pdf = await upload(app, accessToken, [filePart('%PDF-1.4\n%âãÏÓ\n', 'a.pdf', 'application/pdf')])
  t.equal(pdf.statusCode, 415)
  t.match(pdf.json().detail, /application\/pdf, which is not accepted/)
  const jpg = await upload(app, accessToken, [filePart(await jpeg(), 'a.jpg', 'image/jpeg')])
  t.equal(jpg.statusCode, 415)
  const ok = await upload(app, accessToken, [filePart(await png(), 'a.png', 'image/png')])
  t.equal(ok.statusCode, 201)
})

t.test('plain text is checked as UTF-8 across chunk boundaries', async (t) => {
  const collect = async (chunks: Array<number[] | string>) => {
    const source = (async function * () { for (const chunk of chunks) yield typeof chunk === 'string' ? Buffer.from(chunk) : Uint8Array.from(chunk) })()
    const out: Uint8Array[] = []
    for await (const chunk of validatedText(source)) out.push(chunk)
    return Buffer.concat(out)
  }
  const hangul = [...Buffer.from('한')] // three bytes
  const emoji = [...Buffer.from('😀')] // four bytes
  t.equal(String(await collect(['ab', hangul.slice(0, 1), hangul.slice(1), 'c'])), 'ab한c', 'a character split 1 + 2')
  t.equal(String(await collect([[...Buffer.from('x'), ...emoji.slice(0, 3)], emoji.slice(3)])), 'x😀', 'a character split 3 + 1')
  t.equal(String(await collect([emoji.slice(0, 1), emoji.slice(1, 2), emoji.slice(2)])), '😀', 'one byte at a time')
  for (const [label, chunks] of [
    ['a truncated character at the end', ['ok', hangul.slice(0, 2)]],
    ['a lone continuation byte', ['ok', [0x80]]],
    ['an overlong encoding', [[0xc0, 0xaf]]],
    ['a surrogate', [[0xed, 0xa0, 0x80]]],
    ['a split sequence with a bad middle', [[0xe2], [0x28, 0xa1]]],
    ['NUL', ['a\u0000b']]
  ] as Array<[string, Array<number[] | string>]>) {
    await t.rejects(collect(chunks), { code: 'unsupported_media_type' }, label)
  }
  t.equal(unfinishedSequence(Uint8Array.from([0x61])), 0)
  t.equal(unfinishedSequence(Uint8Array.from(hangul)), 0)
  t.equal(unfinishedSequence(Uint8Array.from(emoji.slice(0, 2))), 2)
  t.equal(unfinishedSequence(Uint8Array.from([0x80, 0x80, 0x80])), 0, 'no lead byte in reach: left to isUtf8')
})

t.test('sniffing helpers', async (t) => {
  t.equal(normalizeDeclared(undefined), undefined)
  t.equal(normalizeDeclared(' application/octet-stream '), undefined)
  t.equal(normalizeDeclared('Image/PJPEG'), 'image/jpeg')
  t.notOk(looksLikePlainText(Buffer.from('<P>para')))
  t.notOk(looksLikePlainText(Buffer.from('<!-- comment -->')))
  t.ok(looksLikePlainText(Buffer.from('<pre is not in the list')))
  t.ok(looksLikePlainText(Buffer.from('plain words')))
  await t.rejects(detectType(Buffer.from([0xff, 0xfe, 0x00, 0x41]), undefined, ['text/plain']), { code: 'unsupported_media_type' }, 'UTF-16 is not plain text')
})
