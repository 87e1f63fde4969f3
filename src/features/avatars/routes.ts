import multipart from '@fastify/multipart'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { AvatarBodySchema } from '../files/schemas.js'
import { sendContent } from '../files/serve.js'
import { multipartOptions, streamedBodyValidator } from '../files/upload.js'
import { IdSchema, noSecurity, problemResponses, UserSchema } from '../../schemas.js'
import { codes } from '../../errors.js'
import { AVATAR_SIZES, createAvatarService, DEFAULT_AVATAR_SIZE, type AvatarSize } from './service.js'

/** `PUT` and `DELETE /v1/me/avatar`: the signed-in user's own avatar. */
export async function avatarRoutes (fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const avatars = createAvatarService({ prisma: app.prisma, files: app.files, config: app.config, now: app.now, log: app.log })
  await app.register(multipart, multipartOptions)

  app.put('', {
    config: { scope: 'profile:write' },
    // The multipart body is checked as it streams, not by a schema.
    validatorCompiler: streamedBodyValidator(app),
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
        ...problemResponses(codes.missingFile, codes.emptyFile, codes.invalidMultipart, codes.fileTooLarge, codes.tooManyFiles, codes.unsupportedMediaType, codes.invalidImage, codes.imageTooLarge, codes.serviceUnavailable)
      }
    }
  }, async function setAvatar (request) {
    return await avatars.set(request.user.userId, request)
  })

  app.delete('', {
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
}

const SizeSchema = Type.Union(AVATAR_SIZES.map((size) => Type.Literal(size)), { default: DEFAULT_AVATAR_SIZE, description: 'Pixels (square).' })

/** `GET /v1/avatars/{id}`: public, so an `<img src>` shows it without a token. */
export async function avatarContentRoutes (fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const avatars = createAvatarService({ prisma: app.prisma, files: app.files, config: app.config, now: app.now, log: app.log })

  app.get('/:id', {
    schema: {
      operationId: 'getAvatar',
      summary: 'An avatar image (WebP), as linked from `avatarUrl`',
      description: 'A replaced or deleted avatar is 404. Responses may be cached for a day (not longer, so a deleted ' +
        'avatar leaves shared caches within a day); the id changes with every upload, so a new one shows at once.',
      tags: ['users'],
      security: noSecurity,
      params: Type.Object({ id: IdSchema }, { additionalProperties: false }),
      querystring: Type.Object({ size: Type.Optional(SizeSchema) }, { additionalProperties: false }),
      response: {
        200: { description: 'The image.', content: { 'image/webp': { schema: Type.String({ format: 'binary' }) } } },
        206: { description: 'One byte range.', content: { 'image/webp': { schema: Type.String({ format: 'binary' }) } } },
        304: { description: 'Not modified.', type: 'null' },
        ...problemResponses(codes.notFound, codes.rangeNotSatisfiable)
      }
    }
  }, async function getAvatar (request, reply) {
    const size: AvatarSize = request.query.size ?? DEFAULT_AVATAR_SIZE
    const avatar = await avatars.find(request.params.id, size)
    return await sendContent(request, reply, app.files.storage, {
      ...avatar,
      etag: `${request.params.id}-${size}`,
      contentType: 'image/webp',
      filename: `avatar-${size}.webp`,
      // A day, not a year: a deleted avatar must leave shared caches (a CDN's, a proxy's) soon.
      cacheControl: 'public, max-age=86400'
    })
  })
}
