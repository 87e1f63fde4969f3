import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build } from '../../helpers/build.js'
import { bearer, signIn, signUp } from '../../helpers/users.js'

async function admin (app: FastifyInstance) {
  const account = await signUp(app)
  await app.prisma.user.update({ where: { id: account.user.id }, data: { role: 'admin' } })
  return account
}

/** One request to each admin route, about `targetId`. */
const adminRequests = (targetId: string) => [
  { method: 'GET', url: '/v1/admin/users' },
  { method: 'GET', url: `/v1/admin/users/${targetId}` },
  { method: 'PATCH', url: `/v1/admin/users/${targetId}`, payload: { emailVerified: true } },
  { method: 'DELETE', url: `/v1/admin/users/${targetId}/sessions` },
  { method: 'DELETE', url: `/v1/admin/users/${targetId}` }
] as const

t.test('every admin route refuses anonymous callers (401) and plain users (403 forbidden)', async (t) => {
  const app = await build(t)
  const user = await signUp(app)
  const target = await signUp(app)
  for (const request of adminRequests(target.user.id)) {
    const anonymous = await app.inject(request)
    t.equal(anonymous.statusCode, 401, `${request.method} ${request.url} anonymous`)
    const refused = await app.inject({ ...request, headers: bearer(user.accessToken) })
    t.equal(refused.statusCode, 403, `${request.method} ${request.url}`)
    t.equal(refused.json().code, 'forbidden')
  }
  t.equal(await app.prisma.user.count({ where: { id: target.user.id } }), 1, 'nothing was done')
  t.equal(await app.prisma.auditEvent.count({ where: { actorType: 'admin' } }), 0)
})

t.test('an admin\'s API key is refused on every admin route (403 insufficient_scope), whatever its scopes', async (t) => {
  const app = await build(t)
  const boss = await admin(app)
  const target = await signUp(app)
  const created = await app.inject({
    method: 'POST',
    url: '/v1/me/api-keys',
    headers: bearer(boss.accessToken),
    payload: { name: 'everything', scopes: ['profile:read', 'profile:write', 'files:read', 'files:write'] }
  })
  t.equal(created.statusCode, 201)
  const { secret } = created.json()
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(secret) })).statusCode, 200, 'the key works')
  for (const request of adminRequests(target.user.id)) {
    const refused = await app.inject({ ...request, headers: bearer(secret) })
    t.equal(refused.statusCode, 403, `${request.method} ${request.url}`)
    t.equal(refused.json().code, 'insufficient_scope')
  }
  t.equal(await app.prisma.user.count({ where: { id: target.user.id } }), 1, 'nothing was done')
})

t.test('an admin reaches every admin route', async (t) => {
  const app = await build(t)
  const boss = await admin(app)
  const target = await signUp(app)
  const expected = [200, 200, 200, 204, 204]
  for (const [index, request] of adminRequests(target.user.id).entries()) {
    const response = await app.inject({ ...request, headers: bearer(boss.accessToken) })
    t.equal(response.statusCode, expected[index], `${request.method} ${request.url}`)
  }
})

t.test('a demoted admin is refused at once, with the same access token', async (t) => {
  const app = await build(t)
  const first = await admin(app)
  const second = await admin(app)
  const list = { method: 'GET', url: '/v1/admin/users', headers: bearer(first.accessToken) } as const
  t.equal((await app.inject(list)).statusCode, 200)
  const demote = await app.inject({
    method: 'PATCH',
    url: `/v1/admin/users/${first.user.id}`,
    headers: bearer(second.accessToken),
    payload: { role: 'user' }
  })
  t.equal(demote.statusCode, 200)
  t.equal(demote.json().role, 'user')
  const refused = await app.inject(list)
  t.equal(refused.statusCode, 403)
  t.equal(refused.json().code, 'forbidden')
  for (const request of adminRequests(second.user.id)) {
    const response = await app.inject({ ...request, headers: bearer(first.accessToken) })
    t.equal(response.statusCode, 403, `${request.method} ${request.url}`)
  }
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(first.accessToken) })).statusCode, 200,
    'the session itself lives on')
})

t.test('a disabled account is refused everywhere; enabling restores it as it was', async (t) => {
  const app = await build(t)
  const boss = await admin(app)
  const user = await signUp(app)
  const setDisabled = async (disabled: boolean) => await app.inject({
    method: 'PATCH', url: `/v1/admin/users/${user.user.id}`, headers: bearer(boss.accessToken), payload: { disabled }
  })
  const me = async () => await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(user.accessToken) })
  const refresh = async (refreshToken: string) =>
    await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })

  const created = await app.inject({
    method: 'POST', url: '/v1/me/api-keys', headers: bearer(user.accessToken), payload: { name: 'cli', scopes: ['profile:read'] }
  })
  t.equal(created.statusCode, 201)
  const withKey = async () => await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(created.json().secret) })

  const disabled = await setDisabled(true)
  t.equal(disabled.statusCode, 200)
  t.equal(disabled.json().disabled, true)

  const refusedMe = await me()
  t.equal(refusedMe.statusCode, 403)
  t.equal(refusedMe.json().code, 'account_disabled')
  const refusedPatch = await app.inject({
    method: 'PATCH', url: '/v1/me', headers: bearer(user.accessToken), payload: { bio: 'still here?' }
  })
  t.equal(refusedPatch.json().code, 'account_disabled', 'writes too')
  const refusedKey = await withKey()
  t.equal(refusedKey.statusCode, 403)
  t.equal(refusedKey.json().code, 'account_disabled', 'API keys too')
  const refusedRefresh = await refresh(user.refreshToken)
  t.equal(refusedRefresh.statusCode, 403)
  t.equal(refusedRefresh.json().code, 'account_disabled')
  const rightPassword = await signIn(app, user.user.username, user.password)
  t.equal(rightPassword.statusCode, 403)
  t.equal(rightPassword.json().code, 'account_disabled')
  const wrongPassword = await signIn(app, user.user.username, 'not the password at all')
  t.equal(wrongPassword.statusCode, 401, 'a wrong password does not reveal the state')
  t.equal(wrongPassword.json().code, 'invalid_credentials')

  t.equal((await setDisabled(false)).statusCode, 200)
  t.equal((await me()).statusCode, 200, 'the same access token works again')
  t.equal((await withKey()).statusCode, 200, 'the same API key works again')
  const refreshed = await refresh(user.refreshToken)
  t.equal(refreshed.statusCode, 200, 'the same refresh token works again')
  t.equal((await signIn(app, user.user.username, user.password)).statusCode, 200)
})
