import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { codes, errors } from '../../errors.js'
import { binaryContentOf } from '../../media/formats.js'
import { acceptMultipart, multipartError, partsOf } from '../../media/multipart.js'
import { sendContent } from '../../media/serve.js'
import { IdSchema, problemResponses, UserSchema } from '../../schemas.js'
import { AVATAR_FORMAT, AVATAR_SIZES, createAvatarService, DEFAULT_AVATAR_SIZE, type AvatarService, type AvatarSize } from './service.js'

const AvatarBodySchema = Type.Object({
  file: Type.String({ format: 'binary', description: 'One image (png, jpeg, webp, gif or avif).' })
}, { required: ['file'] })

const SizeSchema = Type.Union(AVATAR_SIZES.map((size) => Type.Literal(size)), { default: DEFAULT_AVATAR_SIZE, description: 'Pixels (square).' })

/** Reads the form's one `file` part into a prepared avatar; refused forms leave nothing behind. */
async function receiveAvatar (request: FastifyRequest, avatars: AvatarService, config: Config, userId: string) {
  let avatarId: string | undefined
  try {
    for await (const part of partsOf(request, { files: 1, fields: 0, fileBytes: config.uploadMaxBytes })) {
      if (part.type === 'field' || part.fieldname !== 'file') {
        if (part.type === 'file') part.file.destroy()
        throw errors.validation([{ path: `/${part.fieldname}`, message: 'is not an allowed field; send the image as `file`' }])
      }
      avatarId = await avatars.prepare(userId, {
        body: part.file, filename: part.filename, declaredType: part.mimetype
      })
    }
    if (avatarId === undefined) throw errors.missingFile()
    return avatarId
  } catch (error) {
    if (avatarId !== undefined) await avatars.discard(avatarId)
    throw multipartError(error)
  }
}

/**
 * `PUT` and `DELETE /v1/me/avatar` (the signed-in user's own avatar) and `GET /v1/avatars/{id}` (public, so an
 * `<img src>` shows it without a token).
 */
export default async function avatarRoutes (fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { config, media } = app
  const avatars = createAvatarService({ prisma: app.prisma, media, config, now: app.now, log: app.log })
  media.sweeper.ownsGroup('avatars', { isReferenced: avatars.isReferenced, blobPrefixesOf: avatars.blobPrefixesOf })
  const streamedBody = await acceptMultipart(app)

  app.put('/v1/me/avatar', {
    config: { scope: 'profile:write' },
    validatorCompiler: streamedBody,
    schema: {
      operationId: 'setAvatar',
      summary: 'Upload a new avatar',
      description: 'multipart/form-data with one image in the part `file`. It is cropped square and stored at ' +
        `${AVATAR_SIZES.join(', ')} px; \`avatarUrl\` changes with every upload and the previous URL stops loading. ` +
        'Avatars do not count against the file quota and are not listed with the files.',
      tags: ['users'],
      body: { content: { 'multipart/form-data': { schema: AvatarBodySchema } } },
      response: {
        200: Type.Ref(UserSchema),
        ...problemResponses(
          codes.missingFile, codes.emptyFile, codes.invalidMultipart, codes.fileTooLarge, codes.tooManyFiles,
          codes.unsupportedMediaType, codes.invalidImage, codes.imageTooLarge, codes.serviceUnavailable
        )
      }
    }
  }, async function setAvatar (request) {
    const userId = request.user.userId
    return await avatars.set(userId, await receiveAvatar(request, avatars, config, userId))
  })

  app.delete('/v1/me/avatar', {
    config: { scope: 'profile:write' },
    schema: {
      operationId: 'deleteAvatar',
      summary: 'Remove the avatar',
      description: '`avatarUrl` falls back to the generated avatar and the old URL answers 404.',
      tags: ['users'],
      response: { 204: Type.Null({ description: 'Removed (or there was none).' }), }
    }
  }, async function deleteAvatar (request, reply) {
    await avatars.remove(request.user.userId)
    return await reply.code(204).send(null)
  })

  app.get('/v1/avatars/:id', {
    config: { servesContent: true },
    schema: {
      operationId: 'getAvatar',
      summary: 'An avatar image (WebP), as linked from `avatarUrl`',
      description: 'A replaced or deleted avatar is 404. Responses may be cached for a day (not longer, so a deleted ' +
        'avatar leaves shared caches within a day); the id changes with every upload, so a new one shows at once.',
      tags: ['users'],
      params: Type.Object({ id: IdSchema }, { additionalProperties: false }),
      querystring: Type.Object({ size: Type.Optional(SizeSchema) }, { additionalProperties: false }),
      response: {
        200: { description: 'The image.', content: binaryContentOf([AVATAR_FORMAT.type]) },
        206: { description: 'One byte range.', content: binaryContentOf([AVATAR_FORMAT.type]) },
        304: { description: 'Not modified.', type: 'null' },
        ...problemResponses(codes.notFound, codes.rangeNotSatisfiable)
      }
    }
  }, async function getAvatar (request, reply) {
    const size: AvatarSize = request.query.size ?? DEFAULT_AVATAR_SIZE
    const avatar = await avatars.find(request.params.id, size)
    return await sendContent(request, reply, media.storage, {
      ...avatar,
      etag: `${request.params.id}-${size}`,
      filename: `avatar-${size}.webp`,
      // A day, not a year: a deleted avatar must leave shared caches (a CDN's, a proxy's) soon.
      cacheControl: 'public, max-age=86400'
    })
  })
}
