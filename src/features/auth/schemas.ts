import { Type, type Static } from '@sinclair/typebox'
import { DisplayNameSchema, EmailSchema, UserSchema, UsernameSchema } from '../../schemas.js'

// The policy checks length (with reasons); the schema only caps the size.
const PasswordSchema = Type.String({ maxLength: 1024, description: '8 to 128 characters after NFKC normalisation; common passwords are refused.', examples: ['correct horse battery staple'] })
const RefreshTokenSchema = Type.String({ minLength: 1, maxLength: 256, description: 'The opaque refresh token from signup, login or refresh.' })

export const SignupBodySchema = Type.Object({
  email: EmailSchema,
  username: UsernameSchema,
  password: PasswordSchema,
  displayName: Type.Optional(DisplayNameSchema)
}, { additionalProperties: false })
export type SignupBody = Static<typeof SignupBodySchema>

export const LoginBodySchema = Type.Object({
  login: Type.String({ minLength: 1, maxLength: 254, description: 'The email or the username.', examples: ['alice'] }),
  password: PasswordSchema
}, { additionalProperties: false })
export type LoginBody = Static<typeof LoginBodySchema>

export const RefreshBodySchema = Type.Object({ refreshToken: RefreshTokenSchema }, { additionalProperties: false })
export type RefreshBody = Static<typeof RefreshBodySchema>

export const LogoutBodySchema = Type.Object({
  refreshToken: Type.Optional(RefreshTokenSchema)
}, { additionalProperties: false, description: 'Optional: a refresh token alone ends its session when the access token has expired.' })
export type LogoutBody = Static<typeof LogoutBodySchema>

export const AuthResultSchema = Type.Object({
  user: Type.Ref(UserSchema),
  accessToken: Type.String({ description: 'JWT (HS256), sent as `Authorization: Bearer <token>`.' }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires.', examples: [900] }),
  refreshToken: Type.String({ description: 'Opaque; rotated on every refresh.' })
}, { $id: 'AuthResult', additionalProperties: false })
export type AuthResult = Static<typeof AuthResultSchema>
