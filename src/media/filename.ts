// The client's file name is display data: cleaned once on the way in, encoded
// on the way out (RFC 6266 / RFC 8187), and never used in a path. Every step is
// linear in the name's length, and names are cut to MAX_RAW_FILENAME_LENGTH
// before any of them: a backtracking pattern over 60,000 dots froze the process.
import { formatOfType } from './formats.js'

export const MAX_FILENAME_LENGTH = 255
/** UTF-16 units of a client's name that are looked at at all. */
export const MAX_RAW_FILENAME_LENGTH = 4096

// C0 and C1 controls (NUL included), DEL, and the Unicode bidi controls that
// make `gnp.exe` display as `exe.png` (U+202A-U+202E, U+2066-U+2069, marks).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g

// Half a surrogate pair: it cannot be encoded as UTF-8 (encodeURIComponent throws on it).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Lone surrogates become U+FFFD, as a UTF-8 decoder would make them. */
export const wellFormed = (text: string) => text.replace(LONE_SURROGATE, '\ufffd')

/** The first `length` UTF-16 units, not ending on half a surrogate pair. */
function head (text: string, length: number): string {
  const code = text.charCodeAt(length - 1)
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length)
}

/** A short extension (`.pdf`) of `name`, if it has one. */
function extensionOf (name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 && name.length - dot <= 16 ? name.slice(dot) : ''
}

/** At most `max` UTF-16 units: the start of the name and its short extension. */
function cutRaw (raw: string, max: number): string {
  if (raw.length <= max) return raw
  const extension = extensionOf(raw)
  return head(raw, max - extension.length) + extension
}

const trimmable = (character: string) => character === '.' || character.trim() === ''

/** Drops leading and trailing dots and white space in one pass each (`/[.\s]+$/` backtracks quadratically). */
function trimDotsAndSpaces (name: string): string {
  let start = 0
  let end = name.length
  while (start < end && trimmable(name[start])) start++
  while (end > start && trimmable(name[end - 1])) end--
  return name.slice(start, end)
}

/** Cuts to `max` code points without splitting a surrogate pair, keeping a short extension. */
function capLength (name: string, max: number): string {
  const points = [...name]
  if (points.length <= max) return name
  const extension = [...extensionOf(name)]
  return points.slice(0, max - extension.length).join('') + extension.join('')
}

/**
 * NFC, only the last path segment (`/` and `\` both separate), no control or
 * bidi characters, no lone surrogates (U+FFFD instead), no leading dots or
 * surrounding spaces (and no trailing dots, which Windows drops), at most
 * MAX_FILENAME_LENGTH code points. Nothing left → `fallback`.
 */
export function sanitizeFilename (raw: string, fallback = 'file'): string {
  const name = wellFormed(cutRaw(raw, MAX_RAW_FILENAME_LENGTH)).normalize('NFC').replace(UNSAFE, '')
  const last = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
  const capped = capLength(trimDotsAndSpaces(last), MAX_FILENAME_LENGTH).trim()
  return capped === '' ? fallback : capped
}

/**
 * The name a browser saves the download under: it must end in an extension of
 * the served type, so `notes.html` served as text/plain is saved as
 * `notes.html.txt` and never opened as a page from the disk.
 */
export function downloadName (filename: string, contentType: string): string {
  const extensions = formatOfType(contentType)?.extensions
  if (extensions === undefined) return filename
  const lower = filename.toLowerCase()
  if (extensions.some((extension) => lower.endsWith(extension))) return filename
  return `${filename}${extensions[0]}`
}

/** Replaces the extension for a converted variant: `photo.png` as webp → `photo.webp`. */
export function withExtensionFor (filename: string, contentType: string): string {
  const extensions = formatOfType(contentType)?.extensions
  if (extensions === undefined) return filename
  const dot = filename.lastIndexOf('.')
  return (dot > 0 ? filename.slice(0, dot) : filename) + extensions[0]
}

// RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
const encodeExtValue = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (character) => '%' + character.charCodeAt(0).toString(16).toUpperCase())

/**
 * `inline` or `attachment` with an ASCII `filename` fallback (quotes, backslashes
 * and non-ASCII replaced) and the exact name in `filename*` (UTF-8, percent-encoded).
 */
export function contentDisposition (type: 'inline' | 'attachment', raw: string): string {
  const filename = wellFormed(raw) // names stored before lone surrogates were replaced must not make this throw
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_')
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(filename)}`
}
