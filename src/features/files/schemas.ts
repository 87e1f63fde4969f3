import { Type, type Static } from '@sinclair/typebox'
import type { Config } from '../../config.js'
import { binaryContentOf, UPLOAD_TYPES } from '../../media/formats.js'
import { FileObjectSchema, IdSchema, TimestampSchema, VisibilitySchema } from '../../schemas.js'

export const FileParamsSchema = Type.Object({ id: IdSchema }, { additionalProperties: false })

export const UploadResponseSchema = Type.Object({
  files: Type.Array(Type.Ref(FileObjectSchema))
}, { additionalProperties: false })

/** Documents the multipart body; parts are checked one by one as they stream (see the handler). */
export const UploadBodySchema = Type.Object({
  file: Type.Array(Type.String({ format: 'binary' }), {
    minItems: 1, maxItems: 100, description: 'One or more parts named `file` (at most `UPLOAD_MAX_FILES`, itself at most 100).'
  }),
  visibility: Type.Optional(VisibilitySchema)
}, { required: ['file'] })

export const DEFAULT_LIST_LIMIT = 20
export const DEFAULT_SIGNED_URL_SECONDS = 900

export const ListQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, format: 'int32', default: DEFAULT_LIST_LIMIT })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: '`nextCursor` of the previous page.' }))
}, { additionalProperties: false })

export const ListResponseSchema = Type.Object({
  items: Type.Array(Type.Ref(FileObjectSchema)),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'null on the last page.' })
}, { additionalProperties: false })

export const UpdateFileBodySchema = Type.Object({
  filename: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'Sanitized like an uploaded name.' })),
  visibility: Type.Optional(VisibilitySchema)
}, { additionalProperties: false })

export const FITS = ['cover', 'contain', 'inside'] as const

/** Variant parameters, bounded by VARIANT_MAX_DIMENSION and VARIANT_FORMATS. */
export function variantProperties (config: Config) {
  const dimension = (description: string) =>
    Type.Integer({ minimum: 1, maximum: config.variantMaxDimension, format: 'int32', description })
  return {
    w: Type.Optional(dimension('Width in pixels; never upscaled.')),
    h: Type.Optional(dimension('Height in pixels; never upscaled.')),
    fit: Type.Optional(Type.Union(FITS.map((fit) => Type.Literal(fit)), { description: 'Default `cover`.' })),
    format: Type.Optional(Type.Union(config.variantFormats.map((format) => Type.Literal(format)), { description: 'Default: the original format.' })),
    q: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, format: 'int32', description: 'Quality, default 80.' }))
  }
}

export function variantSchema (config: Config) {
  return Type.Object(variantProperties(config), { additionalProperties: false })
}
export type VariantQuery = Static<ReturnType<typeof variantSchema>>

export function contentQuerySchema (config: Config) {
  return Type.Object({
    ...variantProperties(config),
    expires: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, format: 'int64', description: 'Signed URLs: expiry, Unix seconds.' })),
    sig: Type.Optional(Type.String({ maxLength: 200, description: 'Signed URLs: the signature.' }))
  }, { additionalProperties: false })
}

export function signedUrlBodySchema (config: Config) {
  return Type.Object({
    expiresIn: Type.Optional(Type.Integer({ minimum: 60, maximum: 86400, format: 'int32', default: DEFAULT_SIGNED_URL_SECONDS, description: 'Seconds, 60 to 86400.' })),
    variant: Type.Optional(variantSchema(config))
  }, { additionalProperties: false })
}

export const SignedUrlSchema = Type.Object({
  url: Type.String({ format: 'uri' }),
  expiresAt: TimestampSchema
}, { additionalProperties: false })

/** The content types a file or variant is served as. */
export const binaryContent = binaryContentOf(UPLOAD_TYPES)

const header = (description: string) => ({ type: 'string', description })

export const contentHeaders = {
  etag: header('Strong: the SHA-256 of the bytes, quoted.'),
  'last-modified': header('HTTP date.'),
  'cache-control': header('`private, no-cache` for private files.'),
  'content-disposition': header('`inline` for images, `attachment` otherwise; RFC 6266 with a UTF-8 `filename*`.'),
  'accept-ranges': header('`bytes`.')
}
