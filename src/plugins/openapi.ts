import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { stringify } from 'yaml'

// The docs page loads only its own scripts and styles, served by this app. Swagger UI
// sets inline styles from its bundle (checked in Chromium: blocked without 'unsafe-inline').
const docsCsp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** Route schemas mark a body the route also accepts absent with this (copied to the operation). */
export const OPTIONAL_BODY = 'x-optional-body'

/** @fastify/swagger marks every body required; routes that accept none say so with OPTIONAL_BODY. */
function markOptionalBodies<T> (document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, Record<string, unknown>>> }).paths ?? {}
  for (const operation of Object.values(paths).flatMap((item) => Object.values(item))) {
    if (operation[OPTIONAL_BODY] === true) {
      delete operation[OPTIONAL_BODY]
      ;(operation.requestBody as { required: boolean }).required = false
    }
  }
  return document
}

/** The document as YAML, written out in full (no anchors/aliases) so it reads and diffs plainly. */
export function openapiYaml (app: FastifyInstance): string {
  return stringify(app.swagger(), { aliasDuplicateObjects: false })
}

async function openapiPlugin (app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Userbase API',
        version: '0.1.0',
        description: 'Sign-up, sign-in with JWT access tokens and rotating refresh tokens, profiles and avatars, ' +
          'file uploads with safe serving, and server-side image generation. ' +
          'Every error is `application/problem+json` (RFC 9457) with a stable `code`.'
      },
      tags: [
        { name: 'auth', description: 'Sign-up, sign-in, token refresh and logout' },
        { name: 'account', description: 'Email verification, password reset and change, email change, account deletion' },
        { name: 'sessions', description: "The signed-in user's sessions: list them, end one or all others" },
        { name: 'api-keys', description: 'Personal API keys (access tokens for scripts and services), each with its scopes' },
        { name: 'audit', description: 'The security events of an account, and of all accounts for admins' },
        { name: 'admin', description: 'Managing users: roles, disabling, verification, sessions, deletion (admins only)' },
        { name: 'users', description: 'Profiles and avatars' },
        { name: 'files', description: 'Uploads, their metadata, variants, signed URLs and storage use' },
        { name: 'images', description: 'Images drawn on the server: scenes, placeholders and generated avatars' },
        { name: 'system', description: 'Health and documentation' }
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from signup, login or refresh.' },
          apiKeyAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'sk_...',
            description: 'A personal API key (`Authorization: Bearer sk_...`) from POST /v1/me/api-keys, with the scopes it ' +
              'was created with; never accepted by admin or credential routes.'
          }
        }
      }
    },
    transformObject: (documentObject) => markOptionalBodies('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject),
    // Shared schemas keep their `$id` as the component name instead of def-0, def-1...
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`) }
  })

  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: docsCsp, uiConfig: { deepLinking: true } })

  const documentSchema = { tags: ['system'], response: { 200: Type.Object({}, { additionalProperties: true }) } }
  app.get('/openapi.json', {
    schema: { ...documentSchema, operationId: 'openapiJson', summary: 'This API as an OpenAPI 3.1 document (JSON)' }
  }, async function serveOpenapiJson () {
    return app.swagger()
  })
  app.get('/openapi.yaml', {
    schema: { tags: ['system'], operationId: 'openapiYaml', summary: 'This API as an OpenAPI 3.1 document (YAML)', response: { 200: { content: { 'application/yaml': { schema: Type.String() } } } } }
  }, async function serveOpenapiYaml (_request, reply) {
    return reply.type('application/yaml').send(openapiYaml(app))
  })
}

export default fp(openapiPlugin, { name: 'openapi' })
