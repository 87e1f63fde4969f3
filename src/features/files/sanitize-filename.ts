// The client's file name is display data: cleaned once on the way in, encoded
// on the way out (RFC 6266 / RFC 8187), and never used in a path.

export const MAX_FILENAME_LENGTH = 255

// C0 and C1 controls (NUL included), DEL, and the Unicode bidi controls that
// make `gnp.exe` display as `exe.png` (U+202A-U+202E, U+2066-U+2069, marks).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g

/** Cuts to `max` code points without splitting a surrogate pair, keeping a short extension. */
function capLength (name: string, max: number): string {
  const points = [...name]
  if (points.length <= max) return name
  const dot = name.lastIndexOf('.')
  const extension = dot > 0 && name.length - dot <= 16 ? [...name.slice(dot)] : []
  return points.slice(0, max - extension.length).join('') + extension.join('')
}

/**
 * NFC, only the last path segment (`/` and `\` both separate), no control or
 * bidi characters, no leading dots or surrounding spaces (and no trailing dots,
 * which Windows drops), at most MAX_FILENAME_LENGTH code points. Nothing left →
 * `fallback`.
 */
export function sanitizeFilename (raw: string, fallback = 'file'): string {
  const name = raw.normalize('NFC').replace(UNSAFE, '')
  const last = name.split(/[/\\]/).pop() ?? ''
  const trimmed = last.trim().replace(/^[.\s]+/, '').replace(/[.\s]+$/, '')
  const capped = capLength(trimmed, MAX_FILENAME_LENGTH).trim()
  return capped === '' ? fallback : capped
}

const extensionsByType: Record<string, string[]> = {
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/webp': ['.webp'],
  'image/gif': ['.gif'],
  'image/avif': ['.avif'],
  'application/pdf': ['.pdf'],
  'text/plain': ['.txt', '.text', '.log', '.md', '.csv']
}

/**
 * The name a browser saves the download under: it must end in an extension of
 * the served type, so `notes.html` served as text/plain is saved as
 * `notes.html.txt` and never opened as a page from the disk.
 */
export function downloadName (filename: string, contentType: string): string {
  const extensions = extensionsByType[contentType]
  if (extensions === undefined) return filename
  const lower = filename.toLowerCase()
  if (extensions.some((extension) => lower.endsWith(extension))) return filename
  return `${filename}${extensions[0]}`
}

/** Replaces the extension for a converted variant: `photo.png` as webp → `photo.webp`. */
export function withExtensionFor (filename: string, contentType: string): string {
  const extensions = extensionsByType[contentType]
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
export function contentDisposition (type: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_')
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(filename)}`
}
