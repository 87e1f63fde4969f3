import { Type, type Static } from '@sinclair/typebox'
import {
  DisplayNameSchema, EmailSchema, IdSchema, PasswordSchema, TimestampSchema, UserSchema, UsernameSchema
} from '../../schemas.js'

// The docs UI pre-fills these: a user nobody has taken on a fresh database (the README's walk uses alice), and
// the sign-in of that same user, so "Try it out" works in order.
const DOCS_USER = {
  email: 'river.song.4821@example.com',
  username: 'river_4821',
  password: 'correct horse battery staple',
  displayName: 'River Song'
}

const RefreshTokenSchema = Type.String({ minLength: 1, maxLength: 256, description: 'The opaque refresh token from signup, login or refresh.' })

export const SignupBodySchema = Type.Object({
  email: EmailSchema,
  username: UsernameSchema,
  password: PasswordSchema,
  displayName: Type.Optional(DisplayNameSchema)
}, { additionalProperties: false, examples: [DOCS_USER] })
export type SignupBody = Static<typeof SignupBodySchema>

export const LoginBodySchema = Type.Object({
  login: Type.String({ minLength: 1, maxLength: 254, description: 'The email or the username.', examples: ['alice'] }),
  password: PasswordSchema,
  deviceToken: Type.Optional(Type.String({
    maxLength: 128,
    description: 'For clients that keep no cookies: the `deviceToken` of an earlier sign-in to this account. ' +
      'When sent it is used instead of the `device` cookie.'
  }))
}, { additionalProperties: false, examples: [{ login: DOCS_USER.username, password: DOCS_USER.password }] })
export type LoginBody = Static<typeof LoginBodySchema>

export const RefreshBodySchema = Type.Object({
  refreshToken: Type.Optional(RefreshTokenSchema)
}, {
  additionalProperties: false,
  description: 'Required unless the refresh token is in its cookie (REFRESH_TOKEN_COOKIE): then send no body.'
})
export type RefreshBody = Static<typeof RefreshBodySchema>

export const LogoutBodySchema = Type.Object({
  refreshToken: Type.Optional(RefreshTokenSchema)
}, { additionalProperties: false, description: 'Optional: a refresh token alone ends its session when the access token has expired.' })
export type LogoutBody = Static<typeof LogoutBodySchema>

export const AuthResultSchema = Type.Object({
  user: Type.Ref(UserSchema),
  accessToken: Type.String({
    description: 'A JWT (HS256, or EdDSA when JWT_PRIVATE_KEY_FILE is set), sent as `Authorization: Bearer <token>`.'
  }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires.', examples: [900] }),
  refreshToken: Type.Optional(Type.String({
    description: 'Opaque; rotated on every refresh. Absent in cookie mode (REFRESH_TOKEN_COOKIE, a request with an ' +
      'allowed `Origin`): the token is then in the `refresh_token` cookie (HttpOnly, Secure, SameSite=Strict, ' +
      'Path=/v1/auth).'
  })),
  csrfToken: Type.Optional(Type.String({
    description: 'Cookie mode only: send it as `x-csrf-token` with refresh and logout, which the cookie ' +
      'authenticates. After a page reload, GET /v1/auth/csrf gives a new one.'
  })),
  deviceToken: Type.Optional(Type.String({
    description: 'Signup and login only (refresh keeps the one held): proof that this client signed in to this ' +
      'account, also set as the `device` cookie (HttpOnly, Path=/v1/auth). Send it with later logins: a client ' +
      'with one is spared the lock that failed passwords from elsewhere put on the account, and no new ' +
      'sign-in notice is mailed. It authenticates nothing by itself.'
  }))
}, { $id: 'AuthResult', additionalProperties: false })
/** The answer as sent: in cookie mode without the refresh token. */
export type AuthAnswer = Static<typeof AuthResultSchema>
/** What the auth service issues: always a refresh token (the routes move it into the cookie in cookie mode). */
export type AuthResult = AuthAnswer & { refreshToken: string }

export const CsrfTokenSchema = Type.Object({
  csrfToken: Type.String({ description: 'Send it as `x-csrf-token` with refresh and logout in cookie mode.' })
}, { additionalProperties: false })

export const SessionSchema = Type.Object({
  id: IdSchema,
  current: Type.Boolean({ description: 'True for the session of the access token that asked.' }),
  createdAt: TimestampSchema,
  lastUsedAt: Type.String({
    format: 'date-time',
    description: 'The last refresh (signing in counts as one): access tokens are not tracked per request.'
  }),
  ip: Type.Union([Type.String(), Type.Null()], { description: 'The client address at sign-in.' }),
  userAgent: Type.Union([Type.String(), Type.Null()], { description: 'The User-Agent at sign-in, cut to 256 characters.' })
}, { additionalProperties: false })
export type Session = Static<typeof SessionSchema>

export const SessionListSchema = Type.Object({
  items: Type.Array(SessionSchema, { description: 'Live sessions only, newest first.' })
}, { additionalProperties: false })

export const SessionParamsSchema = Type.Object({ id: IdSchema }, { additionalProperties: false })
