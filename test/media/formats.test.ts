// The one table of formats: every list, lookup and encoder setting is read from
// it, prototype names are not formats, and encoding gives the format asked for.
import sharp from 'sharp'
import t from 'tap'
import {
  canonicalType, encode, ENCODABLE_FORMATS, encoderOptions, FORMATS, formatNamed, formatOfType, imageFormatOf,
  isImageType,
  servedType, UPLOAD_TYPES
} from '../../src/media/formats.js'

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif']
const OTHER_TYPES = ['application/pdf', 'text/plain']

t.test('the lists are the table: every stored type is an upload type, every encodable row is encodable', async (t) => {
  t.same([...UPLOAD_TYPES].sort(), [...IMAGE_TYPES, ...OTHER_TYPES].sort(), 'the seven types we store')
  t.same(UPLOAD_TYPES, FORMATS.map((format) => format.type), 'read from the table, in its order')
  const encodableRows = FORMATS.filter((format) => format.encodable).map((format) => format.name)
  t.same([...ENCODABLE_FORMATS].sort(), [...encodableRows].sort(), 'exactly the rows marked encodable')
  t.equal(ENCODABLE_FORMATS[0], 'webp', 'WebP first: the default variant format')
  t.notOk((ENCODABLE_FORMATS as readonly string[]).includes('gif'), 'GIF is only ever kept as it came')
})

t.test('isImageType is true exactly for the rows with a decoder', async (t) => {
  for (const type of IMAGE_TYPES) t.equal(isImageType(type), true, type)
  for (const type of [...OTHER_TYPES, 'image/svg+xml', 'image/tiff', 'text/html', '', 'constructor', '__proto__']) {
    t.equal(isImageType(type), false, JSON.stringify(type))
  }
})

t.test('imageFormatOf gives the image row and throws for anything else', async (t) => {
  for (const type of IMAGE_TYPES) {
    const format = imageFormatOf(type)
    t.equal(format.type, type)
    t.equal(format, formatOfType(type), 'the table\'s own row')
    t.type(format.decoder, 'string')
  }
  for (const type of [...OTHER_TYPES, 'image/svg+xml', 'constructor', '__proto__']) {
    t.throws(() => imageFormatOf(type), TypeError, `${type} is not an image`)
  }
})

t.test('a prototype name is no format (the lookups are Maps, not objects)', async (t) => {
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
    t.equal(formatOfType(name), undefined, name)
    t.equal(servedType(name), name, `${name} is served as itself, not as a function's text`)
  }
})

t.test('canonicalType: the declared aliases stand for their type; anything else, prototype names too, is itself', async (t) => {
  t.equal(canonicalType('image/jpg'), 'image/jpeg')
  t.equal(canonicalType('image/pjpeg'), 'image/jpeg')
  t.equal(canonicalType('image/x-png'), 'image/png')
  for (const type of [...IMAGE_TYPES, ...OTHER_TYPES, 'image/x-unknown', 'constructor', '__proto__', 'toString']) {
    t.equal(canonicalType(type), type, type)
  }
})

t.test('servedType: text gets its charset, the others their own type, unknown types pass through', async (t) => {
  t.equal(servedType('text/plain'), 'text/plain; charset=utf-8')
  for (const type of [...IMAGE_TYPES, 'application/pdf']) t.equal(servedType(type), type)
  t.equal(servedType('application/x-unknown'), 'application/x-unknown')
})

t.test('encoderOptions: PNG and GIF stay lossless, effort only where the encoder has one', async (t) => {
  const asked = { quality: 55, effort: 2 }
  t.same(encoderOptions('png', asked), { palette: false }, 'PNG: no quality (sharp would quantize), no effort')
  t.same(encoderOptions('png', { ...asked, palette: true }), { palette: true }, 'a palette PNG stays one')
  t.same(encoderOptions('gif', asked), {}, 'GIF: nothing')
  t.same(encoderOptions('jpeg', asked), { quality: 55 }, 'JPEG: quality, no effort')
  t.same(encoderOptions('webp', asked), { quality: 55, effort: 2 })
  t.same(encoderOptions('avif', asked), { quality: 55, effort: 2 })
  t.same(encoderOptions('webp', { quality: 70 }), { quality: 70 }, 'no effort asked: none set')
  t.notOk('quality' in encoderOptions('png', asked))
})

t.test('encode() of a real image gives each encodable format, as sharp reads it back', async (t) => {
  const source = await sharp({ create: { width: 12, height: 9, channels: 3, background: '#3366cc' } }).png().toBuffer()
  for (const name of ENCODABLE_FORMATS) {
    const bytes = await encode(sharp(source), name, { quality: 80, effort: 1 }).toBuffer()
    const metadata = await sharp(bytes).metadata()
    t.equal(metadata.format, formatNamed(name).decoder, `${name} decodes as ${formatNamed(name).decoder ?? '?'}`)
    t.same([metadata.width, metadata.height], [12, 9], `${name} keeps the size`)
    if (name === 'avif') t.equal(metadata.compression, 'av1', 'AVIF, not another HEIF')
  }
})

t.test('a transparent PNG encoded to JPEG is laid on white, not black', async (t) => {
  const clear = { r: 0, g: 0, b: 0, alpha: 0 }
  const transparent = await sharp({ create: { width: 4, height: 4, channels: 4, background: clear } })
    .png().toBuffer()
  const jpegBytes = await encode(sharp(transparent), 'jpeg', { quality: 90 }).toBuffer()
  const { data, info } = await sharp(jpegBytes).raw().toBuffer({ resolveWithObject: true })
  t.equal(info.channels, 3)
  t.ok([data[0], data[1], data[2]].every((value) => value >= 250), `white: ${[...data.subarray(0, 3)].join(',')}`)

  const keeps = await encode(sharp(transparent), 'png', {}).toBuffer()
  t.equal((await sharp(keeps).metadata()).hasAlpha, true, 'formats with alpha keep it (only JPEG is flattened)')
})
