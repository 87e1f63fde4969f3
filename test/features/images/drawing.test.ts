// Drawing: scenes, placeholders and avatars decoded pixel by pixel, the fonts
// that make Hangul and Han real glyphs, text that looks like markup, and
// output that depends on nothing but the input.
import { execFile } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { FastifyInstance } from 'fastify'
import sharp from 'sharp'
import t, { type Test } from 'tap'
import { FONT_NAMES, fontDirs, writeFontConfig, type FontName } from '../../../src/features/images/fonts.js'
import { SEED_SCENE, type Scene } from '../../../src/features/images/schemas.js'
import { sceneToSvg } from '../../../src/features/images/svg.js'
import { build, type BuildOptions } from '../../helpers/build.js'
import { bearer, signUp } from '../../helpers/users.js'

type Rgb = [number, number, number]
type Rgba = [number, number, number, number]
type Image = Awaited<ReturnType<typeof decode>>

async function decode (bytes: Buffer) {
  const metadata = await sharp(bytes).metadata()
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true })
  const { width, height, channels } = info
  const pixel = (x: number, y: number): Rgba => {
    const at = (y * width + x) * channels
    const alpha = channels % 2 === 0 ? data[at + channels - 1] : 255
    return channels >= 3 ? [data[at], data[at + 1], data[at + 2], alpha] : [data[at], data[at], data[at], alpha]
  }
  return { metadata, width, height, pixel }
}

/** Each channel within `tolerance`: antialiasing and lossy encoders move colours a little. Rgb ignores alpha. */
function near (t: Test, actual: Rgba, expected: Rgb | Rgba, message: string, tolerance = 8) {
  t.ok(expected.every((value, i) => Math.abs(actual[i] - value) <= tolerance), `${message}: ${actual.join(',')} ≈ ${expected.join(',')}`)
}

const isDark = ([r, g, b, a]: Rgba) => a > 128 && Math.max(r, g, b) < 128

/** The pixels `pick` selects within a box (the whole image by default): how many, and the box around them. */
function ink (
  image: Image,
  pick: (pixel: Rgba) => boolean = isDark,
  [x0, y0, x1, y1] = [0, 0, image.width, image.height]
) {
  let count = 0
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity]
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (!pick(image.pixel(x, y))) continue
      count++
      left = Math.min(left, x)
      right = Math.max(right, x)
      top = Math.min(top, y)
      bottom = Math.max(bottom, y)
    }
  }
  return { count, left, top, right, bottom, width: right - left + 1 }
}

/** How many pixels of two same-sized images differ by more than `tolerance` in some channel. */
function differing (a: Image, b: Image, tolerance = 8): number {
  let count = 0
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const [p, q] = [a.pixel(x, y), b.pixel(x, y)]
      if (p.some((value, i) => Math.abs(value - q[i]) > tolerance)) count++
    }
  }
  return count
}

const WHITE: Rgb = [255, 255, 255]
const BLACK: Rgb = [0, 0, 0]
const RED: Rgb = [255, 0, 0]
const BLUE: Rgb = [0, 0, 255]
const YELLOW: Rgb = [255, 255, 51]

async function setup (t: Test, options: BuildOptions = {}) {
  const app = await build(t, options)
  const { accessToken } = await signUp(app)
  const draw = async (scene: object) => await app.inject({ method: 'POST', url: '/v1/images', headers: bearer(accessToken), payload: scene })
  /** Draws a scene that must succeed and decodes it. */
  const drawn = async (t: Test, scene: object, message = 'drawn') => {
    const response = await draw(scene)
    t.equal(response.statusCode, 200, `${message}: 200`)
    return await decode(response.rawPayload)
  }
  return { app, draw, drawn }
}

const get = async (app: FastifyInstance, url: string) => await app.inject({ url })

/** A white PNG canvas with these shapes on it. */
const onWhite = (width: number, height: number, shapes: object[]) => ({ width, height, format: 'png', background: 'white', shapes })

