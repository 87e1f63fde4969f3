// Shared schemas: the one source for validation, handler types and OpenAPI
// components. Schemas with an `$id` are registered once and referenced.
import { Type, type Static, type TLiteral, type TSchema } from '@sinclair/typebox'
import type { RouteOptions } from 'fastify'
import { ALL_CODES, codes, problemTitle, type Code, type CodeDefinition } from './errors.js'

export const IdSchema = Type.String({ format: 'uuid', maxLength: 36, description: 'A UUID.' })
export const TimestampSchema = Type.String({ format: 'date-time', maxLength: 40, description: 'ISO 8601 date and time, UTC.' })
export const EmailSchema = Type.String({ format: 'email', maxLength: 254, examples: ['alice@example.com'] })
export const UsernameSchema = Type.String({
  pattern: '^[a-z0-9_.-]{3,32}$',
  // Also checked before the pattern runs: a long string is refused without a regex pass over it.
  maxLength: 32,
  description: '3 to 32 of a-z, 0-9, `_`, `.`, `-`; lower-cased on input.',
  examples: ['alice']
})
// The policy checks length (with reasons); the schema only caps the size.
export const PasswordSchema = Type.String({
  maxLength: 1024,
  description: '8 to 128 characters after NFKC normalisation; common passwords are refused.',
  examples: ['correct horse battery staple']
})
export const DisplayNameSchema = Type.String({ minLength: 1, maxLength: 64 })
export const BioSchema = Type.String({ maxLength: 500 })

export const FieldErrorSchema = Type.Object({
  path: Type.String({ description: 'JSON Pointer to the offending property, e.g. `/email`.' }),
  message: Type.String(),
  code: Type.Optional(Type.String())
}, { $id: 'FieldError' })

export const ProblemSchema = Type.Object({
  type: Type.String({ description: '`/problems/<code>`', examples: ['/problems/validation_failed'] }),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  // A plain string enum in the document (generated clients get a union); typed as the union here.
  code: Type.String({
    enum: ALL_CODES, description: 'Stable machine-readable error code, from the catalogue (see the README).'
  }) as unknown as TLiteral<Code>,
  requestId: Type.String(),
  errors: Type.Optional(Type.Array(Type.Ref(FieldErrorSchema), { description: 'At most 20 entries; `errorsTotal` counts them all.' })),
  errorsTotal: Type.Optional(Type.Integer({ minimum: 0 }))
}, { $id: 'Problem', description: 'RFC 9457 problem details (application/problem+json).' })
export type ProblemDocument = Static<typeof ProblemSchema>

export const UserSchema = Type.Object({
  id: IdSchema,
  email: EmailSchema,
  username: UsernameSchema,
  displayName: Type.Union([DisplayNameSchema, Type.Null()]),
  bio: Type.Union([BioSchema, Type.Null()]),
  avatarUrl: Type.String({ format: 'uri', description: 'The uploaded avatar, or a generated one (`/v1/images/avatar/{id}.png`): never null.' }),
  emailVerified: Type.Boolean(),
  role: Type.String({ examples: ['user'] }),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema
}, { $id: 'User', additionalProperties: false })
export type User = Static<typeof UserSchema>

export const PublicProfileSchema = Type.Object({
  id: IdSchema,
  username: UsernameSchema,
  displayName: Type.Union([DisplayNameSchema, Type.Null()]),
  bio: Type.Union([BioSchema, Type.Null()]),
  avatarUrl: Type.String({ format: 'uri', description: 'The uploaded avatar, or a generated one (`/v1/images/avatar/{id}.png`): never null.' }),
  createdAt: TimestampSchema
}, { $id: 'PublicProfile', additionalProperties: false })
export type PublicProfile = Static<typeof PublicProfileSchema>

/** Registered with `app.addSchema` so responses and OpenAPI refer to them by name. */
export const VisibilitySchema = Type.Union([Type.Literal('private'), Type.Literal('public')], {
  description: '`private`: only the owner (and signed URLs); `public`: anyone with the id.'
})
export type Visibility = Static<typeof VisibilitySchema>

