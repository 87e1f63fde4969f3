// Shared schemas: the one source for validation, handler types and OpenAPI
// components. Schemas with an `$id` are registered once and referenced.
import { Type, type Static, type TSchema } from '@sinclair/typebox'

export const IdSchema = Type.String({ format: 'uuid', description: 'A UUID.' })
export const TimestampSchema = Type.String({ format: 'date-time', description: 'ISO 8601 date and time, UTC.' })
export const EmailSchema = Type.String({ format: 'email', maxLength: 254, examples: ['alice@example.com'] })
export const UsernameSchema = Type.String({
  pattern: '^[a-z0-9_.-]{3,32}$',
  description: '3 to 32 of a-z, 0-9, `_`, `.`, `-`; lower-cased on input.',
  examples: ['alice']
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
  code: Type.String({ description: 'Stable machine-readable error code; see README for the list.' }),
  requestId: Type.String(),
  errors: Type.Optional(Type.Array(Type.Ref(FieldErrorSchema)))
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
export const sharedSchemas: TSchema[] = [FieldErrorSchema, ProblemSchema, UserSchema, PublicProfileSchema]

const problemContent = { 'application/problem+json': { schema: Type.Ref(ProblemSchema) } }

/**
 * Problem responses for an operation: each status lists the codes it can carry,
 * plus a shared `default` for the rest (429, 500, ...).
 */
export function problemResponses (codes: Record<number, string[]>) {
  const responses: Record<string, { description: string, content: typeof problemContent }> = {}
  for (const [status, list] of Object.entries(codes)) {
    responses[status] = { description: `Problem: ${list.map((code) => `\`${code}\``).join(', ')}`, content: problemContent }
  }
  responses.default = { description: 'Problem (any other error, e.g. `rate_limited`, `internal_error`)', content: problemContent }
  return responses
}

/** Route security for OpenAPI: a bearer token carrying `scope`, or none. */
export const bearerSecurity = (scope?: string) => [{ bearerAuth: scope === undefined ? [] : [scope] }]
export const noSecurity: Array<Record<string, string[]>> = []