t.test('the seed scene: a yellow rect with a red outline, on white, as JPEG', async (t) => {
  const { draw, drawn } = await setup(t)
  const response = await draw(SEED_SCENE)
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'image/jpeg')
  const image = await decode(response.rawPayload)
  t.equal(image.metadata.format, 'jpeg')
  t.same([image.width, image.height], [220, 190])
  for (const [x, y] of [[0, 0], [219, 189], [20, 110], [216, 110], [125, 20], [125, 186], [36, 36]]) near(t, image.pixel(x, y), WHITE, `outside (${x},${y}) is white`, 40)
  for (const [x, y] of [[125, 110], [44, 44], [206, 176], [44, 110], [125, 176]]) near(t, image.pixel(x, y), YELLOW, `inside (${x},${y}) is yellow`, 40)
  // A 1 px stroke centred on the edge covers half of two pixels, and JPEG
  // subsamples the colour: reddish orange, far less green than yellow or white.
  for (const [x, y] of [[40, 110], [210, 110], [125, 40], [125, 180]]) {
    const [r, g] = image.pixel(x, y)
    t.ok(r >= 180 && g <= 200 && r - g >= 40, `the outline at (${x},${y}) is reddish: ${image.pixel(x, y).join(',')}`)
  }

  const rect = { ...SEED_SCENE.shapes[0], strokeWidth: 6 }
  const thick = await drawn(t, { ...SEED_SCENE, format: 'png', shapes: [rect] }, 'a 6 px stroke as PNG')
  t.equal(thick.metadata.format, 'png')
  t.same([thick.width, thick.height], [220, 190])
  for (const [x, y] of [[40, 110], [38, 110], [42, 110], [210, 110], [125, 40], [125, 180]]) near(t, thick.pixel(x, y), [...RED, 255], `the middle of the outline (${x},${y}) is red`)
  near(t, thick.pixel(45, 110), [...YELLOW, 255], 'just inside the stroke: yellow')
  near(t, thick.pixel(125, 110), [...YELLOW, 255], 'the middle: yellow')
  t.equal(thick.pixel(10, 10)[3], 0, 'PNG without a background: transparent outside')
  t.equal(thick.pixel(35, 110)[3], 0, 'just outside the stroke: transparent')
  const onBlack = await drawn(t, { ...SEED_SCENE, format: 'png', background: 'black', shapes: [rect] }, 'on black')
  near(t, onBlack.pixel(10, 10), [...BLACK, 255], 'a background is painted outside')
  near(t, onBlack.pixel(40, 110), [...RED, 255], 'and the outline is still red')
})

