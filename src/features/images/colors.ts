// CSS colours as the API accepts them: hex, rgb()/rgba() and the named colours.
// A colour is parsed into numbers here, and only those numbers reach the SVG,
// so no text from the request is ever written into markup as a colour.
import colorNames from 'color-name'

export interface Rgba { r: number, g: number, b: number, a: number }

/** The field error for a text `parseColor` refuses. */
export const NOT_A_COLOR = 'is not a colour (hex, rgb(), rgba() or a CSS colour name)'

/** What the schema lets through; `parseColor` decides. */
export const COLOR_PATTERN = '^(#[0-9a-fA-F]{3,8}|rgba?\\([0-9.,%\\s]+\\)|[a-zA-Z]{3,20})$'

const channel = (text: string): number | null => {
  const value = text.endsWith('%') ? Number(text.slice(0, -1)) * 2.55 : Number(text)
  return text !== '' && Number.isFinite(value) && value >= 0 && value <= 255.0001
    ? Math.round(Math.min(value, 255))
    : null
}

const alpha = (text: string): number | null => {
  const value = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text)
  return text !== '' && Number.isFinite(value) && value >= 0 && value <= 1 ? value : null
}

function parseHex (hex: string): Rgba | null {
  if (![3, 4, 6, 8].includes(hex.length)) return null
  const digits = hex.length <= 4 ? [...hex].map((digit) => digit + digit) : hex.match(/../g) as string[]
  const [r, g, b, a = 'ff'] = digits
  return { r: parseInt(r, 16), g: parseInt(g, 16), b: parseInt(b, 16), a: parseInt(a, 16) / 255 }
}

function parseFunction (name: string, args: string): Rgba | null {
  const parts = args.split(',').map((part) => part.trim())
  if (parts.length !== (name === 'rgba' ? 4 : 3)) return null
  const [r, g, b] = parts.slice(0, 3).map(channel)
  const a = parts.length === 4 ? alpha(parts[3]) : 1
  return r === null || g === null || b === null || a === null ? null : { r, g, b, a }
}

/** The colour a CSS colour text names, or null when it names none. */
export function parseColor (text: string): Rgba | null {
  const value = text.trim().toLowerCase()
  if (value.startsWith('#')) return /^#[0-9a-f]+$/.test(value) ? parseHex(value.slice(1)) : null
  const call = /^(rgba?)\(([^()]*)\)$/.exec(value)
  if (call !== null) return parseFunction(call[1], call[2])
  if (value === 'transparent') return { r: 0, g: 0, b: 0, a: 0 }
  const named = Object.hasOwn(colorNames, value) ? colorNames[value as keyof typeof colorNames] : undefined
  return named === undefined ? null : { r: named[0], g: named[1], b: named[2], a: 1 }
}

/** The SVG paint of a parsed colour; its alpha goes in the matching `*-opacity` attribute. */
export const svgPaint = (color: Rgba) => `rgb(${color.r},${color.g},${color.b})`
