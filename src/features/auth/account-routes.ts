import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { auditClientOf } from '../../audit/plugin.js'
import { codes } from '../../errors.js'
import { sessionIdOf } from '../../plugins/auth.js'
import { authRateLimit } from '../../plugins/security.js'
import { problemResponses, UserSchema } from '../../schemas.js'
import {
  AcceptedSchema, ChangeEmailBodySchema, ChangePasswordBodySchema, DeleteMeBodySchema, ForgotPasswordBodySchema,
  ResetPasswordBodySchema, VerifyEmailBodySchema, type Accepted
} from './account-schemas.js'
import type { AccountService } from './account-service.js'
import { normalizeCredentials } from './normalize.js'

const noContent = (description: string) => Type.Null({ description })

/** The account's lifecycle: verification, password reset and change, email change, deletion. */
export default async function accountRoutes (fastify: FastifyInstance, { account }: { account: AccountService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const rateLimit = authRateLimit(app)
  const accepted = (detail: string): Accepted => ({ status: 'accepted', detail })

  // Work a route does after its answer has gone (forgotPassword); closing waits for it.
  const background = new Set<Promise<void>>()
  function afterAnswer (name: string, work: () => Promise<void>) {
    const running = work().catch((error: unknown) => { app.log.error({ err: error }, `could not ${name}`) })
      .finally(() => { background.delete(running) })
    background.add(running)
  }
  app.addHook('onClose', async function finishBackgroundWork () { await Promise.all(background) })

  app.post('/v1/auth/verify-email/request', {
    config: { scope: 'profile:write', sessionOnly: true, unverifiedEmail: true, rateLimit },
    schema: {
      operationId: 'requestEmailVerification',
      summary: 'Mail a new verification link',
      description: 'Mails a link to the account\'s address (none when it is verified already); a newer link voids the ' +
        'older ones. Past MAIL_ACCOUNT_RATE_LIMIT_MAX requests per window, no mail is sent and the answer is the same.',
      tags: ['account'],
      response: { 202: AcceptedSchema }
    }
  }, async function requestEmailVerification (request, reply) {
    await account.requestEmailVerification(request.user.userId)
    return await reply.code(202).send(accepted('If the address still needs verifying, a link is on its way.'))
  })

  app.post('/v1/auth/verify-email', {
    config: { rateLimit },
    schema: {
      operationId: 'verifyEmail',
      summary: 'Follow a verification or email-change link',
      description: 'The token from a verification link marks the address verified; the token from an email-change ' +
        'link moves the account to the new (now verified) address, unless another account took it meanwhile (409). ' +
        'A link works once, until it expires or a newer one is mailed.',
      tags: ['account'],
      body: VerifyEmailBodySchema,
      response: { 200: Type.Ref(UserSchema), ...problemResponses(codes.invalidLinkToken, codes.emailTaken) }
    }
  }, async function verifyEmail (request) {
    return await account.verifyEmail(request.body.token, auditClientOf(request))
  })

  app.post('/v1/auth/password/forgot', {
    config: { rateLimit },
    preValidation: normalizeCredentials,
    schema: {
      operationId: 'forgotPassword',
      summary: 'Mail a password reset link',
      description: 'Always 202 with the same body, whether or not the address has an account: the answer is sent ' +
        'before any lookup. The link works for PASSWORD_RESET_TTL.',
      tags: ['account'],
      body: ForgotPasswordBodySchema,
      response: { 202: AcceptedSchema }
    }
  }, async function forgotPassword (request, reply) {
    const { email } = request.body
    await reply.code(202).send(accepted('If the address belongs to an account, a link is on its way.'))
    afterAnswer('mail a password reset link', async () => { await account.forgotPassword(email) })
    return reply
  })

  app.post('/v1/auth/password/reset', {
    config: { rateLimit },
    preValidation: normalizeCredentials,
    schema: {
      operationId: 'resetPassword',
      summary: 'Set a new password from a reset link',
      description: 'Every session, refresh token and device token of the account ends, outstanding links die, and ' +
        'the login throttle is cleared.',
      tags: ['account'],
      body: ResetPasswordBodySchema,
      response: {
        204: noContent('The password is changed; sign in with it.'),
        ...problemResponses(codes.invalidLinkToken, codes.weakPassword)
      }
    }
  }, async function resetPassword (request, reply) {
    await account.resetPassword(request.body.token, request.body.newPassword, auditClientOf(request))
    return await reply.code(204).send(null)
  })

  app.put('/v1/me/password', {
    config: { scope: 'profile:write', sessionOnly: true },
    preValidation: normalizeCredentials,
    schema: {
      operationId: 'changePassword',
      summary: 'Change the password',
      description: 'Needs `currentPassword`; a wrong one is 403 and counts toward the login throttle. Every other ' +
        'session ends (this one stays) and outstanding mailed links die.',
      tags: ['account'],
      body: ChangePasswordBodySchema,
      response: {
        204: noContent('The password is changed.'),
        ...problemResponses(codes.weakPassword, codes.invalidCurrentPassword, codes.accountThrottled)
      }
    }
  }, async function changePassword (request, reply) {
    const { currentPassword, newPassword } = request.body
    await account.changePassword(
      request.user.userId, sessionIdOf(request), currentPassword, newPassword, auditClientOf(request)
    )
    return await reply.code(204).send(null)
  })

  app.put('/v1/me/email', {
    config: { scope: 'profile:write', sessionOnly: true, unverifiedEmail: true },
    preValidation: normalizeCredentials,
    schema: {
      operationId: 'changeEmail',
      summary: 'Move the account to a new address',
      description: 'Mails a link to the new address; the address changes only when it is followed ' +
        '(`verifyEmail`). The old address is told, with no link. An address already taken is 409 at once.',
      tags: ['account'],
      body: ChangeEmailBodySchema,
      response: {
        202: AcceptedSchema,
        ...problemResponses(
          codes.validationFailed, codes.emailTaken, codes.invalidCurrentPassword, codes.accountThrottled
        )
      }
    }
  }, async function changeEmail (request, reply) {
    const { newEmail, currentPassword } = request.body
    await account.changeEmail(request.user.userId, newEmail, currentPassword, auditClientOf(request))
    return await reply.code(202).send(accepted('A confirmation link is on its way to the new address.'))
  })

  app.delete('/v1/me', {
    config: { scope: 'profile:write', sessionOnly: true, unverifiedEmail: true },
    preValidation: normalizeCredentials,
    schema: {
      operationId: 'deleteMe',
      summary: 'Delete the account',
      description: 'Needs `currentPassword`. The account, its sessions, tokens, avatar and files (with every stored ' +
        'blob and variant) are gone, and its email and username are free again.',
      tags: ['account'],
      body: DeleteMeBodySchema,
      response: {
        204: noContent('The account is deleted.'),
        ...problemResponses(codes.invalidCurrentPassword, codes.accountThrottled, codes.lastAdmin)
      }
    }
  }, async function deleteMe (request, reply) {
    await account.deleteAccount(request.user.userId, request.body.currentPassword, auditClientOf(request))
    return await reply.code(204).send(null)
  })
}