t.test('every shape is drawn where SVG geometry puts it', async (t) => {
  const { drawn } = await setup(t)

  const circle = await drawn(t, onWhite(100, 100, [{ type: 'circle', cx: 50, cy: 50, r: 30, fill: 'blue' }]), 'circle')
  for (const [x, y] of [[50, 50], [50, 22], [77, 50], [28, 60]]) near(t, circle.pixel(x, y), BLUE, `circle: (${x},${y}) is inside`)
  for (const [x, y] of [[50, 16], [83, 50], [26, 26], [74, 74]]) near(t, circle.pixel(x, y), WHITE, `circle: (${x},${y}) is outside`)

  const ellipse = await drawn(t, onWhite(100, 100, [{ type: 'ellipse', cx: 50, cy: 50, rx: 40, ry: 15, fill: 'blue' }]), 'ellipse')
  for (const [x, y] of [[50, 50], [13, 50], [86, 50], [50, 37], [50, 62]]) near(t, ellipse.pixel(x, y), BLUE, `ellipse: (${x},${y}) is inside`)
  for (const [x, y] of [[50, 32], [50, 68], [7, 50], [93, 50]]) near(t, ellipse.pixel(x, y), WHITE, `ellipse: (${x},${y}) is outside`)

  // y = 50.5: a 1 px line exactly covers row 50. No stroke, no width: black and 1 px.
  const line = await drawn(t, onWhite(100, 100, [{ type: 'line', x1: 10, y1: 50.5, x2: 90, y2: 50.5 }]), 'line')
  for (const x of [10, 50, 89]) near(t, line.pixel(x, 50), BLACK, `line: (${x},50) is black`)
  for (const [x, y] of [[50, 49], [50, 51], [8, 50], [91, 50]]) near(t, line.pixel(x, y), WHITE, `line: (${x},${y}) is not on it (butt caps)`)
  const wide = await drawn(t, onWhite(100, 100, [{ type: 'line', x1: 50, y1: 10, x2: 50, y2: 90, stroke: 'red', strokeWidth: 10 }]), 'wide line')
  for (const x of [45, 50, 54]) near(t, wide.pixel(x, 50), RED, `a 10 px line: (${x},50) is red`)
  for (const x of [43, 56]) near(t, wide.pixel(x, 50), WHITE, `a 10 px line: (${x},50) is not`)

  const polygon = await drawn(t, onWhite(100, 100, [{ type: 'polygon', points: [[10, 90], [50, 10], [90, 90]], fill: 'red' }]), 'polygon')
  for (const [x, y] of [[50, 60], [50, 15], [15, 88], [85, 88]]) near(t, polygon.pixel(x, y), RED, `polygon: (${x},${y}) is inside`)
  for (const [x, y] of [[20, 30], [80, 30], [50, 93]]) near(t, polygon.pixel(x, y), WHITE, `polygon: (${x},${y}) is outside`)

  // The same points as a triangle would fill (70,30): a polyline has no fill, only a black stroke.
  const polyline = await drawn(t, onWhite(100, 100, [{ type: 'polyline', points: [[10, 10], [90, 10], [90, 90]], strokeWidth: 4 }]), 'polyline')
  for (const [x, y] of [[50, 10], [50, 8], [90, 50], [91, 50]]) near(t, polyline.pixel(x, y), BLACK, `polyline: (${x},${y}) is on the stroke`)
  for (const [x, y] of [[70, 30], [50, 13], [86, 50], [50, 50]]) near(t, polyline.pixel(x, y), WHITE, `polyline: (${x},${y}) is not filled`)

  const rounded = await drawn(t, onWhite(100, 100, [{ type: 'rect', x: 10, y: 10, width: 80, height: 80, rx: 20, fill: 'blue' }]), 'rounded rect')
  for (const [x, y] of [[11, 11], [88, 11], [11, 88], [88, 88]]) near(t, rounded.pixel(x, y), WHITE, `rounded rect: the corner (${x},${y}) stays background`)
  for (const [x, y] of [[50, 50], [50, 11], [11, 50], [88, 50], [50, 88], [20, 20]]) near(t, rounded.pixel(x, y), BLUE, `rounded rect: (${x},${y}) is inside`)

  // Text: y is the baseline, the fill black by default, and align anchors x.
  const text = await drawn(t, onWhite(200, 100, [
    { type: 'text', x: 20, y: 45, text: 'HI', fontSize: 40 },
    { type: 'text', x: 100, y: 90, text: 'HI', fontSize: 30, align: 'middle' },
    { type: 'text', x: 190, y: 45, text: 'HI', fontSize: 40, align: 'end' }
  ]), 'text')
  const start = ink(text, isDark, [0, 0, 100, 50])
  t.ok(start.left >= 20 && start.left <= 26, `start: the ink begins just right of x (${start.left})`)
  t.ok(start.bottom >= 42 && start.bottom <= 45, `start: the ink sits on the baseline (${start.bottom})`)
  t.ok(start.top >= 12 && start.top <= 20, `start: capitals are about 0.71 em high (top ${start.top})`)
  const middle = ink(text, isDark, [0, 55, 200, 100])
  t.ok(Math.abs((middle.left + middle.right) / 2 - 100) <= 3, `middle: centred on x (${middle.left}–${middle.right})`)
  const end = ink(text, isDark, [100, 0, 200, 50])
  t.ok(end.right >= 184 && end.right <= 190, `end: the ink stops just left of x (${end.right})`)
})

