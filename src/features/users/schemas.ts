import { Type, type Static } from '@sinclair/typebox'
import { BioSchema, DisplayNameSchema, UsernameSchema } from '../../schemas.js'

export const UpdateMeBodySchema = Type.Object({
  displayName: Type.Optional(Type.Union([DisplayNameSchema, Type.Null()], { description: '`null` clears it.' })),
  username: Type.Optional(UsernameSchema),
  bio: Type.Optional(Type.Union([BioSchema, Type.Null()], { description: '`null` clears it.' }))
}, { additionalProperties: false })
export type UpdateMeBody = Static<typeof UpdateMeBodySchema>

export const UsernameParamsSchema = Type.Object({
  username: Type.String({ maxLength: 64 })
}, { additionalProperties: false })
