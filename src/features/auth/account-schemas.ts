import { Type, type Static } from '@sinclair/typebox'
import { EmailSchema, PasswordSchema } from '../../schemas.js'

const LinkTokenSchema = Type.String({
  minLength: 1,
  maxLength: 256,
  description: "The token from the mailed link's fragment (`#token=...`).",
  examples: ['q2Xo8bJ1c4Vt3fS0kZ6mYwR9pL5nA7eD2hG4jK8uI0s']
})
const CurrentPasswordSchema = Type.String({
  maxLength: 1024,
  description: 'The account\'s password now: a valid access token alone cannot change credentials.',
  examples: ['correct horse battery staple']
})

export const AcceptedSchema = Type.Object({
  status: Type.Literal('accepted'),
  detail: Type.String({ examples: ['If the address belongs to an account, a link is on its way.'] })
}, { additionalProperties: false, description: 'The request was taken; what happens next arrives by mail.' })
export type Accepted = Static<typeof AcceptedSchema>

export const VerifyEmailBodySchema = Type.Object({ token: LinkTokenSchema }, { additionalProperties: false })

export const ForgotPasswordBodySchema = Type.Object({ email: EmailSchema }, { additionalProperties: false })

export const ResetPasswordBodySchema = Type.Object({
  token: LinkTokenSchema,
  newPassword: PasswordSchema
}, { additionalProperties: false })

export const ChangePasswordBodySchema = Type.Object({
  currentPassword: CurrentPasswordSchema,
  newPassword: PasswordSchema
}, { additionalProperties: false })

export const ChangeEmailBodySchema = Type.Object({
  newEmail: EmailSchema,
  currentPassword: CurrentPasswordSchema
}, { additionalProperties: false })

export const DeleteMeBodySchema = Type.Object({
  currentPassword: CurrentPasswordSchema
}, { additionalProperties: false })