t.test('fill, stroke, strokeWidth and opacity; colours in every form', async (t) => {
  const { drawn } = await setup(t)
  const colours: Array<[string, Rgb]> = [
    ['#0f0', [0, 255, 0]],
    ['#1e90ff', [30, 144, 255]],
    ['#ff000080', [255, 127, 127]], // alpha 128/255 over white
    ['#00f8', [119, 119, 255]], // alpha 0x88/255 over white
    ['rgb(10, 200, 30)', [10, 200, 30]],
    ['rgba(0, 0, 255, 0.5)', [128, 128, 255]],
    ['rgb(100%, 0%, 50%)', [255, 0, 128]],
    ['rebeccapurple', [102, 51, 153]],
    ['Teal', [0, 128, 128]],
    ['transparent', WHITE]
  ]
  const strip = await drawn(t, onWhite(20 * colours.length, 20, colours.map(([fill], i) => ({ type: 'rect', x: i * 20, y: 0, width: 20, height: 20, fill }))), 'colours')
  colours.forEach(([fill, expected], i) => near(t, strip.pixel(i * 20 + 10, 10), expected, `fill ${fill}`))

  const painted = await drawn(t, onWhite(100, 100, [{ type: 'rect', x: 20, y: 20, width: 60, height: 60, fill: '#ffff33', stroke: 'blue', strokeWidth: 10 }]), 'stroke')
  for (const x of [16, 20, 24]) near(t, painted.pixel(x, 50), BLUE, `a 10 px stroke covers (${x},50)`)
  near(t, painted.pixel(13, 50), WHITE, 'outside the stroke')
  near(t, painted.pixel(27, 50), YELLOW, 'inside the stroke')
  const clearStroke = await drawn(t, onWhite(100, 100, [{ type: 'rect', x: 20, y: 20, width: 60, height: 60, fill: '#ffff33', stroke: 'transparent', strokeWidth: 10 }]), 'transparent stroke')
  near(t, clearStroke.pixel(17, 50), WHITE, 'a transparent stroke leaves the background')
  near(t, clearStroke.pixel(22, 50), YELLOW, 'and the fill under it')

  // opacity applies to the shape as a whole: where the stroke covers the fill, only the stroke shows through.
  const faded = await drawn(t, onWhite(100, 100, [
    { type: 'rect', x: 20, y: 20, width: 60, height: 60, fill: 'red', stroke: 'blue', strokeWidth: 10, opacity: 0.5 }
  ]), 'opacity')
  near(t, faded.pixel(50, 50), [255, 128, 128], 'half-opaque red over white')
  near(t, faded.pixel(22, 50), [128, 128, 255], 'half-opaque blue where the stroke covers the fill')
  near(t, faded.pixel(17, 50), [128, 128, 255], 'half-opaque blue outside the fill')
  near(t, faded.pixel(5, 5), WHITE, 'the background is untouched')

  const background = await drawn(t, { width: 20, height: 20, format: 'png', background: 'rgba(255, 0, 0, 0.5)', shapes: [] }, 'half-transparent background')
  near(t, background.pixel(0, 0), [255, 0, 0, 128], 'a background keeps its alpha in PNG', 2)
})

t.test('the background defaults to transparent for PNG and white for JPEG', async (t) => {
  const { drawn } = await setup(t)
  const shapes = [{ type: 'circle', cx: 20, cy: 20, r: 10, fill: 'blue' }]
  const png = await drawn(t, { width: 40, height: 40, format: 'png', shapes }, 'png')
  t.equal(png.metadata.hasAlpha, true, 'PNG has an alpha channel')
  t.equal(png.pixel(0, 0)[3], 0, 'a PNG corner is transparent')
  near(t, png.pixel(20, 20), [...BLUE, 255], 'the circle is opaque')
  const jpeg = await drawn(t, { width: 40, height: 40, format: 'jpeg', shapes }, 'jpeg')
  near(t, jpeg.pixel(0, 0), WHITE, 'a JPEG corner is white', 40)
  near(t, jpeg.pixel(20, 20), BLUE, 'the circle', 40)
  const onClear = await drawn(t, { width: 40, height: 40, format: 'jpeg', background: 'transparent', shapes }, 'jpeg on transparent')
  near(t, onClear.pixel(0, 0), WHITE, 'a transparent background in JPEG is white, not black', 40)
})

