// Type by content, not by claim: the magic bytes decide, the declared type may
// only agree with them.
import { isUtf8 } from 'node:buffer'
import { fileTypeFromBuffer } from 'file-type'
import { errors } from '../errors.js'
import { canonicalType } from './formats.js'

/** Bytes read before deciding a type (file-type's own sample size). */
export const SNIFF_BYTES = 4100

// Declared types that are refused whatever the bytes are: markup a browser
// would run, scripts and executables.
const DANGEROUS_DECLARED = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/(x-)?javascript|application\/ecmascript|text\/ecmascript|application\/x-(sh|csh|msdownload|executable|elf|mach-binary|httpd-php)|application\/vnd\.microsoft\.portable-executable|application\/wasm|application\/java-archive)$/

/** RFC 6838: a type and a subtype of at most 127 characters each. */
const MAX_DECLARED_LENGTH = 255

// The WHATWG MIME sniffing patterns for HTML (each followed by a space or `>`),
// plus XML/SVG and `#!` scripts: text that starts like this is not plain text.
const MARKUP = /^(?:<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|svg|math|object|embed|meta|link|xml)[\s>/]|<!--|<\?xml|#!)/i

/** `image/PNG; charset=x` → `image/png`; no declaration (or octet-stream) → undefined. */
export function normalizeDeclared (declared: string | undefined): string | undefined {
  const raw = declared ?? ''
  const semicolon = raw.indexOf(';')
  const type = (semicolon === -1 ? raw : raw.slice(0, semicolon)).slice(0, MAX_DECLARED_LENGTH).trim().toLowerCase()
  if (type === '' || type === 'application/octet-stream') return undefined
  return canonicalType(type)
}

/** Plain text is UTF-8 with no NUL that does not start like markup or a script. */
export function looksLikePlainText (head: Uint8Array): boolean {
  if (head.includes(0)) return false
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\ufeff/, '').trimStart()
  return !MARKUP.test(text)
}

/**
 * The type of a file from its first bytes, checked against the allowed types
 * and the declared type. Throws 415 `unsupported_media_type`.
 */
export async function detectType (
  head: Uint8Array,
  declaredRaw: string | undefined,
  allowed: readonly string[]
): Promise<string> {
  const declared = normalizeDeclared(declaredRaw)
  if (declared !== undefined && DANGEROUS_DECLARED.test(declared)) {
    throw errors.unsupportedMediaType(`Files declared as ${declared} are not accepted.`)
  }
  const sniffed = (await fileTypeFromBuffer(head))?.mime ?? (looksLikePlainText(head) ? 'text/plain' : undefined)
  if (sniffed === undefined) {
    throw errors.unsupportedMediaType('The content is not of an accepted type (markup, scripts and unknown binary data are refused).')
  }
  if (!allowed.includes(sniffed)) {
    throw errors.unsupportedMediaType(`The content is ${sniffed}, which is not accepted here; accepted: ${allowed.join(', ')}.`)
  }
  // Any text/* declaration fits plain text (text/csv, text/markdown); binary types must match exactly.
  const agrees = declared === undefined || declared === sniffed ||
    (sniffed === 'text/plain' && declared.startsWith('text/'))
  if (!agrees) {
    throw errors.unsupportedMediaType(`The file is declared as ${declared} but its content is ${sniffed}.`)
  }
  return sniffed
}

/** How many bytes at the end begin a UTF-8 sequence that they do not finish (0 to 3). */
export function unfinishedSequence (bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]
    if ((byte & 0xc0) === 0x80) continue // a continuation byte: its lead is further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return length > back ? back : 0
  }
  return 0
}

/**
 * Passes text through while checking that all of it is UTF-8 without NUL
 * (a valid head can hide a binary tail). Throws 415. Checked with
 * `buffer.isUtf8` (simdutf): decoding to strings cost a third of an upload.
 * A sequence split between chunks is carried over to the next one.
 */
export async function * validatedText (body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const refuse = () => errors.unsupportedMediaType('Plain text must be valid UTF-8 without NUL characters.')
  let carried: Uint8Array = new Uint8Array(0)
  for await (const chunk of body) {
    if (chunk.includes(0)) throw refuse()
    const bytes = carried.length === 0 ? chunk : Buffer.concat([carried, chunk])
    const complete = bytes.length - unfinishedSequence(bytes)
    if (!isUtf8(bytes.subarray(0, complete))) throw refuse()
    carried = Uint8Array.prototype.slice.call(bytes, complete)
    yield chunk
  }
  if (carried.length > 0) throw refuse()
}
