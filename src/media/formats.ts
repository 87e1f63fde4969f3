// The one table of the formats we store, serve and draw. Every list of types,
// extensions, decoders and encoder settings in the code is read from here.
import type { Sharp } from 'sharp'

/** Short names, as in `?format=` and sharp's output methods. */
export type FormatName = 'png' | 'jpeg' | 'webp' | 'gif' | 'avif' | 'pdf' | 'text'

export interface Format {
  name: FormatName
  /** The content type we sniff and store. */
  type: string
  /** The `Content-Type` it is served with. */
  servedAs: string
  /** The first is the one a name gets when it needs one. */
  extensions: readonly string[]
  /** Other names clients declare it by. */
  aliases?: readonly string[]
  /** sharp's `metadata().format` for an image of this type; undefined: not an image. */
  decoder?: string
  /** Whether variants and drawings may be encoded to it (GIF is only ever kept as it came). */
  encodable: boolean
  /** The quality an upload is re-encoded at in its own format (orienting, stripping metadata). */
  keepQuality?: number
}

export const FORMATS = [
  {
    name: 'png', type: 'image/png', servedAs: 'image/png', extensions: ['.png'], aliases: ['image/x-png'], decoder: 'png', encodable: true
  },
  {
    name: 'jpeg',
    type: 'image/jpeg',
    servedAs: 'image/jpeg',
    extensions: ['.jpg', '.jpeg'],
    aliases: ['image/jpg', 'image/pjpeg'],
    decoder: 'jpeg',
    encodable: true,
    keepQuality: 90
  },
  { name: 'webp', type: 'image/webp', servedAs: 'image/webp', extensions: ['.webp'], decoder: 'webp', encodable: true, keepQuality: 90 },
  { name: 'gif', type: 'image/gif', servedAs: 'image/gif', extensions: ['.gif'], decoder: 'gif', encodable: false },
  { name: 'avif', type: 'image/avif', servedAs: 'image/avif', extensions: ['.avif'], decoder: 'heif', encodable: true, keepQuality: 70 },
  { name: 'pdf', type: 'application/pdf', servedAs: 'application/pdf', extensions: ['.pdf'], encodable: false },
  {
    name: 'text',
    type: 'text/plain',
    servedAs: 'text/plain; charset=utf-8',
    extensions: ['.txt', '.text', '.log', '.md', '.csv'],
    encodable: false
  }
] as const satisfies readonly Format[]

// Maps: a plain object would answer `constructor` or `__proto__` from its prototype.
const byType = new Map<string, Format>(FORMATS.map((format) => [format.type, format]))
const byName = new Map<string, Format>(FORMATS.map((format) => [format.name, format]))

/** The format of a stored content type; undefined for a type we do not know. */
export const formatOfType = (type: string): Format | undefined => byType.get(type)

export const formatNamed = (name: FormatName): Format => byName.get(name) as Format

const byAlias = new Map<string, string>(
  FORMATS.flatMap((format: Format) => (format.aliases ?? []).map((alias) => [alias, format.type]))
)

/** The type a declared alias stands for (`image/jpg` → `image/jpeg`); other types as they are. */
export const canonicalType = (type: string) => byAlias.get(type) ?? type

export const isImageType = (type: string) => formatOfType(type)?.decoder !== undefined

/** The names sharp encodes to: the image formats. */
export type ImageFormatName = 'png' | 'jpeg' | 'webp' | 'gif' | 'avif'
export type ImageFormat = Format & { name: ImageFormatName, decoder: string }

/** The format of an image type; throws for any other type (callers have sniffed it). */
export function imageFormatOf (type: string): ImageFormat {
  const format = byType.get(type)
  if (format?.decoder === undefined) throw new TypeError(`Not an image type: ${type}`)
  return format as ImageFormat
}

export const UPLOAD_TYPES = FORMATS.map((format) => format.type)
/** What variants and drawings may be encoded to, WebP first (the default variant format). */
export const ENCODABLE_FORMATS = ['webp', 'avif', 'png', 'jpeg'] as const satisfies readonly FormatName[]
export type EncodableFormat = typeof ENCODABLE_FORMATS[number]

/** The `Content-Type` a stored type is served with. */
export const servedType = (type: string) => formatOfType(type)?.servedAs ?? type

/** OpenAPI content entries for binary answers of these types. */
export function binaryContentOf (types: readonly string[]) {
  const binary = { schema: { type: 'string', format: 'binary' } }
  return Object.fromEntries(types.map((type) => [servedType(type), binary]))
}

export interface EncodeOptions {
  quality?: number
  /** Keep a palette PNG a palette PNG. */
  palette?: boolean
  /** libvips effort for WebP and AVIF; lower where time matters more than bytes (drawing). */
  effort?: number
}

/**
 * The encoder settings of a format, as the argument of sharp's method of the same name: PNG and GIF stay
 * lossless (`quality` would make sharp quantize them).
 */
export function encoderOptions (name: ImageFormatName, options: EncodeOptions): Record<string, unknown> {
  if (name === 'png') return { palette: options.palette === true }
  if (name === 'gif') return {}
  const settings: Record<string, unknown> = { quality: options.quality }
  if (options.effort !== undefined && name !== 'jpeg') settings.effort = options.effort
  return settings
}

/** JPEG has no alpha: transparent pixels are laid on white, not left to turn black. */
export const needsFlattening = (name: ImageFormatName) => name === 'jpeg'

/** Encodes a pipeline to an image format with the table's settings. */
export function encode (pipeline: Sharp, name: ImageFormatName, options: EncodeOptions): Sharp {
  const flat = needsFlattening(name) ? pipeline.flatten({ background: '#ffffff' }) : pipeline
  return flat.toFormat(name, encoderOptions(name, options))
}