t.test('each format: its Content-Type, decoded as that format at the asked size', async (t) => {
  const { draw } = await setup(t)
  const scene = { width: 64, height: 48, background: 'blue', shapes: [{ type: 'rect', x: 0, y: 0, width: 32, height: 48, fill: 'red' }] }
  const cases: Array<[string, string, string]> = [
    ['png', 'image/png', 'png'],
    ['jpeg', 'image/jpeg', 'jpeg'],
    ['webp', 'image/webp', 'webp'],
    ['avif', 'image/avif', 'heif']
  ]
  for (const [format, contentType, decoder] of cases) {
    const response = await draw({ ...scene, format })
    t.equal(response.statusCode, 200, format)
    t.equal(response.headers['content-type'], contentType, `${format}: Content-Type`)
    const image = await decode(response.rawPayload)
    t.equal(image.metadata.format, decoder, `${format}: the bytes are ${format}`)
    if (format === 'avif') t.equal(image.metadata.compression, 'av1', 'avif: AV1 in HEIF')
    t.same([image.width, image.height], [64, 48], `${format}: 64×48`)
    near(t, image.pixel(8, 24), RED, `${format}: red on the left`, 40)
    near(t, image.pixel(56, 24), BLUE, `${format}: blue on the right`, 40)
  }

  const detailed = {
    width: 160,
    height: 120,
    format: 'jpeg',
    shapes: [
      ...Array.from({ length: 12 }, (_, i) => ({ type: 'circle', cx: 10 + i * 13, cy: 30 + (i % 3) * 20, r: 8 + (i % 4), fill: `rgb(${i * 20}, ${255 - i * 20}, 128)` })),
      { type: 'text', x: 5, y: 110, text: 'Quality matters', fontSize: 18 }
    ]
  }
  const low = await draw({ ...detailed, quality: 5 })
  const high = await draw({ ...detailed, quality: 95 })
  const byDefault = await draw(detailed)
  t.equal(low.statusCode, 200)
  t.equal(high.statusCode, 200)
  t.ok(low.rawPayload.length < byDefault.rawPayload.length && byDefault.rawPayload.length < high.rawPayload.length,
    `JPEG size grows with quality: q5 ${low.rawPayload.length} B < default ${byDefault.rawPayload.length} B < q95 ${high.rawPayload.length} B`)
  t.not(low.headers.etag, high.headers.etag, 'two images, two ETags')
})

const HANGUL = '안녕하세요'
const CHINESE = '你好世界'

interface Font { hasGlyphForCodePoint: (codePoint: number) => boolean }
// fontkit ships no type declarations: load it through require with the one call we use typed.
const fontkit = createRequire(import.meta.url)('fontkit') as { openSync: (path: string) => Font }

/** The shipped regular-weight TTF of a font. */
function regularFont (name: FontName): Font {
  const dir = fontDirs(name).find((folder) => folder.endsWith('400Regular'))
  if (dir === undefined) throw new Error(`${name} has no 400Regular folder`)
  const file = readdirSync(dir).find((entry) => entry.endsWith('.ttf'))
  if (file === undefined) throw new Error(`${name} has no TTF in ${dir}`)
  return fontkit.openSync(join(dir, file))
}

const codePoints = (text: string) => [...text].map((char) => char.codePointAt(0) as number)

/**
 * Renders SVG in a child process whose fontconfig sees only `fonts`: fontconfig
 * reads its configuration once per process, so another set of fonts needs
 * another process. Same sharp, same density as the renderer.
 */
async function renderElsewhere (folder: string, svg: string, fonts: FontName[]): Promise<Image> {
  const dir = join(folder, fonts.join('+'))
  mkdirSync(dir, { recursive: true })
  const script = join(dir, 'render.mjs')
  writeFileSync(join(dir, 'scene.svg'), svg)
  writeFileSync(script, [
    `import sharp from ${JSON.stringify(import.meta.resolve('sharp'))}`,
    'process.stdout.write(await sharp(process.argv[2], { density: 72 }).png().toBuffer())'
  ].join('\n'))
  const env = { ...process.env, FONTCONFIG_FILE: writeFontConfig(dir, fonts), _TAPJS_PROCESSINFO_COVERAGE_: '0' }
  const { stdout } = await promisify(execFile)(process.execPath, [script, join(dir, 'scene.svg')], { env, encoding: 'buffer', maxBuffer: 1 << 26 })
  return await decode(stdout)
}

