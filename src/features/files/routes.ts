import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { codes, errors } from '../../errors.js'
import type { Principal } from '../../plugins/auth.js'
import { OPTIONAL_BODY } from '../../plugins/openapi.js'
import { FileObjectSchema, problemResponses } from '../../schemas.js'
import {
  binaryContent, contentHeaders, DEFAULT_LIST_LIMIT, DEFAULT_SIGNED_URL_SECONDS, contentQuerySchema, FileParamsSchema,
  ListQuerySchema, ListResponseSchema, SignedUrlSchema, signedUrlBodySchema, UpdateFileBodySchema, UploadBodySchema,
  UploadResponseSchema, type VariantQuery
} from './schemas.js'
import { blobKeys } from '../../media/keys.js'
import { acceptMultipart } from '../../media/multipart.js'
import { renderClientOf } from '../../media/render-pool.js'
import { sendContent } from '../../media/serve.js'
import { receiveUpload } from './receive.js'
import { checkPublicVariant, variantSpec } from './variants.js'

/** The caller's user id when a bearer token was sent (and is valid), else undefined. */
const viewerOf = (request: FastifyRequest) => (request.user as Principal | null | undefined)?.userId

const pickVariant = (query: VariantQuery): VariantQuery => ({
  w: query.w, h: query.h, fit: query.fit, format: query.format, q: query.q
})

