import { createHmac } from 'node:crypto'
import t, { type Test } from 'tap'
import { buildApp } from '../../../src/app.js'
import type { PrismaClient } from '../../../src/generated/prisma/client.js'
import type { Scope } from '../../../src/plugins/auth.js'
import { createSessionStatusCache } from '../../../src/plugins/session-status-cache.js'
import { deriveKey } from '../../../src/crypto.js'
import { build, freshDatabase, TEST_JWT_SECRET, testClock, testConfig } from '../../helpers/build.js'
import { bearer, signUp } from '../../helpers/users.js'

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A token built by hand: any header, any claims, signed with any key (or not at all). */
function forge (header: Record<string, unknown>, claims: Record<string, unknown>, key?: Buffer | string) {
  const unsigned = `${b64(header)}.${b64(claims)}`
  const signature = key === undefined ? '' : createHmac('sha256', key).update(unsigned).digest('base64url')
  return `${unsigned}.${signature}`
}

t.test('access tokens carry sub, sid, role, iat, exp, iss, aud and live ACCESS_TOKEN_TTL', async (t) => {
  const app = await build(t, { config: { accessTokenTtl: 600 } })
  const account = await signUp(app)
  const [header, claims] = account.accessToken.split('.').slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()))
  t.equal(header.alg, 'HS256')
  t.same(Object.keys(claims).sort(), ['aud', 'exp', 'iat', 'iss', 'role', 'sid', 'sub'])
  t.equal(claims.sub, account.user.id)
  t.equal(claims.role, 'user')
  t.equal(claims.exp - claims.iat, 600)
  t.equal(account.expiresIn, 600)
})

t.test('forged, tampered and expired tokens are refused with 401, WWW-Authenticate and a problem body', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const claims = JSON.parse(Buffer.from(account.accessToken.split('.')[1], 'base64url').toString())
  const key = deriveKey(TEST_JWT_SECRET, 'access-token')
  const now = Math.floor(Date.now() / 1000)

  const cases: Array<[string, string, string]> = [
    ['alg none', forge({ alg: 'none', typ: 'JWT' }, claims), 'invalid_token'],
    [
      'alg none with a signature-looking tail',
      forge({ alg: 'none', typ: 'JWT' }, claims).slice(0, -1) + '.',
      'invalid_token'
    ],
    [
      'wrong signature',
      account.accessToken.slice(0, -4) + (account.accessToken.endsWith('AAAA') ? 'BBBB' : 'AAAA'),
      'invalid_token'
    ],
    [
      'signed with the raw secret instead of the derived key',
      forge({ alg: 'HS256', typ: 'JWT' }, claims, TEST_JWT_SECRET),
      'invalid_token'
    ],
    ['another algorithm (HS512) with the right key', forge({ alg: 'HS512', typ: 'JWT' }, claims, key), 'invalid_token'],
    [
      'escalated role',
      forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, role: 'admin' }, 'x'.repeat(32)),
      'invalid_token'
    ],
    ['wrong issuer', forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iss: 'someone-else' }, key), 'invalid_token'],
    ['wrong audience', forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: 'another-api' }, key), 'invalid_token'],
    [
      'expired',
      forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 1000, exp: now - 100 }, key),
      'token_expired'
    ],
    ['garbage', 'not.a.jwt', 'invalid_token'],
    [
      'unknown session',
      forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, sid: '00000000-0000-4000-8000-000000000000' }, key),
      'invalid_token'
    ],
    ['no sid claim', forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, sid: undefined }, key), 'invalid_token']
  ]
  for (const [name, token, code] of cases) {
    const response = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(token) })
    t.equal(response.statusCode, 401, name)
    t.equal(response.json().code, code, name)
    t.match(response.headers['www-authenticate'], /^Bearer/, name)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', name)
  }
  const valid = forge({ alg: 'HS256', typ: 'JWT' }, claims, key)
  t.equal(
    (await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(valid) })).statusCode,
    200,
    'the forge helper itself makes valid tokens with the right key'
  )
})

t.test('missing or malformed Authorization headers are 401 unauthorized', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  for (const headers of [
    {},
    { authorization: `Basic ${Buffer.from('admin:1234').toString('base64')}` },
    { authorization: 'Bearer' },
    { authorization: account.accessToken }
  ]) {
    const response = await app.inject({ method: 'GET', url: '/v1/me', headers })
    t.equal(response.statusCode, 401, JSON.stringify(headers).slice(0, 40))
    t.equal(response.json().code, 'unauthorized')
    t.equal(response.headers['www-authenticate'], 'Bearer')
  }
})

t.test('a deleted user\'s tokens are refused at once', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) })).statusCode, 200)
  await app.prisma.user.delete({ where: { id: account.user.id } }) // the client's user-write hook drops the cached row
  const response = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) })
  t.equal(response.statusCode, 401)
  t.equal(response.json().code, 'invalid_token')
})