t.test('Hangul and simplified Chinese are drawn with real glyphs from the shipped fonts, not tofu', async (t) => {
  const korean = regularFont('sans-kr')
  const chinese = regularFont('sans-sc')
  const latin = regularFont('sans')
  for (const codePoint of codePoints(HANGUL)) t.ok(korean.hasGlyphForCodePoint(codePoint), `Noto Sans KR has U+${codePoint.toString(16).toUpperCase()}`)
  for (const codePoint of codePoints(CHINESE)) t.ok(chinese.hasGlyphForCodePoint(codePoint), `Noto Sans SC has U+${codePoint.toString(16).toUpperCase()}`)
  t.notOk(codePoints(HANGUL + CHINESE).some((codePoint) => latin.hasGlyphForCodePoint(codePoint)), 'Noto Sans alone has none of them: it draws tofu')

  const { drawn } = await setup(t)
  const cases: Array<[string, string, FontName | undefined]> = [
    ['Hangul, falling back from sans', HANGUL, undefined],
    ['Chinese, falling back from sans', CHINESE, undefined],
    ['Hangul in sans-kr', HANGUL, 'sans-kr'],
    ['Chinese in sans-sc', CHINESE, 'sans-sc']
  ]
  for (const [label, text, font] of cases) {
    await t.test(label, async (t) => {
      const scene = onWhite(240, 60, [{ type: 'text', x: 10, y: 42, text, fontSize: 32, ...(font === undefined ? {} : { font }) }]) as Scene
      const image = await drawn(t, scene)
      const inside = ink(image, isDark, [10, 10, 10 + 32 * [...text].length + 4, 52])
      t.ok(inside.count > 150, `dark text pixels inside the text box (${inside.count})`)
      t.equal(ink(image).count, inside.count, 'and none outside it')

      const svg = sceneToSvg(scene, { maxTextChars: 2000 })
      const dir = t.testdir()
      const faithful = await renderElsewhere(dir, svg, FONT_NAMES)
      t.equal(differing(image, faithful), 0, 'with the same fonts the child process draws the same pixels')
      const tofu = await renderElsewhere(dir, svg, ['sans'])
      const tofuInk = ink(tofu)
      t.ok(tofuInk.count > 0, 'the child without CJK fonts draws something (tofu boxes)')
      const changed = differing(image, tofu)
      t.ok(changed > inside.count / 2, `the API's text differs from the tofu render of it (${changed} pixels differ)`)
    })
  }

  await t.test('Latin renders, and the Latin font alone draws it identically', async (t) => {
    const scene = onWhite(240, 60, [{ type: 'text', x: 10, y: 42, text: 'Hello, world', fontSize: 32 }]) as Scene
    const image = await drawn(t, scene)
    const text = ink(image)
    t.ok(text.count > 150, `dark text pixels (${text.count})`)
    t.ok(text.left >= 10 && text.bottom <= 50 && text.top >= 10, `within the text box (${text.left},${text.top}–${text.right},${text.bottom})`)
    t.equal(differing(image, await renderElsewhere(t.testdir(), sceneToSvg(scene, { maxTextChars: 2000 }), ['sans'])), 0, 'Noto Sans covers it: no fallback involved')
  })
})

