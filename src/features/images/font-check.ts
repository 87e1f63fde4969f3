// The start-up self-check: one glyph per script the API promises to draw,
// rendered in this process with the fontconfig file it was given. When
// fontconfig finds no font for a character, Pango draws a hollow box (with the
// code point in hex) instead; a running copy that draws those would cache them
// as images for a year, so it refuses to start.
import sharp from 'sharp'
import { fontFamily } from './fonts.js'

export const CHECKED_GLYPHS = [
  { script: 'Latin', char: 'a' },
  { script: 'Hangul', char: '가' },
  { script: 'Chinese', char: '中' }
]

const CELL = 48
const INKED = 64

/**
 * Whether the ink in one cell is missing or a missing-glyph box: a rectangle
 * whose four sides are (nearly) all inked. No real letter among the checked
 * ones has ink along all four sides of its bounding box.
 */
function looksMissing (alpha: Buffer, width: number, cell: number): boolean {
  const inked = (x: number, y: number) => alpha[y * width + x] > INKED
  let [left, top, right, bottom] = [Infinity, Infinity, -1, -1]
  for (let y = 0; y < CELL; y++) {
    for (let x = cell * CELL; x < (cell + 1) * CELL; x++) {
      if (!inked(x, y)) continue
      left = Math.min(left, x); right = Math.max(right, x); top = Math.min(top, y); bottom = Math.max(bottom, y)
    }
  }
  if (right < 0) return true
  // Each side may be antialiased over two pixels.
  const side = (length: number, at: (i: number) => boolean) => {
    let count = 0
    for (let i = 0; i < length; i++) if (at(i)) count++
    return count >= 0.9 * length
  }
  const [w, h] = [right - left + 1, bottom - top + 1]
  return w > 2 && h > 2 &&
    side(h, (i) => inked(left, top + i) || inked(left + 1, top + i)) &&
    side(h, (i) => inked(right, top + i) || inked(right - 1, top + i)) &&
    side(w, (i) => inked(left + i, top) || inked(left + i, top + 1)) &&
    side(w, (i) => inked(left + i, bottom) || inked(left + i, bottom - 1))
}

/** The characters of `chars` that this process draws as missing-glyph boxes (or not at all). One render. */
export async function missingGlyphs (chars: string[]): Promise<string[]> {
  const texts = chars.map((char, i) =>
    `<text x="${i * CELL + 4}" y="38" font-family="${fontFamily('sans')}" font-size="32">${char}</text>`)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${chars.length * CELL}" height="${CELL}">${texts.join('')}</svg>`
  const { data, info } = await sharp(Buffer.from(svg), { density: 72 }).ensureAlpha().extractChannel(3).raw()
    .toBuffer({ resolveWithObject: true })
  return chars.filter((_, i) => looksMissing(data, info.width, i))
}

let checked: Promise<void> | undefined

/**
 * Rejects, naming the scripts, when any checked glyph comes out as a box. Once
 * per process: fontconfig keeps the configuration it first read.
 */
export async function checkFonts (): Promise<void> {
  checked ??= missingGlyphs(CHECKED_GLYPHS.map((glyph) => glyph.char)).then((missing) => {
    if (missing.length === 0) return
    const scripts = CHECKED_GLYPHS
      .filter((glyph) => missing.includes(glyph.char))
      .map((glyph) => `${glyph.script} (${glyph.char})`)
    throw new Error(`Font self-check failed: ${scripts.join(', ')} would be drawn as missing-glyph boxes with ` +
      `FONTCONFIG_FILE=${process.env.FONTCONFIG_FILE ?? '(unset)'}. Are the @expo-google-fonts packages installed (npm ci)?`)
  })
  return await checked
}