export const FileObjectSchema = Type.Object({
  id: IdSchema,
  filename: Type.String({ description: 'Display name, sanitized; never used as a path.', examples: ['holiday.jpg'] }),
  contentType: Type.String({ description: 'Sniffed from the bytes, not taken from the client.', examples: ['image/jpeg'] }),
  size: Type.Integer({ description: 'Bytes stored (images after orientation and metadata stripping).' }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 (hex) of the stored bytes; also the ETag.' }),
  visibility: VisibilitySchema,
  width: Type.Union([Type.Integer(), Type.Null()], { description: 'Pixels, after EXIF orientation; null for non-images.' }),
  height: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  url: Type.String({ format: 'uri', description: 'The content URL (it needs the owner\'s token for a private file).' })
}, { $id: 'FileObject', additionalProperties: false })
export type FileObject = Static<typeof FileObjectSchema>

export const sharedSchemas: TSchema[] = [
  FieldErrorSchema, ProblemSchema, UserSchema, PublicProfileSchema, FileObjectSchema
]

/** The one shape of a problem document: RFC 9457's members, then our `code` and `requestId`. */
export const problemDocument = (code: Code, status: number, detail: string, requestId: string): ProblemDocument =>
  ({ type: `/problems/${code}`, title: problemTitle(status), status, detail, code, requestId })

/** A problem document as the API would send it, for the examples of each problem response. */
function problemExample (definition: CodeDefinition): ProblemDocument {
  const example = problemDocument(
    definition.code, definition.status, definition.detail, '5f0c2b7e-3f0e-4c1e-9a59-1b0f3c2d4e5f'
  )
  if (definition === codes.validationFailed) {
    example.errors = [{ path: '/email', message: 'must match format "email"' }]
    example.errorsTotal = 1
  }
  return example
}

function problemContent (definitions: CodeDefinition[]) {
  const examples = Object.fromEntries(definitions.map((definition) =>
    [definition.code, { summary: definition.detail, value: problemExample(definition) }]))
  return { 'application/problem+json': { schema: Type.Ref(ProblemSchema), examples } }
}

/** A response header as @fastify/swagger takes it: a schema whose description becomes the header's. */
export interface HeaderSchema { type: string, description: string, [keyword: string]: unknown }

/** Whole seconds or counts, as the rate limiter and Retry-After send them. */
export const countHeader = (description: string): HeaderSchema =>
  ({ type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647, description })

/** The draft RateLimit headers @fastify/rate-limit sends with every answer of a limited route. */
export const rateLimitHeaders = {
  'RateLimit-Limit': countHeader('Requests allowed in the window.'),
  'RateLimit-Remaining': countHeader('Requests left in the window.'),
  'RateLimit-Reset': countHeader('Seconds until the window resets.')
}
const retryAfterHeader = { 'Retry-After': countHeader('Seconds to wait before retrying.') }

export interface ProblemResponse {
  description: string
  content: ReturnType<typeof problemContent>
  headers?: Record<string, HeaderSchema>
}

/** The catalogue entries each problem response was declared with, so later declarations can add to them. */
const declaredCodes = new WeakMap<ProblemResponse, CodeDefinition[]>()

export const problemCodesOf = (response: unknown): CodeDefinition[] | undefined =>
  typeof response === 'object' && response !== null ? declaredCodes.get(response as ProblemResponse) : undefined

/** One response per status, naming the codes it can carry (and the headers clients read with 429 and 503). */
export function problemResponses (...definitions: CodeDefinition[]): Record<string, ProblemResponse> {
  const byStatus = new Map<number, CodeDefinition[]>()
  for (const definition of definitions) {
    const list = byStatus.get(definition.status) ?? []
    if (!list.includes(definition)) list.push(definition)
    byStatus.set(definition.status, list)
  }
  const responses: Record<string, ProblemResponse> = {}
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const response: ProblemResponse = {
      description: `Problem: ${list.map((entry) => `\`${entry.code}\``).join(', ')}`,
      content: problemContent(list)
    }
    if (status === 429) response.headers = { ...rateLimitHeaders, ...retryAfterHeader }
    else if (status === 503 || status === 507) response.headers = retryAfterHeader
    declaredCodes.set(response, list)
    // Unplanned failures (500) are the shared `default`.
    responses[status === 500 ? 'default' : status] = response
  }
  return responses
}

/**
 * Adds problem codes to a route's declared responses (from the plugins that own
 * a cross-cutting answer: authentication, rate limits, body parsing). Codes
 * already declared for a status are kept; a status the route answers with
 * something else (a 304, say) is left alone.
 */
export function addProblems (route: RouteOptions, ...definitions: CodeDefinition[]): void {
  if (route.schema?.operationId === undefined) return
  const response = { ...(route.schema.response as Record<string, unknown> | undefined) }
  const added = problemResponses(...definitions)
  for (const [status, addedResponse] of Object.entries(added)) {
    const existing = response[status]
    const declared = problemCodesOf(existing)
    if (existing !== undefined && declared === undefined) continue
    response[status] = problemResponses(...(declared ?? []), ...(problemCodesOf(addedResponse) ?? []))[status]
  }
  route.schema = { ...route.schema, response }
}

/** Route security for OpenAPI: a bearer token carrying `scope`, or none. */
export const bearerSecurity = (scope?: string) => [{ bearerAuth: scope === undefined ? [] : [scope] }]
export const noSecurity: Array<Record<string, string[]>> = []
