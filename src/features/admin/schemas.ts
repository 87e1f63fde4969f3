import { Type, type Static } from '@sinclair/typebox'
import { IdSchema, UserSchema } from '../../schemas.js'

export const ROLES = ['user', 'admin'] as const
export const RoleSchema = Type.Union(ROLES.map((role) => Type.Literal(role)))
export type Role = Static<typeof RoleSchema>

/** A user as admins see them: the account plus its state (never the password hash). */
export const AdminUserSchema = Type.Object({
  ...UserSchema.properties,
  disabled: Type.Boolean({ description: 'Refused everywhere (403 `account_disabled`) while true; nothing is ended.' })
}, { additionalProperties: false })
export type AdminUser = Static<typeof AdminUserSchema>

export const DEFAULT_LIST_LIMIT = 20

export const AdminListUsersQuerySchema = Type.Object({
  q: Type.Optional(Type.String({
    minLength: 1, maxLength: 254, description: 'A prefix of the email or the username (case-insensitive).'
  })),
  role: Type.Optional(RoleSchema),
  disabled: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, format: 'int32', default: DEFAULT_LIST_LIMIT })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: '`nextCursor` of the previous page.' }))
}, { additionalProperties: false })
export type AdminListUsersQuery = Static<typeof AdminListUsersQuerySchema>

export const AdminUserListSchema = Type.Object({
  items: Type.Array(AdminUserSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'null on the last page.' })
}, { additionalProperties: false })

export const AdminUserParamsSchema = Type.Object({ id: IdSchema }, { additionalProperties: false })

export const AdminUpdateUserBodySchema = Type.Object({
  role: Type.Optional(RoleSchema),
  disabled: Type.Optional(Type.Boolean({ description: 'Disabling ends nothing: enabling restores the account.' })),
  emailVerified: Type.Optional(Type.Boolean())
}, { additionalProperties: false, minProperties: 1 })
export type AdminUpdateUserBody = Static<typeof AdminUpdateUserBodySchema>