/** The real app plus one protected probe route, added before the app is ready. */
async function buildWithProbe (t: Test, scope: string) {
  const app = await buildApp({ config: testConfig(await freshDatabase(t)) })
  t.teardown(() => app.close())
  app.register(async (probe) => {
    probe.get('/probe', { config: { scope: scope as Scope } }, async (request) => ({ role: request.user.role }))
  })
  await app.ready()
  return app
}

t.test('a route whose scope the token lacks answers 403 insufficient_scope naming it (RFC 6750)', async (t) => {
  const app = await buildWithProbe(t, 'admin:everything')
  const account = await signUp(app)
  const response = await app.inject({ method: 'GET', url: '/probe', headers: bearer(account.accessToken) })
  t.equal(response.statusCode, 403)
  t.equal(response.json().code, 'insufficient_scope')
  t.equal(response.headers['www-authenticate'], 'Bearer error="insufficient_scope", scope="admin:everything"')
})

t.test('a route\'s scope, stated once, requires a token: no hook of the route\'s own is needed', async (t) => {
  const app = await buildWithProbe(t, 'profile:read')
  const response = await app.inject({ method: 'GET', url: '/probe' })
  t.equal(response.statusCode, 401)
  t.equal(response.json().code, 'unauthorized')
})

t.test('the role comes from the database, so a change applies without waiting for the token to expire', async (t) => {
  const app = await buildWithProbe(t, 'profile:read')
  const account = await signUp(app)
  t.same(
    (await app.inject({ method: 'GET', url: '/probe', headers: bearer(account.accessToken) })).json(),
    { role: 'user' }
  )
  await app.prisma.user.update({ where: { id: account.user.id }, data: { role: 'moderator' } })
  t.same(
    (await app.inject({ method: 'GET', url: '/probe', headers: bearer(account.accessToken) })).json(),
    { role: 'moderator' }
  )
})

t.test('the session check is cached briefly: one database read per session per TTL, invalidation is immediate', async (t) => {
  const clock = testClock()
  let reads = 0
  let revoked = false
  const expiresAt = new Date(clock.now().getTime() + 3600_000)
  const prisma = {
    session: {
      findUnique: async () => {
        reads++
        const at = clock.now()
        return {
          userId: 'u1',
          revokedAt: revoked ? at : null,
          expiresAt,
          lastRefreshedAt: at,
          user: { id: 'u1', role: 'user' }
        }
      }
    }
  } as unknown as PrismaClient
  const cache = createSessionStatusCache({ prisma, now: clock.now, policy: { sessionIdleTimeout: 3600 }, ttlMs: 1000 })
  const live = { userId: 'u1', role: 'user', user: { id: 'u1', role: 'user' } }
  for (let i = 0; i < 5; i++) t.same(await cache.get('s1'), live)
  t.equal(reads, 1, 'five checks, one read')
  clock.advance(1.5)
  await cache.get('s1')
  t.equal(reads, 2, 'read again once stale')
  revoked = true
  t.same(await cache.get('s1'), live, 'still fresh in the cache...')
  cache.invalidate('s1')
  t.equal(await cache.get('s1'), null, '...until invalidated')
  revoked = false
  clock.advance(1.5)
  t.ok(await cache.get('s1'))
  await cache.get('s2')
  const readsBefore = reads
  cache.invalidateUser('u2')
  await cache.get('s1')
  t.equal(reads, readsBefore, 'another user\'s write leaves the entry')
  cache.invalidateUser('u1')
  await cache.get('s1')
  await cache.get('s2')
  t.equal(reads, readsBefore + 2, 'a write to the user drops every session of theirs')
  cache.invalidateAll()
  revoked = true
  t.equal(await cache.get('s1'), null)
})

t.test('the session cache stays bounded', async (t) => {
  const prisma = { session: { findUnique: async () => null } } as unknown as PrismaClient
  const cache = createSessionStatusCache({
    prisma,
    now: () => new Date(),
    policy: { sessionIdleTimeout: 3600 },
    maxEntries: 3
  })
  for (const id of ['a', 'b', 'c', 'd', 'e']) t.equal(await cache.get(id), null)
})

t.test('request.account is the user row without the password hash', async (t) => {
  const app = await buildApp({ config: testConfig(await freshDatabase(t)) })
  t.teardown(() => app.close())
  app.register(async (probe) => {
    probe.addHook('onRequest', probe.authenticate)
    probe.get('/account', { config: { scope: 'profile:read' } }, async (request) =>
      ({ fields: Object.keys(request.account ?? {}) }))
  })
  await app.ready()
  const account = await signUp(app)
  const { fields } = (await app.inject({ method: 'GET', url: '/account', headers: bearer(account.accessToken) })).json()
  t.ok(fields.includes('email') && fields.includes('role'), 'the row is there')
  t.notOk(fields.includes('passwordHash'), 'but not its hash')
})
