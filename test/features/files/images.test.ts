import sharp from 'sharp'
import t from 'tap'
import { build } from '../../helpers/build.js'
import { filePart, filesUnder, png, pngBomb, sha256, upload, uploadOk } from '../../helpers/files.js'
import { bearer, signUp } from '../../helpers/users.js'

/** Peak RSS growth while `work` runs, sampled every few milliseconds. */
async function peakRssGrowth (work: () => Promise<unknown>): Promise<number> {
  const start = process.memoryUsage().rss
  let peak = start
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 2)
  try {
    await work()
  } finally {
    clearInterval(timer)
  }
  return Math.max(peak, process.memoryUsage().rss) - start
}

t.test('a 30000×30000 PNG bomb of about 110 KB is 422 image_too_large without decoding it', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const bomb = await pngBomb(30000, 30000)
  t.ok(bomb.length < 200 * 1024, `the bomb is small on the wire (${bomb.length} bytes)`)
  let response: Awaited<ReturnType<typeof upload>> | undefined
  const growth = await peakRssGrowth(async () => { response = await upload(app, accessToken, [filePart(bomb, 'bomb.png', 'image/png')]) })
  t.equal(response?.statusCode, 422)
  t.equal(response?.json().code, 'image_too_large')
  t.ok(growth < 64 * 1024 * 1024, `memory grew by ${Math.round(growth / 1024 / 1024)} MiB (decoding would need about 900 MB)`)
  t.same(filesUnder(app.config.uploadDir), [], 'nothing left behind')
})

t.test('the pixel limit is read from the header, below libvips\' own default limit too', async (t) => {
  // 10000×10000 is 100 MP: under libvips' 268 MP default, so only our check refuses it.
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const response = await upload(app, accessToken, [filePart(await pngBomb(10000, 10000), 'big.png', 'image/png')])
  t.equal(response.statusCode, 422)
  t.equal(response.json().code, 'image_too_large')
})

t.test('UPLOAD_MAX_IMAGE_PIXELS: exactly at the limit passes, one pixel row over is refused', async (t) => {
  const app = await build(t, { config: { uploadMaxImagePixels: 32 * 24 } })
  const { accessToken } = await signUp(app)
  t.equal((await upload(app, accessToken, [filePart(await png(32, 24), 'a.png', 'image/png')])).statusCode, 201)
  const over = await upload(app, accessToken, [filePart(await png(32, 25), 'b.png', 'image/png')])
  t.equal(over.statusCode, 422)
  t.equal(over.json().code, 'image_too_large')
})

t.test('animated images count the pixels of every frame', async (t) => {
  // Distinct frames: the GIF encoder merges identical ones.
  const frame = async (background: string) =>
    await sharp({ create: { width: 20, height: 20, channels: 3, background } }).png().toBuffer()
  const gif = await sharp([await frame('#ff0000'), await frame('#00ff00'), await frame('#0000ff')], { join: { animated: true } })
    .gif().toBuffer()
  t.equal((await sharp(gif).metadata()).pages, 3)
  const app = await build(t, { config: { uploadMaxImagePixels: 20 * 20 * 2 } })
  const { accessToken } = await signUp(app)
  const response = await upload(app, accessToken, [filePart(gif, 'anim.gif', 'image/gif')])
  t.equal(response.statusCode, 422, '3 frames of 400 pixels pass a 800-pixel limit per frame but not in all')
  t.equal(response.json().code, 'image_too_large')
})

t.test('EXIF orientation is applied before storing: dimensions and pixels as displayed', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  // 20 wide × 10 high, left half red and right half blue, tagged "rotate 90° clockwise to display".
  const left = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#ff0000' } }).png().toBuffer()
  const raw = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#0000ff' } })
    .composite([{ input: left, left: 0, top: 0 }]).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer()
  t.equal((await sharp(raw).metadata()).orientation, 6)
  const [file] = await uploadOk(app, accessToken, [filePart(raw, 'phone.jpg', 'image/jpeg')])
  t.equal(file.width, 10)
  t.equal(file.height, 20)
  const served = (await app.inject({ method: 'GET', url: `/v1/files/${file.id}/content`, headers: bearer(accessToken) })).rawPayload
  t.equal(sha256(served), file.sha256, 'the hash covers the rewritten bytes')
  t.equal(served.length, file.size)
  const metadata = await sharp(served).metadata()
  t.equal(metadata.width, 10)
  t.equal(metadata.height, 20)
  t.equal(metadata.orientation, undefined, 'no orientation tag left to apply twice')
  const { data } = await sharp(served).raw().toBuffer({ resolveWithObject: true })
  const pixel = (x: number, y: number) => [...data.subarray((y * 10 + x) * 3, (y * 10 + x) * 3 + 3)]
  t.ok(pixel(5, 2)[0] > 200 && pixel(5, 2)[2] < 60, `top is red: ${pixel(5, 2).join(',')}`)
  t.ok(pixel(5, 17)[2] > 200 && pixel(5, 17)[0] < 60, `bottom is blue: ${pixel(5, 17).join(',')}`)
})

const gpsJpeg = async () => await sharp({ create: { width: 16, height: 16, channels: 3, background: '#336699' } })
  .jpeg()
  .withExif({ IFD0: { Artist: 'Alice Example' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } })
  .toBuffer()

