import { Type, type Static } from '@sinclair/typebox'
import { USER_SCOPES, type Scope } from '../../plugins/auth.js'
import { IdSchema, TimestampSchema } from '../../schemas.js'

// One enum rather than a union of literals: clients and the docs get a plain list.
export const ScopeSchema = Type.Unsafe<Scope>({
  type: 'string',
  enum: [...USER_SCOPES],
  description: 'What a key may do.'
})

export const CreateApiKeyBodySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, description: 'To tell keys apart.', examples: ['backup script'] }),
  scopes: Type.Array(ScopeSchema, {
    minItems: 1,
    maxItems: USER_SCOPES.length,
    uniqueItems: true,
    description: 'Exactly what the key may do; it never reaches admin or credential routes.',
    examples: [['files:read', 'files:write']]
  }),
  expiresInDays: Type.Optional(Type.Integer({
    minimum: 1, maximum: 3650, format: 'int32', description: 'Without it the key lasts until revoked.'
  }))
}, { additionalProperties: false })
export type CreateApiKeyBody = Static<typeof CreateApiKeyBodySchema>

const apiKeyFields = {
  id: IdSchema,
  name: Type.String(),
  scopes: Type.Array(ScopeSchema),
  prefix: Type.String({ description: 'The first 8 characters after `sk_`, to recognise the key; not the secret.' }),
  createdAt: TimestampSchema,
  lastUsedAt: Type.Union([TimestampSchema, Type.Null()], {
    description: 'Updated at most once a minute, so it can lag use by up to a minute.'
  }),
  expiresAt: Type.Union([TimestampSchema, Type.Null()], { description: 'Null: until revoked.' })
}

export const ApiKeySchema = Type.Object(apiKeyFields, { additionalProperties: false })
export type ApiKey = Static<typeof ApiKeySchema>

export const CreatedApiKeySchema = Type.Object({
  ...apiKeyFields,
  secret: Type.String({
    description: 'Shown once, never again: send it as `Authorization: Bearer sk_...`. Only its hash is stored.',
    examples: ['sk_3q2-7wEXAMPLEONLYb2sLx4Wc0H9dYt1mN8pKZrQvFj6Ao']
  })
}, { additionalProperties: false, description: 'The new key, with its secret (shown this once).' })
export type CreatedApiKey = Static<typeof CreatedApiKeySchema>

export const ApiKeyListSchema = Type.Object({
  items: Type.Array(ApiKeySchema, { description: 'Newest first; expired keys are listed until revoked.' })
}, { additionalProperties: false, description: 'The keys, without their secrets.' })

export const ApiKeyParamsSchema = Type.Object({ id: IdSchema }, { additionalProperties: false })