export default async function fileRoutes (fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { config, files } = app
  const { service, variants, signer } = files
  const { storage } = app.media
  const streamedBody = await acceptMultipart(app)

  app.post('', {
    config: { scope: 'files:write' },
    validatorCompiler: streamedBody,
    schema: {
      operationId: 'uploadFiles',
      summary: 'Upload one or more files',
      description: 'multipart/form-data: parts named `file` (at most `UPLOAD_MAX_FILES`) and an optional field `visibility`, in any order. ' +
        'Types are sniffed from the bytes; images are oriented and stripped of metadata. All or nothing: one refused part refuses the request.',
      tags: ['files'],
      body: { content: { 'multipart/form-data': { schema: UploadBodySchema } } },
      response: {
        201: UploadResponseSchema,
        ...problemResponses(
          codes.missingFile, codes.emptyFile, codes.invalidMultipart, codes.fileTooLarge, codes.quotaExceeded,
          codes.tooManyFiles, codes.unsupportedMediaType, codes.invalidImage, codes.imageTooLarge,
          codes.insufficientStorage
        )
      }
    }
  }, async function uploadFiles (request, reply) {
    const userId = request.user.userId
    const received = await receiveUpload(request, service, config, userId)
    const created = await service.commit(userId, received.files, received.visibility)
    return await reply.code(201).send({ files: created })
  })

  app.get('', {
    config: { scope: 'files:read' },
    schema: {
      operationId: 'listFiles',
      summary: 'The caller\'s files, newest first',
      description: 'Avatars are not listed. Pass `nextCursor` back as `cursor` for the next page.',
      tags: ['files'],
      querystring: ListQuerySchema,
      response: { 200: ListResponseSchema, }
    }
  }, async function listFiles (request) {
    return await service.list(request.user.userId, request.query.limit ?? DEFAULT_LIST_LIMIT, request.query.cursor)
  })

  app.get('/:id', {
    config: { scope: 'files:read', anonymous: true },
    schema: {
      operationId: 'getFile',
      summary: 'A file\'s metadata',
      description: 'Public files for anyone; private files for their owner only (404 for everyone else).',
      tags: ['files'],
      params: FileParamsSchema,
      response: { 200: Type.Ref(FileObjectSchema), ...problemResponses(codes.notFound) }
    }
  }, async function getFile (request) {
    return service.toObject(await service.readable(request.params.id, viewerOf(request)))
  })

  app.patch('/:id', {
    config: { scope: 'files:write' },
    schema: {
      operationId: 'updateFile',
      summary: 'Rename a file or change its visibility',
      description: 'Only the owner. The new name is sanitized like an uploaded one. Making a file `public` lets anyone with its id read it (and the allowed variants); `private` ends that at once.',
      tags: ['files'],
      params: FileParamsSchema,
      body: UpdateFileBodySchema,
      response: { 200: Type.Ref(FileObjectSchema), ...problemResponses(codes.notFound) }
    }
  }, async function updateFile (request) {
    return await service.update(request.params.id, request.user.userId, request.body)
  })

  app.delete('/:id', {
    config: { scope: 'files:write' },
    schema: {
      operationId: 'deleteFile',
      summary: 'Delete a file, its variants and its bytes',
      description: 'Only the owner. The row goes first, so the file is gone for every reader at once; the stored bytes and variants follow, and any the store could not delete are removed by the orphan sweep.',
      tags: ['files'],
      params: FileParamsSchema,
      response: { 204: Type.Null({ description: 'Deleted.' }), ...problemResponses(codes.notFound) }
    }
  }, async function deleteFile (request, reply) {
    await service.remove(request.params.id, request.user.userId)
    return await reply.code(204).send(null)
  })

  app.get('/:id/content', {
    config: { scope: 'files:read', anonymous: true, servesContent: true },
    schema: {
      operationId: 'getFileContent',
      summary: 'The bytes of a file, or a resized/converted image variant',
      description: 'Owner (bearer token), anyone for public files, or anyone holding a signed URL until it expires. ' +
        'Images: `w`, `h`, `fit` (default cover), `format` (default the original\'s), `q` (default 80) give a variant, never upscaled. ' +
        'Anyone but the owner (without a signed URL) may ask a public image only for `format` and a `w` from ' +
        `${config.variantPublicWidths.join(', ')} (403 \`variant_not_allowed\`). ` +
        'Strong ETag (304), Last-Modified, single byte ranges (206, 416); inline for images, attachment otherwise.',
      tags: ['files'],
      params: FileParamsSchema,
      querystring: contentQuerySchema(config),
      response: {
        200: { description: 'The bytes.', headers: contentHeaders, content: binaryContent },
        206: {
          description: 'One byte range.',
          headers: { ...contentHeaders, 'content-range': { type: 'string' } },
          content: binaryContent
        },
        304: { description: 'Not modified (If-None-Match / If-Modified-Since).', type: 'null' },
        ...problemResponses(codes.invalidSignature, codes.signatureExpired, codes.forbidden, codes.variantNotAllowed,
          codes.notFound, codes.rangeNotSatisfiable, codes.serviceUnavailable, codes.insufficientStorage)
      }
    }
  }, async function getFileContent (request, reply) {
    const { id } = request.params
    const { sig, expires } = request.query
    const requested = pickVariant(request.query)
    const nowSeconds = Math.floor(app.now().getTime() / 1000)
    if (sig !== undefined) signer.verify(id, requested, expires, sig, nowSeconds)
    const file = sig !== undefined ? await service.byId(id) : await service.readable(id, viewerOf(request))
    if (file === null) throw errors.notFound('No such file.')
    const cacheControl = sig !== undefined
      ? `private, max-age=${(expires ?? nowSeconds) - nowSeconds}`
      : file.visibility === 'public' ? 'public, max-age=300' : 'private, no-cache'
    const spec = variantSpec(requested, file.contentType)
    if (spec === null) {
      return await sendContent(request, reply, storage, {
        key: blobKeys.fileOriginal(file.id),
        size: file.size,
        etag: file.sha256,
        contentType: file.contentType,
        modifiedAt: file.createdAt,
        filename: file.filename,
        cacheControl
      })
    }
    // Strangers get a few sizes: every odd width of a public image would be a fresh decode on the render pool.
    if (sig === undefined && file.userId !== viewerOf(request)) {
      checkPublicVariant(requested, config.variantPublicWidths)
    }
    const variant = await variants.get(file, spec, renderClientOf(request))
    reply.raw.once('close', variant.release)
    return await sendContent(request, reply, variant.source, {
      key: blobKeys.fileVariant(file.id, variant.id),
      size: variant.size,
      etag: variant.sha256,
      contentType: variant.contentType,
      modifiedAt: variant.createdAt,
      filename: variants.filename(file.filename, variant.contentType),
      cacheControl
    })
  })

  app.post('/:id/signed-url', {
    config: { scope: 'files:read' },
    preValidation: async function emptyBodyIsEmptyObject (request) { request.body ??= {} as typeof request.body },
    schema: {
      operationId: 'createSignedFileUrl',
      summary: 'A URL that serves the file (or one variant) without a token until it expires',
      description: 'For `<img src>` and downloads in browsers. `expiresIn` is 60 to 86400 seconds (default 900). The owner only.',
      tags: ['files'],
      params: FileParamsSchema,
      [OPTIONAL_BODY]: true,
      body: signedUrlBodySchema(config),
      response: { 200: SignedUrlSchema, ...problemResponses(codes.notFound) }
    }
  }, async function createSignedFileUrl (request) {
    const file = await service.owned(request.params.id, request.user.userId)
    const variant = pickVariant(request.body.variant ?? {})
    variantSpec(variant, file.contentType) // variant parameters on a non-image are a 400 now, not a broken URL later
    const expires = Math.floor(app.now().getTime() / 1000) + (request.body.expiresIn ?? DEFAULT_SIGNED_URL_SECONDS)
    return { url: signer.url(file.id, variant, expires), expiresAt: new Date(expires * 1000).toISOString() }
  })
}
