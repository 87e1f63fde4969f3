import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { bearer, signUp } from '../../helpers/users.js'
import { buildWithMail } from '../../helpers/mail.js'
import { blobsOnDisk, populatedAccount, rowCounts } from '../../helpers/accounts.js'

const deleteMe = async (app: FastifyInstance, accessToken: string, currentPassword: string) =>
  await app.inject({ method: 'DELETE', url: '/v1/me', headers: bearer(accessToken), payload: { currentPassword } })

/** A populated account with a pending reset link too. */
async function populate (app: FastifyInstance) {
  const account = await populatedAccount(app)
  await app.inject({ method: 'POST', url: '/v1/auth/password/forgot', payload: { email: account.user.email } })
  // The reset link is made after the 202.
  while (await app.prisma.linkToken.count({ where: { userId: account.user.id, purpose: 'reset_password' } }) === 0) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return account
}

t.test('deleteMe removes every row and blob of the account, and nothing of another', async (t) => {
  const { app, mailTo } = await buildWithMail(t)
  const keeper = await populate(app)
  const before = await rowCounts(app)
  const keeperBlobs = blobsOnDisk(app)
  const leaver = await populate(app)

  t.equal((await deleteMe(app, leaver.accessToken, leaver.password)).statusCode, 204)
  t.same(await rowCounts(app), before, 'every row of the account is gone')
  t.same(blobsOnDisk(app), keeperBlobs, 'every blob and variant of the account is gone')
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(leaver.accessToken) })).statusCode, 401)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(keeper.accessToken) })).statusCode, 200)
  const notice = await mailTo(leaver.user.email, /^Your account was deleted/)
  t.ok(notice, 'the notice outlives the account')

  const again = await app.inject({
    method: 'POST',
    url: '/v1/auth/signup',
    payload: { email: leaver.user.email, username: leaver.user.username, password: 'correct horse battery staple' }
  })
  t.equal(again.statusCode, 201, 'the email and username are free again')
})

t.test('a failure half-way leaves the whole account', async (t) => {
  const { app } = await buildWithMail(t)
  const account = await populate(app)
  const before = await rowCounts(app)
  const blobs = blobsOnDisk(app)
  const $transaction = app.prisma.$transaction
  t.teardown(() => { app.prisma.$transaction = $transaction })
  app.prisma.$transaction = (async () => { throw new Error('the database went away') }) as typeof $transaction
  t.equal((await deleteMe(app, account.accessToken, account.password)).statusCode, 500)
  app.prisma.$transaction = $transaction
  t.same(await rowCounts(app), before)
  t.same(blobsOnDisk(app), blobs)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) })).statusCode, 200)
})

t.test('the last admin cannot delete their own account (409 last_admin); with another admin they can', async (t) => {
  const { app } = await buildWithMail(t)
  const admin = await signUp(app)
  await app.prisma.user.update({ where: { id: admin.user.id }, data: { role: 'admin' } })
  const refused = await deleteMe(app, admin.accessToken, admin.password)
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'last_admin')
  t.equal(await app.prisma.user.count({ where: { id: admin.user.id } }), 1, 'nothing was deleted')

  const second = await signUp(app)
  await app.prisma.user.update({ where: { id: second.user.id }, data: { role: 'admin' } })
  t.equal((await deleteMe(app, admin.accessToken, admin.password)).statusCode, 204)
  t.equal((await deleteMe(app, second.accessToken, second.password)).statusCode, 409, 'now the other is the last')
})
