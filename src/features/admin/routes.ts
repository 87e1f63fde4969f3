import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { codes } from '../../errors.js'
import { problemResponses } from '../../schemas.js'
import {
  AdminListUsersQuerySchema, AdminUpdateUserBodySchema, AdminUserListSchema, AdminUserParamsSchema, AdminUserSchema,
  DEFAULT_LIST_LIMIT
} from './schemas.js'
import { createAdminService, type AdminActor } from './service.js'

const actorOf = (request: FastifyRequest): AdminActor => ({
  adminId: request.user.userId,
  client: { ip: request.ip, userAgent: request.headers['user-agent'], requestId: request.id }
})

/**
 * `/v1/admin/users`: admins list, read, change and delete accounts and end their sessions.
 * The role is read from the database on every request, so a demoted admin is refused at once.
 * Also promotes ADMIN_EMAIL's account at start-up.
 */
export default async function adminRoutes (fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const admin = createAdminService({
    prisma: app.prisma,
    now: app.now,
    publicUrl: app.config.publicUrl,
    sessionStatus: app.sessionStatus,
    sweeper: app.media.sweeper,
    audit: app.audit
  })

  const { adminEmail } = app.config
  if (adminEmail !== null) {
    app.addHook('onReady', async function promoteAdminEmail () {
      const outcome = await admin.promoteAdminEmail(adminEmail)
      if (outcome === 'promoted') app.log.info({ adminEmail }, 'ADMIN_EMAIL: the account is now an admin')
      else if (outcome === 'unverified') {
        app.log.warn({ adminEmail }, 'ADMIN_EMAIL: the account has not verified its address, so it was not promoted')
      } else if (outcome === 'no_account') app.log.warn({ adminEmail }, 'ADMIN_EMAIL: no account has this address')
    })
  }

  const read = { scope: 'profile:read', role: 'admin' } as const
  const write = { scope: 'profile:write', role: 'admin' } as const

  app.get('/users', {
    config: read,
    schema: {
      operationId: 'adminListUsers',
      summary: 'Every account, newest first, with search and filters',
      description: '`q` matches the start of the email or the username. Pass `nextCursor` back as `cursor` for the ' +
        'next page.',
      tags: ['admin'],
      querystring: AdminListUsersQuerySchema,
      response: { 200: AdminUserListSchema }
    }
  }, async function adminListUsers (request) {
    return await admin.list({ ...request.query, limit: request.query.limit ?? DEFAULT_LIST_LIMIT })
  })

  app.get('/users/:id', {
    config: read,
    schema: {
      operationId: 'adminGetUser',
      summary: 'One account',
      description: 'Any account, disabled ones included, with its role and verification state (admins only).',
      tags: ['admin'],
      params: AdminUserParamsSchema,
      response: { 200: AdminUserSchema, ...problemResponses(codes.notFound) }
    }
  }, async function adminGetUser (request) {
    return await admin.get(request.params.id)
  })

  app.patch('/users/:id', {
    config: write,
    schema: {
      operationId: 'adminUpdateUser',
      summary: 'Change an account\'s role, disabled state or email verification',
      description: 'A disabled account is refused everywhere (403 `account_disabled`) but keeps its sessions, keys ' +
        'and data: enabling restores it as it was. The last active admin cannot be demoted or disabled (409 ' +
        '`last_admin`).',
      tags: ['admin'],
      params: AdminUserParamsSchema,
      body: AdminUpdateUserBodySchema,
      response: { 200: AdminUserSchema, ...problemResponses(codes.notFound, codes.lastAdmin) }
    }
  }, async function adminUpdateUser (request) {
    return await admin.update(request.params.id, request.body, actorOf(request))
  })

  app.delete('/users/:id', {
    config: write,
    schema: {
      operationId: 'adminDeleteUser',
      summary: 'Delete an account and everything it owns',
      description: 'The same purge as `DELETE /v1/me`. The last active admin cannot be deleted (409 `last_admin`).',
      tags: ['admin'],
      params: AdminUserParamsSchema,
      response: { 204: Type.Null({ description: 'The account is gone.' }), ...problemResponses(codes.notFound, codes.lastAdmin) }
    }
  }, async function adminDeleteUser (request, reply) {
    await admin.delete(request.params.id, actorOf(request))
    return await reply.code(204).send(null)
  })

  app.delete('/users/:id/sessions', {
    config: write,
    schema: {
      operationId: 'adminRevokeUserSessions',
      summary: 'End every session and device token of an account',
      description: 'Its access and refresh tokens stop working at once; its API keys are not touched.',
      tags: ['admin'],
      params: AdminUserParamsSchema,
      response: { 204: Type.Null({ description: 'Every session has ended.' }), ...problemResponses(codes.notFound) }
    }
  }, async function adminRevokeUserSessions (request, reply) {
    await admin.revokeSessions(request.params.id, actorOf(request))
    return await reply.code(204).send(null)
  })
}
