import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { codes, errors } from '../../errors.js'
import { tokenKeysOf } from '../../plugins/token-keys.js'
import { problemResponses } from '../../schemas.js'

const JwkSchema = Type.Object({
  kty: Type.Literal('OKP'),
  crv: Type.Literal('Ed25519'),
  x: Type.String({ description: 'The public key, base64url (RFC 8037).' }),
  kid: Type.String({ description: 'The `kid` in the header of the tokens this key verifies.' }),
  alg: Type.Literal('EdDSA'),
  use: Type.Literal('sig')
})

const JwksSchema = Type.Object({
  keys: Type.Array(JwkSchema, { description: 'The current signing key first, then the previous ones still verifying.' })
})

// Verifiers re-fetch on a kid they do not know (jose does), so a new key is picked up before this expires.
const CACHE_CONTROL = 'public, max-age=300'

export default async function keyRoutes (fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const jwks = tokenKeysOf(app.config)?.jwks ?? null

  // Under the global per-IP limit like any route: verifiers cache the document, so they fetch it rarely.
  app.get('/.well-known/jwks.json', {
    schema: {
      operationId: 'jwks',
      summary: 'The public keys that verify access tokens (JWKS)',
      description: 'Published only when access tokens are signed with Ed25519 (JWT_PRIVATE_KEY_FILE); ' +
        'with the default HS256 only this API can verify its tokens, and this answers 404.',
      tags: ['system'],
      response: {
        200: {
          description: 'The JSON Web Key Set.',
          headers: { 'cache-control': { type: 'string', description: `\`${CACHE_CONTROL}\`.` } },
          content: { 'application/json': { schema: JwksSchema } }
        },
        ...problemResponses(codes.notFound)
      }
    }
  }, async function jwksDocument (_request, reply) {
    if (jwks === null) throw errors.notFound('No signing keys are configured: access tokens are HS256.')
    reply.header('cache-control', CACHE_CONTROL)
    return jwks
  })
}
