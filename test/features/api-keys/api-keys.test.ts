import t from 'tap'
import { build, testClock } from '../../helpers/build.js'
import { bearer, signUp } from '../../helpers/users.js'
import type { FastifyInstance } from 'fastify'

const KEYS = '/v1/me/api-keys'

async function createKey (app: FastifyInstance, token: string, body: Record<string, unknown>) {
  const response = await app.inject({ method: 'POST', url: KEYS, headers: bearer(token), payload: body })
  if (response.statusCode !== 201) throw new Error(`createApiKey failed: ${response.statusCode} ${response.body}`)
  return response.json<{ id: string, secret: string, prefix: string, expiresAt: string | null }>()
}

t.test('create shows the secret once; list shows the prefix, never the secret; revoke deletes', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const created = await app.inject({
    method: 'POST', url: KEYS, headers: bearer(accessToken), payload: { name: 'backup', scopes: ['files:read', 'profile:read'] }
  })
  t.equal(created.statusCode, 201)
  const key = created.json()
  t.match(key.secret, /^sk_[A-Za-z0-9_-]{43}$/)
  t.equal(key.prefix, key.secret.slice(3, 11))
  t.same(key.scopes, ['profile:read', 'files:read'])
  t.equal(key.name, 'backup')
  t.equal(key.lastUsedAt, null)
  t.equal(key.expiresAt, null)
  t.ok(Date.parse(key.createdAt))

  const second = await createKey(app, accessToken, { name: 'ci', scopes: ['files:write'], expiresInDays: 30 })
  t.equal(Date.parse(second.expiresAt ?? '') - Date.parse(key.createdAt) >= 30 * 86_400_000 - 5000, true)

  const listed = await app.inject({ method: 'GET', url: KEYS, headers: bearer(accessToken) })
  t.equal(listed.statusCode, 200)
  const items = listed.json().items
  t.same(items.map((item: { id: string }) => item.id), [second.id, key.id], 'newest first')
  t.same(Object.keys(items[1]).sort(), ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'scopes'])
  t.notOk(listed.body.includes(key.secret))

  // The secret is stored only as its hash.
  const rows = await app.prisma.apiKey.findMany()
  t.equal(rows.length, 2)
  for (const row of rows) {
    t.notOk(JSON.stringify(row).includes(key.secret.slice(3)))
    t.notOk(JSON.stringify(row).includes(second.secret.slice(3)))
  }

  const revoked = await app.inject({ method: 'DELETE', url: `${KEYS}/${key.id}`, headers: bearer(accessToken) })
  t.equal(revoked.statusCode, 204)
  t.equal(await app.prisma.apiKey.count({ where: { id: key.id } }), 0)
  const again = await app.inject({ method: 'DELETE', url: `${KEYS}/${key.id}`, headers: bearer(accessToken) })
  t.equal(again.statusCode, 404)

  const events = await app.prisma.auditEvent.findMany({ where: { type: { in: ['api_key_created', 'api_key_revoked'] } } })
  t.same(events.map((event) => event.type).sort(), ['api_key_created', 'api_key_created', 'api_key_revoked'])
  const createdEvent = events.find((event) => event.type === 'api_key_created' && event.requestId === created.headers['x-request-id'])
  t.same(JSON.parse(createdEvent?.detail ?? '{}'), { keyId: key.id, name: 'backup', scopes: 'profile:read files:read' })
  const audit = JSON.stringify(await app.prisma.auditEvent.findMany())
  t.notOk(audit.includes(key.secret.slice(3)), 'no secret in the audit log')
  t.notOk(audit.includes(rows[0].secretHash), 'no hash in the audit log')
})

t.test('bad bodies are 400: unknown, repeated or no scopes, bad name, bad expiry', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  for (const payload of [
    { name: 'x', scopes: ['admin'] },
    { name: 'x', scopes: ['files:read', 'files:read'] },
    { name: 'x', scopes: [] },
    { name: '', scopes: ['files:read'] },
    { name: 'x'.repeat(101), scopes: ['files:read'] },
    { name: 'x', scopes: ['files:read'], expiresInDays: 0 },
    { name: 'x', scopes: ['files:read'], expiresInDays: 3651 }
  ]) {
    const response = await app.inject({ method: 'POST', url: KEYS, headers: bearer(accessToken), payload })
    t.equal(response.statusCode, 400, JSON.stringify(payload))
    t.equal(response.json().code, 'validation_failed')
  }
  t.equal(await app.prisma.apiKey.count(), 0)
})

