import multipart from '@fastify/multipart'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { AvatarBodySchema } from '../files/schemas.js'
import { sendContent } from '../files/serve.js'
import { multipartOptions } from '../files/upload.js'
import { bearerSecurity, IdSchema, noSecurity, problemResponses, UserSchema } from '../../schemas.js'
import { AVATAR_SIZES, createAvatarService, DEFAULT_AVATAR_SIZE, type AvatarSize } from './service.js'

const authProblems = { 401: ['unauthorized', 'invalid_token', 'token_expired'], 403: ['forbidden'] }

/** `PUT` and `DELETE /v1/me/avatar`: the signed-in user's own avatar. */
export async function avatarRoutes (fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const avatars = createAvatarService({ prisma: app.prisma, files: app.files, config: app.config, now: app.now, log: app.log, userChanged: app.sessionStatus.invalidateUser })
  await app.register(multipart, multipartOptions)
  app.addHook('onRequest', app.authenticate)

  app.put('', {
    config: { scope: 'profile:write' },
    // The multipart body is checked as it streams, not by a schema.
    validatorCompiler: () => () => true,
    schema: {
      operationId: 'setAvatar',
      summary: 'Upload a new avatar',
      description: 'multipart/form-data with one image in the part `file`. It is cropped square and stored at ' +
        `${AVATAR_SIZES.join(', ')} px; \`avatarUrl\` changes with every upload and the previous URL stops loading. ` +
        'Avatars do not count against the file quota and are not listed with the files.',
      tags: ['users'],
      security: bearerSecurity('profile:write'),
      body: { content: { 'multipart/form-data': { schema: AvatarBodySchema } } },
      response: {
        200: Type.Ref(UserSchema),
        ...problemResponses({
          ...authProblems,
          400: ['missing_file', 'empty_file', 'validation_failed', 'invalid_multipart'],
          413: ['file_too_large', 'too_many_files'],
          415: ['unsupported_media_type'],
          422: ['invalid_image', 'image_too_large'],
          503: ['service_unavailable']
        })
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
      security: bearerSecurity('profile:write'),
      response: { 204: Type.Null({ description: 'Removed (or there was none).' }), ...problemResponses(authProblems) }
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
  const avatars = createAvatarService({ prisma: app.prisma, files: app.files, config: app.config, now: app.now, log: app.log, userChanged: app.sessionStatus.invalidateUser })

  app.get('/:id', {
    schema: {
      operationId: 'getAvatar',
      summary: 'An avatar image (WebP), as linked from `avatarUrl`',
      description: 'The id changes with every upload, so responses are cached for a year; a replaced or deleted avatar is 404.',
      tags: ['users'],
      security: noSecurity,
      params: Type.Object({ id: IdSchema }, { additionalProperties: false }),
      querystring: Type.Object({ size: Type.Optional(SizeSchema) }, { additionalProperties: false }),
      response: {
        200: { description: 'The image.', content: { 'image/webp': { schema: Type.String({ format: 'binary' }) } } },
        206: { description: 'One byte range.', content: { 'image/webp': { schema: Type.String({ format: 'binary' }) } } },
        304: { description: 'Not modified.', type: 'null' },
        ...problemResponses({ 400: ['validation_failed'], 404: ['not_found'], 416: ['range_not_satisfiable'] })
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
      cacheControl: 'public, max-age=31536000, immutable'
    })
  })
}
