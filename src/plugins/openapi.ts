import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { stringify } from 'yaml'
import { rateLimitHeaders } from '../schemas.js'

// The docs page loads only its own scripts and styles, served by this app. Swagger UI
// sets inline styles from its bundle (checked in Chromium: blocked without 'unsafe-inline'),
// and shows an image answer through a blob: URL of the bytes it fetched.
const docsCsp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** Route schemas mark a body the route also accepts absent with this (copied to the operation). */
export const OPTIONAL_BODY = 'x-optional-body'
/** Set by the security plugin on routes under a rate limit: their answers carry the RateLimit headers. */
export const RATE_LIMITED: string = 'x-rate-limited'
/**
 * Set by the auth plugin: the scopes an access token or API key needs. OpenAPI lists scopes in a security
 * requirement only for OAuth flows, so bearer tokens state theirs in this extension.
 */
export const REQUIRED_SCOPES: string = 'x-required-scopes'

type Operation = Record<string, unknown> & { responses: Record<string, { headers?: Record<string, unknown> }> }
interface Document { paths?: Record<string, Record<string, Operation>> }

/** @fastify/swagger marks every body required; routes that accept none say so with OPTIONAL_BODY. */
function markOptionalBody (operation: Operation) {
  if (operation[OPTIONAL_BODY] !== true) return
  delete operation[OPTIONAL_BODY]
  ;(operation.requestBody as { required: boolean }).required = false
}

/** Every answer of a limited route, not only its 429, carries the limiter's headers: clients pace on them. */
function declareRateLimitHeaders (operation: Operation) {
  if (operation[RATE_LIMITED] !== true) return
  delete operation[RATE_LIMITED]
  const headers = Object.fromEntries(Object.entries(rateLimitHeaders).map(([name, { description, ...schema }]) =>
    [name, { description, schema }]))
  for (const [status, response] of Object.entries(operation.responses)) {
    if (/^[24]/.test(status)) response.headers = { ...headers, ...response.headers }
  }
}

/**
 * The shapes of a scene are an inline `oneOf` with a discriminator, which Ajv uses to report the errors of
 * the branch the `type` names. OpenAPI's discriminator can only select `$ref`ed schemas, and each branch
 * already fixes its `type` to one literal, so the document leaves the discriminator out.
 */
function dropInlineDiscriminators (node: unknown): void {
  if (typeof node !== 'object' || node === null) return
  const schema = node as Record<string, unknown>
  if (schema.discriminator !== undefined && Array.isArray(schema.oneOf) &&
    schema.oneOf.every((branch: Record<string, unknown>) => branch.$ref === undefined)) {
    delete schema.discriminator
  }
  for (const value of Object.values(schema)) dropInlineDiscriminators(value)
}

/**
 * TypeBox writes a union of literals as an `anyOf` of one-value enums; Swagger UI offers only the first
 * branch of such an `anyOf` (an image's `format` could not be chosen in /docs). The document states the
 * same set of values as one enum, which every tool reads.
 */
function mergeLiteralUnions (node: unknown): void {
  if (typeof node !== 'object' || node === null) return
  const schema = node as Record<string, unknown>
  const branches = schema.anyOf
  if (Array.isArray(branches) && branches.length > 0 && branches.every((branch: Record<string, unknown>) =>
    Object.keys(branch).length === 2 && Array.isArray(branch.enum) && branch.enum.length === 1 &&
    branch.type === branches[0].type)) {
    delete schema.anyOf
    schema.type = branches[0].type
    schema.enum = branches.map((branch: { enum: unknown[] }) => branch.enum[0])
  }
  for (const value of Object.values(schema)) mergeLiteralUnions(value)
}

function finishDocument<T> (document: T): T {
  for (const operation of Object.values((document as Document).paths ?? {}).flatMap((item) => Object.values(item))) {
    markOptionalBody(operation)
    declareRateLimitHeaders(operation)
  }
  dropInlineDiscriminators((document as Document).paths)
  mergeLiteralUnions(document)
  return document
}

/** The document as YAML, written out in full (no anchors/aliases) so it reads and diffs plainly. */
export function openapiYaml (app: FastifyInstance): string {
  return stringify(app.swagger(), { aliasDuplicateObjects: false })
}

async function openapiPlugin (app: FastifyInstance) {
  // `x-internal: false`: this server is meant for the API's clients, not an internal one.
  const thisDeployment = {
    url: app.config.publicUrl,
    description: 'This deployment (PUBLIC_URL); the committed openapi.yaml shows the local development default',
    'x-internal': false
  }
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Userbase API',
        version: '0.1.0',
        description: 'Everything around the users of a web or mobile app: sign-up and sign-in with short-lived JWT ' +
          'access tokens and rotating refresh tokens (in the body, or an HttpOnly cookie for browser apps), sessions, ' +
          'the account lifecycle by mailed links, roles, API keys and an audit log; file uploads (sniffed, ' +
          'size-capped, served with safe headers, ranged, with image variants and signed URLs); and images drawn on ' +
          'the server from a JSON scene, placeholders and generated avatars.\n\n' +
          'Every error is `application/problem+json` (RFC 9457) with a stable `code` from one catalogue; clients ' +
          'switch on `code`, never on `detail`. Limited routes send `RateLimit-*` headers with every answer, and ' +
          '`Retry-After` with a 429 or 503. Operations that need a scope name it in `x-required-scopes`.',
        contact: { name: 'API documentation', url: `${app.config.publicUrl}/docs` },
        license: { name: 'UNLICENSED' }
      },
      servers: [thisDeployment],
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
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'A short-lived access token from signup, login or refresh. Signed and checked as RFC8725 (JWT ' +
              'best practices) asks: one pinned algorithm (HS256, or EdDSA with JWT_SIGNING_KEYS), never `none`; ' +
              'issuer, audience and expiry verified.'
          },
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
    transformObject: (documentObject) => finishDocument('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject),
    // Shared schemas keep their `$id` as the component name instead of def-0, def-1...
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`) }
  })

  // `urls` (over the plugin's own ./json) so the UI names the document clients download: /openapi.json.
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: docsCsp,
    uiConfig: { deepLinking: true, urls: [{ url: '/openapi.json', name: 'Userbase API' }], displayRequestDuration: true }
  })

  const documentDescription = 'Generated from the schemas that validate the requests, so it is always current. ' +
    'The docs UI at /docs reads it; generators (openapi-typescript and others) take it as it is.'
  const documentSchema = { tags: ['system'], response: { 200: Type.Object({}, { additionalProperties: true }) } }
  app.get('/openapi.json', {
    schema: { ...documentSchema, operationId: 'openapiJson', summary: 'This API as an OpenAPI 3.1 document (JSON)', description: documentDescription }
  }, async function serveOpenapiJson () {
    return app.swagger()
  })
  app.get('/openapi.yaml', {
    schema: { tags: ['system'], operationId: 'openapiYaml', summary: 'This API as an OpenAPI 3.1 document (YAML)', description: documentDescription, response: { 200: { content: { 'application/yaml': { schema: Type.String() } } } } }
  }, async function serveOpenapiYaml (_request, reply) {
    return reply.type('application/yaml').send(openapiYaml(app))
  })
}

export default fp(openapiPlugin, { name: 'openapi', dependencies: ['config'] })
