import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { codes } from '../../errors.js'
import { problemResponses } from '../../schemas.js'
import { ApiKeyListSchema, ApiKeyParamsSchema, CreateApiKeyBodySchema, CreatedApiKeySchema } from './schemas.js'
import { MAX_API_KEYS_PER_USER, type ApiKeyService } from './service.js'

/** `/v1/me/api-keys`: a signed-in session manages its keys; a key never manages keys. */
export default async function apiKeyRoutes (fastify: FastifyInstance, { service }: { service: ApiKeyService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.post('/v1/me/api-keys', {
    config: { scope: 'profile:write', sessionOnly: true },
    schema: {
      operationId: 'createApiKey',
      summary: 'Create an API key (personal access token)',
      description: 'The `secret` is in this answer only: store it now. Send it as `Authorization: Bearer sk_...`; ' +
        'it carries exactly the scopes given and never reaches admin or credential routes. At most ' +
        `${MAX_API_KEYS_PER_USER} keys per user (400 \`validation_failed\`, code \`max_api_keys\`, beyond).`,
      tags: ['api-keys'],
      body: CreateApiKeyBodySchema,
      response: { 201: CreatedApiKeySchema, ...problemResponses(codes.validationFailed) }
    }
  }, async function createApiKey (request, reply) {
    const key = await service.create(request.user.userId, request.body)
    await app.audit.record({
      type: 'api_key_created',
      userId: request.user.userId,
      request,
      detail: { keyId: key.id, name: key.name, scopes: key.scopes.join(' ') }
    })
    return await reply.code(201).send(key)
  })

  app.get('/v1/me/api-keys', {
    config: { scope: 'profile:read', sessionOnly: true },
    schema: {
      operationId: 'listApiKeys',
      summary: 'The signed-in user\'s API keys',
      description: 'Newest first, with the `prefix` to recognise each; never the secret.',
      tags: ['api-keys'],
      response: { 200: ApiKeyListSchema }
    }
  }, async function listApiKeys (request) {
    return { items: await service.list(request.user.userId) }
  })

  app.delete('/v1/me/api-keys/:id', {
    config: { scope: 'profile:write', sessionOnly: true },
    schema: {
      operationId: 'revokeApiKey',
      summary: 'Revoke one of the signed-in user\'s API keys',
      description: 'The key is deleted and refused at once. Another user\'s key, or one already revoked, is a 404.',
      tags: ['api-keys'],
      params: ApiKeyParamsSchema,
      response: { 204: Type.Null({ description: 'Revoked.' }), ...problemResponses(codes.notFound) }
    }
  }, async function revokeApiKey (request, reply) {
    const key = await service.revoke(request.user.userId, request.params.id)
    await app.audit.record({
      type: 'api_key_revoked',
      userId: request.user.userId,
      request,
      detail: { keyId: key.id, name: key.name }
    })
    return await reply.code(204).send(null)
  })
}
