import { Type, type Static } from '@sinclair/typebox'
import { AUDIT_EVENT_TYPES } from '../../audit/plugin.js'
import { IdSchema, TimestampSchema } from '../../schemas.js'

export const DEFAULT_LIST_LIMIT = 20

export const AuditEventTypeSchema = Type.Union(AUDIT_EVENT_TYPES.map((type) => Type.Literal(type)))

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

export const AuditEventSchema = Type.Object({
  id: IdSchema,
  at: TimestampSchema,
  type: AuditEventTypeSchema,
  userId: nullable(Type.String({
    description: 'The account the event is about (kept after its deletion); null for a failed login whose text ' +
      'matches no account.'
  })),
  actor: Type.Object({
    type: Type.Union([Type.Literal('user'), Type.Literal('admin'), Type.Literal('system')], {
      description: '`user`: the account itself; `admin`: an admin (`id`); `system`: the server (a start-up promotion).'
    }),
    id: nullable(Type.String())
  }, { additionalProperties: false }),
  ip: nullable(Type.String()),
  userAgent: nullable(Type.String()),
  requestId: nullable(Type.String({ description: 'The `x-request-id` of the request that caused the event.' })),
  detail: nullable(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), {
    description: 'A small flat object that depends on the type; never a password, token, key or link.'
  }))
}, { additionalProperties: false })
export type AuditEventItem = Static<typeof AuditEventSchema>

const pageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, format: 'int32', default: DEFAULT_LIST_LIMIT })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: '`nextCursor` of the previous page.' }))
}

export const MyAuditQuerySchema = Type.Object(pageQuery, { additionalProperties: false })
export type MyAuditQuery = Static<typeof MyAuditQuerySchema>

export const AdminAuditQuerySchema = Type.Object({
  userId: Type.Optional(Type.String({ format: 'uuid', maxLength: 36, description: 'Only this account\'s events (deleted ones too).' })),
  type: Type.Optional(AuditEventTypeSchema),
  since: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Events at or after this time.' })),
  until: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Events before this time.' })),
  ...pageQuery
}, { additionalProperties: false })
export type AdminAuditQuery = Static<typeof AdminAuditQuerySchema>

export const AuditEventListSchema = Type.Object({
  items: Type.Array(AuditEventSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'null on the last page.' })
}, { additionalProperties: false })
export type AuditEventList = Static<typeof AuditEventListSchema>