t.test('metadata (GPS above all) is stripped from what is stored', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const original = await gpsJpeg()
  t.match((await sharp(original).metadata()).exif?.toString('latin1') ?? '', /Alice Example/, 'the upload carries EXIF')
  const [file] = await uploadOk(app, accessToken, [filePart(original, 'gps.jpg', 'image/jpeg')])
  const served = (await app.inject({ method: 'GET', url: `/v1/files/${file.id}/content`, headers: bearer(accessToken) })).rawPayload
  const metadata = await sharp(served).metadata()
  t.equal(metadata.exif, undefined, 'no EXIF (and so no GPS)')
  t.equal(metadata.xmp, undefined)
  t.notMatch(served.toString('latin1'), /Alice Example/)
  t.not(file.sha256, sha256(original), 'rewritten')
  t.equal(file.sha256, sha256(served))

  const xmpPng = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png()
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30N"/></rdf:RDF></x:xmpmeta>').toBuffer()
  t.ok((await sharp(xmpPng).metadata()).xmp, 'the PNG carries XMP')
  const [pngFile] = await uploadOk(app, accessToken, [filePart(xmpPng, 'xmp.png', 'image/png')])
  const servedPng = (await app.inject({ method: 'GET', url: `/v1/files/${pngFile.id}/content`, headers: bearer(accessToken) })).rawPayload
  t.equal((await sharp(servedPng).metadata()).xmp, undefined, 'XMP stripped from PNG')
})

t.test('an image with nothing to strip or rotate is kept byte for byte', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const plain = await png(30, 30)
  const [file] = await uploadOk(app, accessToken, [filePart(plain, 'plain.png', 'image/png')])
  t.equal(file.sha256, sha256(plain))
})

t.test('UPLOAD_STRIP_METADATA=false keeps metadata', async (t) => {
  const app = await build(t, { config: { uploadStripMetadata: false } })
  const { accessToken } = await signUp(app)
  const original = await gpsJpeg()
  const [file] = await uploadOk(app, accessToken, [filePart(original, 'gps.jpg', 'image/jpeg')])
  t.equal(file.sha256, sha256(original), 'stored as uploaded')
  const served = (await app.inject({ method: 'GET', url: `/v1/files/${file.id}/content`, headers: bearer(accessToken) })).rawPayload
  t.match(served.toString('latin1'), /Alice Example/)
})

t.test('with metadata kept, orientation is still applied', async (t) => {
  const app = await build(t, { config: { uploadStripMetadata: false } })
  const { accessToken } = await signUp(app)
  const rotated = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#00ff00' } }).jpeg().withMetadata({ orientation: 8 }).toBuffer()
  const [file] = await uploadOk(app, accessToken, [filePart(rotated, 'r.jpg', 'image/jpeg')])
  t.same([file.width, file.height], [10, 20])
})

t.test('every accepted image format decodes and is measured', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const base = () => sharp({
    create: { width: 12, height: 7, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0.5 } }
  })
  const images: Array<[string, Buffer]> = [
    ['image/webp', await base().webp().toBuffer()],
    ['image/gif', await base().gif().toBuffer()],
    ['image/avif', await base().avif().toBuffer()]
  ]
  for (const [type, bytes] of images) {
    const [file] = await uploadOk(app, accessToken, [filePart(bytes, 'img', type)])
    t.equal(file.contentType, type)
    t.same([file.width, file.height], [12, 7], type)
  }
})

t.test('regression: UPLOAD_MAX_BYTES holds for the stored bytes when orienting re-encodes an image larger', async (t) => {
  // A noisy JPEG at quality 40, tagged "rotate to display": stored at quality 90 it grows well past what was sent.
  const noise = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer()
  const sent = await sharp(noise).jpeg({ quality: 40 }).withMetadata({ orientation: 6 }).toBuffer()
  const app = await build(t, { config: { uploadMaxBytes: sent.length + 100 } })
  const { accessToken } = await signUp(app)
  const response = await upload(app, accessToken, [filePart(sent, 'phone.jpg', 'image/jpeg')])
  t.equal(response.statusCode, 413, `sent ${sent.length} bytes`)
  t.equal(response.json().code, 'file_too_large')
  t.same(filesUnder(app.config.uploadDir).filter((path) => path.startsWith('blobs/')), [], 'nothing kept')
})

t.test('a palette PNG stays a palette PNG when it is rewritten', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const stripes = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#ffffff' } })
    .composite([{ input: await sharp({ create: { width: 200, height: 300, channels: 3, background: '#000000' } }).png().toBuffer(), left: 0, top: 0 }])
    .png({ palette: true, colours: 2 }).withMetadata({ orientation: 6 }).toBuffer()
  const [file] = await uploadOk(app, accessToken, [filePart(stripes, 'stripes.png', 'image/png')])
  const stored = (await app.inject({ url: `/v1/files/${file.id}/content`, headers: bearer(accessToken) })).rawPayload
  t.equal((await sharp(stored).metadata()).isPalette, true)
  t.ok(stored.length < 4 * stripes.length, `stored ${stored.length} bytes for ${stripes.length} sent`)
})