t.test('text that looks like markup, entities, control characters and emoji is drawn as text', async (t) => {
  // No cache, so every repeat is really drawn again.
  const { draw } = await setup(t, { config: { imageCacheBytes: 0 } })
  const fontSize = 16
  const line = async (t: Test, text: string) => {
    const response = await draw(onWhite(1000, 40, [{ type: 'text', x: 10, y: 28, text, fontSize }]))
    t.equal(response.statusCode, 200, `${JSON.stringify(text)}: 200`)
    return { bytes: response.rawPayload, ink: ink(await decode(response.rawPayload)) }
  }
  const texts = [
    '</text><image href="file:///etc/passwd"/>',
    ']]><script>alert(1)</script>',
    '<![CDATA[x]]>',
    '&amp;',
    '&lt;b&gt;',
    '\u0000',
    '\u0007',
    'a\u0000b\u001Fc',
    '\ud800',
    'x\udc00y',
    '😀',
    '"quoted" \'and\' <tagged>'
  ]
  for (const text of texts) {
    await t.test(JSON.stringify(text), async (t) => {
      const once = await line(t, text)
      t.ok(once.ink.count > 0, `drawn: ${once.ink.count} dark pixels`)
      const again = await line(t, text)
      t.same(again.bytes, once.bytes, 'drawn identically again')
      const chars = [...text].length
      const perChar = once.ink.width / chars / fontSize
      t.ok(perChar > 0.3 && perChar < 1.3, `about one glyph per character: ${once.ink.width} px for ${chars} (${perChar.toFixed(2)} em each)`)
      const twice = await line(t, text + text)
      const ratio = twice.ink.width / once.ink.width
      t.ok(ratio > 1.8 && ratio < 2.5, `twice the text is twice as wide (${twice.ink.width} / ${once.ink.width} = ${ratio.toFixed(2)})`)
    })
  }
  // XML cannot carry them: control characters become U+FFFD, as does a lone surrogate in UTF-8.
  const replacement = await line(t, '\uFFFD')
  for (const text of ['\u0000', '\u0007', '\u001F', '\uFFFE', '\ud800']) {
    t.same((await line(t, text)).bytes, replacement.bytes, `${JSON.stringify(text)} is drawn as U+FFFD`)
  }
  const entity = await line(t, '&amp;')
  const ampersand = await line(t, '&')
  t.ok(entity.ink.width > 3 * ampersand.ink.width, `'&amp;' is five glyphs, not an entity for one (${entity.ink.width} vs ${ampersand.ink.width} px)`)
})

t.test('the same input gives the same bytes and the same ETag', async (t) => {
  const { app, draw } = await setup(t, { config: { imageCacheBytes: 0 } })
  const scene = {
    width: 120,
    height: 80,
    format: 'webp',
    quality: 60,
    background: '#eeeeee',
    shapes: [
      { type: 'circle', cx: 40, cy: 40, r: 25, fill: 'rgba(255, 0, 0, 0.7)', stroke: 'navy', strokeWidth: 3 },
      { type: 'text', x: 60, y: 70, text: 'Same 같은 同', fontSize: 14, align: 'middle' }
    ]
  }
  const first = await draw(scene)
  const second = await draw(scene)
  t.equal(first.statusCode, 200)
  t.same(second.rawPayload, first.rawPayload, 'byte-identical')
  t.match(first.headers.etag, /^"[0-9a-f]{40}"$/, 'a strong ETag')
  t.equal(second.headers.etag, first.headers.etag, 'the same ETag')

  const reordered = {
    shapes: scene.shapes.map((shape) => Object.fromEntries(Object.entries(shape).reverse())),
    quality: 60,
    background: '#eeeeee',
    format: 'webp',
    height: 80,
    width: 120
  }
  const shuffled = await draw(reordered)
  t.equal(shuffled.headers.etag, first.headers.etag, 'keys in another order: the same ETag')
  t.same(shuffled.rawPayload, first.rawPayload, 'and the same bytes')
  const other = await draw({ ...scene, quality: 61 })
  t.not(other.headers.etag, first.headers.etag, 'another scene, another ETag')

  for (const style of ['identicon', 'initials']) {
    const alice = await get(app, `/v1/images/avatar/alice.png?style=${style}`)
    const aliceAgain = await get(app, `/v1/images/avatar/alice.png?style=${style}`)
    const bob = await get(app, `/v1/images/avatar/bob.png?style=${style}`)
    t.equal(alice.statusCode, 200, `${style}: 200`)
    t.equal(alice.headers['content-type'], 'image/png')
    t.same(aliceAgain.rawPayload, alice.rawPayload, `${style}: the same seed gives the same bytes`)
    t.equal(aliceAgain.headers.etag, alice.headers.etag, `${style}: and the same ETag`)
    t.notOk(bob.rawPayload.equals(alice.rawPayload), `${style}: another seed gives other bytes`)
    t.not(bob.headers.etag, alice.headers.etag, `${style}: and another ETag`)
    const image = await decode(alice.rawPayload)
    t.same([image.width, image.height], [128, 128], `${style}: 128 px by default`)
  }
  const identicon = await decode((await get(app, '/v1/images/avatar/alice.webp?size=64')).rawPayload)
  t.same([identicon.width, identicon.height], [64, 64], 'size sets the avatar size')
  const cells = ink(identicon, ([r, g, b]) => Math.max(Math.abs(r - 240), Math.abs(g - 240), Math.abs(b - 240)) > 40)
  t.ok(cells.count > 0, `an identicon has coloured cells on its grey (${cells.count} pixels)`)

  const jane = await get(app, `/v1/images/avatar/${encodeURIComponent('Jane Doe')}.png?style=initials`)
  t.equal(jane.statusCode, 200)
  const initials = await decode(jane.rawPayload)
  const background = initials.pixel(0, 0)
  t.equal(background[3], 255, 'initials: an opaque background')
  const letters = ink(initials, ([r, g, b]) => Math.min(r, g, b) > 200)
  t.ok(letters.count > 200, `initials: white letters are drawn (${letters.count} pixels)`)
  t.ok(letters.left > 16 && letters.right < 112 && letters.top > 16 && letters.bottom < 112, 'in the middle of the avatar')
})

