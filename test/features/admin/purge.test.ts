import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build } from '../../helpers/build.js'
import { blobsOnDisk, populatedAccount as populate, rowCounts } from '../../helpers/accounts.js'
import { bearer, signIn, signUp } from '../../helpers/users.js'

async function admin (app: FastifyInstance) {
  const account = await signUp(app)
  await app.prisma.user.update({ where: { id: account.user.id }, data: { role: 'admin' } })
  return account
}

t.test('adminDeleteUser removes every row and blob of the account, and nothing of another', async (t) => {
  const app = await build(t)
  const boss = await admin(app)
  const keeper = await populate(app)
  const before = await rowCounts(app)
  const keeperBlobs = blobsOnDisk(app)
  const leaver = await populate(app)
  t.ok(blobsOnDisk(app).length > keeperBlobs.length)

  const deleted = await app.inject({
    method: 'DELETE', url: `/v1/admin/users/${leaver.user.id}`, headers: bearer(boss.accessToken)
  })
  t.equal(deleted.statusCode, 204)
  t.same(await rowCounts(app), before, 'every row of the account is gone')
  t.same(blobsOnDisk(app), keeperBlobs, 'every blob and variant of the account is gone')
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(leaver.accessToken) })).statusCode, 401)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(keeper.accessToken) })).statusCode, 200)
  const event = await app.prisma.auditEvent.findFirst({ where: { requestId: deleted.headers['x-request-id'] as string } })
  t.match(event, { type: 'account_deleted', userId: leaver.user.id, actorType: 'admin', actorId: boss.user.id })
  t.notOk(event?.detail?.includes(leaver.user.email), 'the event keeps the id, not the email')
  const again = await app.inject({
    method: 'DELETE', url: `/v1/admin/users/${leaver.user.id}`, headers: bearer(boss.accessToken)
  })
  t.equal(again.statusCode, 404)
})

t.test('a deletion refused as the last admin leaves the whole account', async (t) => {
  const app = await build(t)
  const boss = await populate(app)
  await app.prisma.user.update({ where: { id: boss.user.id }, data: { role: 'admin' } })
  const before = await rowCounts(app)
  const blobs = blobsOnDisk(app)
  const refused = await app.inject({
    method: 'DELETE', url: `/v1/admin/users/${boss.user.id}`, headers: bearer(boss.accessToken)
  })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'last_admin')
  t.same(await rowCounts(app), before)
  t.same(blobsOnDisk(app), blobs)
})

t.test('adminRevokeUserSessions ends every access token, refresh token and device token of the user', async (t) => {
  const app = await build(t)
  const boss = await admin(app)
  const user = await signUp(app)
  const login = await signIn(app, user.user.username, user.password)
  t.equal(login.statusCode, 200)
  const second = login.json()
  const bystander = await signUp(app)

  const revoked = await app.inject({
    method: 'DELETE', url: `/v1/admin/users/${user.user.id}/sessions`, headers: bearer(boss.accessToken)
  })
  t.equal(revoked.statusCode, 204)

  for (const accessToken of [user.accessToken, second.accessToken]) {
    const me = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(accessToken) })
    t.equal(me.statusCode, 401)
    t.equal(me.json().code, 'invalid_token')
  }
  for (const refreshToken of [user.refreshToken, second.refreshToken]) {
    const refresh = await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })
    t.equal(refresh.statusCode, 401)
    t.equal(refresh.json().code, 'invalid_refresh_token')
  }
  const sessions = await app.prisma.session.findMany({ where: { userId: user.user.id } })
  t.ok(sessions.length === 2 && sessions.every((session) => session.revokedReason === 'admin'))
  // A device token is void when issued at or before devicesRevokedAt.
  const row = await app.prisma.user.findUniqueOrThrow({ where: { id: user.user.id } })
  const issuedAt = Number(String(second.deviceToken).split('.')[1])
  t.ok(row.devicesRevokedAt !== null && issuedAt <= row.devicesRevokedAt.getTime(), 'device tokens are void')
  t.match(await app.prisma.auditEvent.findFirst({ where: { requestId: revoked.headers['x-request-id'] as string } }), {
    type: 'admin_sessions_revoked', userId: user.user.id, actorType: 'admin', actorId: boss.user.id
  })

  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(bystander.accessToken) })).statusCode, 200,
    'other users keep their sessions')
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(boss.accessToken) })).statusCode, 200)
  const back = await signIn(app, user.user.username, user.password)
  t.equal(back.statusCode, 200, 'the user can sign in again')
  t.not(back.json().deviceToken, second.deviceToken)
})
