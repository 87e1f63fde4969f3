import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { problemResponses, PublicProfileSchema, UserSchema } from '../../schemas.js'
import { codes } from '../../errors.js'
import { UpdateMeBodySchema, UsernameParamsSchema } from './schemas.js'
import { createUserService } from './service.js'

async function normalizeProfile (request: FastifyRequest) {
  const body = request.body as Record<string, unknown> | null
  if (typeof body !== 'object' || body === null) return
  if (typeof body.username === 'string') body.username = body.username.trim().toLowerCase()
  if (typeof body.displayName === 'string') body.displayName = body.displayName.trim()
}

/** `/v1/me` (the signed-in user's own account) and `/v1/users/{username}` (public profiles). */
export default async function userRoutes (fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const users = createUserService({ prisma: app.prisma, publicUrl: app.config.publicUrl })

  app.get('/v1/me', {
    // Readable before the address is verified: the client learns why other routes answer 403.
    config: { scope: 'profile:read', unverifiedEmail: true },
    schema: {
      operationId: 'getMe',
      summary: 'The signed-in user',
      description: 'The account behind the access token or API key, with its email and role. Served from a one-second cache of the session\'s liveness, so a logout or revocation takes effect at once on this node and within a second on others.',
      tags: ['users'],
      response: { 200: Type.Ref(UserSchema), }
    }
  }, async function getMe (request) {
    return await users.getMe(request.user.userId, request.account)
  })

  app.patch('/v1/me', {
    config: { scope: 'profile:write' },
    preValidation: normalizeProfile,
    schema: {
      operationId: 'updateMe',
      summary: 'Change the display name, username or bio',
      description: 'Send only the fields to change; `null` clears `displayName` or `bio`. A username is lower-cased and must be free (409 `username_taken`, with the field in `errors`).',
      tags: ['users'],
      body: UpdateMeBodySchema,
      response: { 200: Type.Ref(UserSchema), ...problemResponses(codes.usernameTaken) }
    }
  }, async function updateMe (request) {
    return await users.updateMe(request.user.userId, request.body)
  })

  app.get('/v1/users/:username', {
    schema: {
      operationId: 'getPublicProfile',
      summary: "A user's public profile",
      description: 'Public fields only; never the email.',
      tags: ['users'],
      params: UsernameParamsSchema,
      response: { 200: Type.Ref(PublicProfileSchema), ...problemResponses(codes.notFound) }
    }
  }, async function getPublicProfile (request) {
    return await users.getPublicProfile(request.params.username.toLowerCase())
  })
}