t.test('another user\'s key is a 404 and stays usable', async (t) => {
  const app = await build(t)
  const alice = await signUp(app)
  const bob = await signUp(app)
  const key = await createKey(app, alice.accessToken, { name: 'a', scopes: ['profile:read'] })
  const response = await app.inject({ method: 'DELETE', url: `${KEYS}/${key.id}`, headers: bearer(bob.accessToken) })
  t.equal(response.statusCode, 404)
  t.equal(response.json().code, 'not_found')
  const listed = await app.inject({ method: 'GET', url: KEYS, headers: bearer(bob.accessToken) })
  t.same(listed.json().items, [])
  const me = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(key.secret) })
  t.equal(me.statusCode, 200)
  t.equal(me.json().id, alice.user.id)
})

t.test('a revoked key is refused at once, an unknown one too', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const key = await createKey(app, accessToken, { name: 'a', scopes: ['profile:read'] })
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(key.secret) })).statusCode, 200)
  await app.inject({ method: 'DELETE', url: `${KEYS}/${key.id}`, headers: bearer(accessToken) })
  const refused = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(key.secret) })
  t.equal(refused.statusCode, 401)
  t.equal(refused.json().code, 'invalid_token')
  const unknown = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(`sk_${'A'.repeat(43)}`) })
  t.equal(unknown.statusCode, 401)
  t.equal(unknown.json().code, 'invalid_token')
})

t.test('an expired key is refused at once', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const { accessToken } = await signUp(app)
  const key = await createKey(app, accessToken, { name: 'a', scopes: ['profile:read'], expiresInDays: 1 })
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(key.secret) })).statusCode, 200)
  clock.advance(86_400 - 10)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(key.secret) })).statusCode, 200)
  clock.advance(10)
  const refused = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(key.secret) })
  t.equal(refused.statusCode, 401)
  t.equal(refused.json().code, 'invalid_token')
})

t.test('lastUsedAt is set on first use and written at most once a minute', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const { accessToken } = await signUp(app)
  const key = await createKey(app, accessToken, { name: 'a', scopes: ['profile:read'] })
  const lastUsed = async () =>
    (await app.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt?.getTime()
  const use = async () =>
    t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(key.secret) })).statusCode, 200)

  t.equal(await lastUsed(), undefined)
  const first = clock.now().getTime()
  await use()
  t.equal(await lastUsed(), first, 'set on first use')
  clock.advance(30)
  await use()
  await use()
  t.equal(await lastUsed(), first, 'not rewritten within the minute')
  clock.advance(31)
  await use()
  t.equal(await lastUsed(), first + 61_000, 'written again after a minute')
  const listed = await app.inject({ method: 'GET', url: KEYS, headers: bearer(accessToken) })
  t.equal(listed.json().items[0].lastUsedAt, new Date(first + 61_000).toISOString())
})

t.test('a disabled owner\'s key gets 403 account_disabled, at once or within the cache\'s second', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const { accessToken, user } = await signUp(app)
  const key = await createKey(app, accessToken, { name: 'a', scopes: ['profile:read'] })
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(key.secret) })).statusCode, 200)
  await app.prisma.user.update({ where: { id: user.id }, data: { disabled: true } })
  const refused = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(key.secret) })
  t.equal(refused.statusCode, 403)
  t.equal(refused.json().code, 'account_disabled')
  await app.prisma.user.update({ where: { id: user.id }, data: { disabled: false } })
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(key.secret) })).statusCode, 200)

  // A write the client does not see (raw SQL, another node) is seen within the cache's second.
  await app.prisma.$executeRaw`UPDATE "User" SET "disabled" = true WHERE "id" = ${user.id}`
  clock.advance(1.001)
  const later = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(key.secret) })
  t.equal(later.statusCode, 403)
  t.equal(later.json().code, 'account_disabled')
})

t.test('keys are capped per user', async (t) => {
  const app = await build(t)
  const { accessToken, user } = await signUp(app)
  await app.prisma.apiKey.createMany({
    data: Array.from({ length: 100 }, (_, i) => ({
      id: crypto.randomUUID(),
      userId: user.id,
      name: `k${i}`,
      scopes: 'profile:read',
      prefix: 'xxxxxxxx',
      secretHash: `hash${i}`,
      createdAt: new Date()
    }))
  })
  const response = await app.inject({ method: 'POST', url: KEYS, headers: bearer(accessToken), payload: { name: 'one more', scopes: ['profile:read'] } })
  t.equal(response.statusCode, 400)
  t.equal(response.json().code, 'validation_failed')
  t.equal(response.json().errors[0].code, 'max_api_keys')
})