t.test('placeholders: the size of the URL, bg and fg colours, the dimensions as default text', async (t) => {
  const { app } = await setup(t)
  for (const [width, height] of [[1, 1], [300, 200], [4096, 1]]) {
    const response = await get(app, `/v1/images/placeholder/${width}x${height}.png`)
    t.equal(response.statusCode, 200, `${width}x${height}: 200`)
    t.equal(response.headers['content-type'], 'image/png')
    const image = await decode(response.rawPayload)
    t.equal(image.metadata.format, 'png')
    t.same([image.width, image.height], [width, height], `${width}x${height}: that size`)
  }
  const jpeg = await get(app, '/v1/images/placeholder/120x80.jpeg')
  t.equal(jpeg.headers['content-type'], 'image/jpeg')
  const jpegImage = await decode(jpeg.rawPayload)
  t.equal(jpegImage.metadata.format, 'jpeg')
  t.same([jpegImage.width, jpegImage.height], [120, 80], 'as JPEG too')

  const plain = await decode((await get(app, '/v1/images/placeholder/300x200.png')).rawPayload)
  near(t, plain.pixel(2, 2), [204, 204, 204, 255], 'the default background is #cccccc')
  const grey = ink(plain, ([r, g, b]) => [r, g, b].every((value) => Math.abs(value - 0x55) <= 8))
  t.ok(grey.count > 100, `the default text is #555555 (${grey.count} pixels)`)

  const coloured = await get(app, `/v1/images/placeholder/300x200.png?bg=${encodeURIComponent('#ff0000')}&fg=blue`)
  t.equal(coloured.statusCode, 200)
  const image = await decode(coloured.rawPayload)
  near(t, image.pixel(2, 2), [...RED, 255], 'bg paints the background')
  near(t, image.pixel(297, 197), [...RED, 255], 'all of it')
  const text = ink(image, ([r, g, b]) => r < 16 && g < 16 && b > 240)
  t.ok(text.count > 100, `fg colours the text (${text.count} blue pixels)`)
  t.ok(Math.abs((text.left + text.right) / 2 - 150) <= 6 && text.top > 40 && text.bottom < 160, `centred (${text.left},${text.top}–${text.right},${text.bottom})`)

  const byDefault = await get(app, '/v1/images/placeholder/300x200.png')
  const spelledOut = await get(app, `/v1/images/placeholder/300x200.png?text=${encodeURIComponent('300×200')}`)
  t.equal(spelledOut.statusCode, 200)
  t.same(byDefault.rawPayload, spelledOut.rawPayload, 'the default text is the dimensions')
  t.match(byDefault.headers.etag, /^"[0-9a-f]{40}"$/, 'ETags are per URL (a hash of its parameters), so only the bytes agree')
  const otherText = await get(app, '/v1/images/placeholder/300x200.png?text=Hello')
  t.notOk(otherText.rawPayload.equals(byDefault.rawPayload), 'other text, other bytes')
})
