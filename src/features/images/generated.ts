// Scenes the server composes itself: placeholders and default avatars. They
// go through the same SVG builder (and escaping) as a client's scene.
import { createHash } from 'node:crypto'
import type { ImageFormat, Scene, Shape } from './schemas.js'

const round = (value: number) => Math.round(value * 100) / 100

/** A rough width of a line of text in ems: CJK and Hangul are square, Latin about 0.6. */
const ems = (text: string) => [...text].reduce((sum, char) => sum + (/[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(char) ? 1 : 0.6), 0)

export function placeholderScene (
  width: number,
  height: number,
  format: ImageFormat,
  options: { bg?: string, fg?: string, text?: string }
): Scene {
  const text = options.text ?? `${width}×${height}`
  // Large enough to read, small enough that the default text fits the width.
  const fontSize = round(Math.max(1, Math.min(height * 0.4, (width * 0.9) / Math.max(2, ems(text)), 512)))
  return {
    width,
    height,
    format,
    background: options.bg ?? '#cccccc',
    shapes: [{
      type: 'text',
      x: width / 2,
      y: round(height / 2 + fontSize * 0.35),
      text,
      fontSize,
      align: 'middle',
      fill: options.fg ?? '#555555'
    }]
  }
}

/** A colour from the seed's hash: any hue, always dark enough for white text. */
function hueColor (hash: Buffer): string {
  const hue = hash.readUInt16BE(0) % 360
  const [s, l] = [0.55, 0.45]
  const k = (n: number) => (n + hue / 30) % 12
  const f = (n: number) =>
    Math.round(255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))))
  return `rgb(${f(0)}, ${f(8)}, ${f(4)})`
}

/** A 5×5 mirrored grid, GitHub style: the seed's hash picks the cells and the colour. */
function identicon (hash: Buffer, size: number): Shape[] {
  const cell = size / 6
  const margin = cell / 2
  const color = hueColor(hash)
  const shapes: Shape[] = []
  for (let row = 0; row < 5; row++) {
    for (let column = 0; column < 3; column++) {
      if ((hash[2 + row * 3 + column] & 1) === 0) continue
      for (const x of new Set([column, 4 - column])) {
        shapes.push({
          type: 'rect',
          x: round(margin + x * cell),
          y: round(margin + row * cell),
          width: round(cell),
          height: round(cell),
          fill: color
        })
      }
    }
  }
  return shapes
}

/** Up to two letters: the first of the first two words (letters and digits only). */
export function initialsOf (seed: string): string {
  const words = seed.normalize('NFC').split(/[\s._@+-]+/u)
    .map((word) => [...word].find((char) => /[\p{L}\p{N}]/u.test(char)))
    .filter((char) => char !== undefined)
  return words.slice(0, 2).join('').toLocaleUpperCase() || '?'
}

export function avatarScene (seed: string, size: number, style: 'identicon' | 'initials', format: ImageFormat): Scene {
  const hash = createHash('sha256').update(seed, 'utf8').digest()
  if (style === 'identicon') {
    return { width: size, height: size, format, background: '#f0f0f0', shapes: identicon(hash, size) }
  }
  const fontSize = round(size * 0.42)
  return {
    width: size,
    height: size,
    format,
    background: hueColor(hash),
    shapes: [{
      type: 'text',
      x: size / 2,
      y: round(size / 2 + fontSize * 0.36),
      text: initialsOf(seed),
      fontSize,
      fontWeight: 'bold',
      align: 'middle',
      fill: '#ffffff'
    }]
  }
}
