// Scopes are real: a key carries exactly its scopes, a session all of them, and keys never reach credential routes.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, InjectOptions } from 'fastify'
import t from 'tap'
import { build } from '../../helpers/build.js'
import { filePart, multipart } from '../../helpers/files.js'
import { bearer, signUp } from '../../helpers/users.js'

const SCOPES = ['profile:read', 'profile:write', 'files:read', 'files:write', 'images:generate']
const scene = { width: 16, height: 16, format: 'png', shapes: [{ type: 'rect', x: 1, y: 1, width: 8, height: 8, fill: 'red' }] }

async function keyWith (app: FastifyInstance, token: string, scopes: string[]): Promise<string> {
  const response = await app.inject({
    method: 'POST', url: '/v1/me/api-keys', headers: bearer(token), payload: { name: scopes.join(','), scopes }
  })
  if (response.statusCode !== 201) throw new Error(`createApiKey failed: ${response.statusCode} ${response.body}`)
  return response.json<{ secret: string }>().secret
}

/** One request per route, each made afresh (a multipart body is consumed by sending it). */
const routes: Array<{ scope: string, ok: number, request: () => InjectOptions }> = [
  { scope: 'profile:read', ok: 200, request: () => ({ method: 'GET', url: '/v1/me' }) },
  { scope: 'profile:write', ok: 200, request: () => ({ method: 'PATCH', url: '/v1/me', payload: { bio: 'hi' } }) },
  { scope: 'files:read', ok: 200, request: () => ({ method: 'GET', url: '/v1/files' }) },
  {
    scope: 'files:write',
    ok: 201,
    request: () => {
      const body = multipart([filePart('hello', 'hello.txt', 'text/plain')])
      return { method: 'POST', url: '/v1/files', headers: body.headers, payload: body.payload }
    }
  },
  { scope: 'images:generate', ok: 200, request: () => ({ method: 'POST', url: '/v1/images', payload: scene }) }
]

async function send (app: FastifyInstance, secret: string, options: InjectOptions) {
  return await app.inject({ ...options, headers: { ...options.headers, ...bearer(secret) } })
}

t.test('each scope lets a key through its routes and no other scope does', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const keys = new Map<string, string>()
  for (const scope of SCOPES) keys.set(scope, await keyWith(app, accessToken, [scope]))

  for (const route of routes) {
    const { method, url } = route.request()
    for (const [scope, secret] of keys) {
      const response = await send(app, secret, route.request())
      if (scope === route.scope) {
        t.equal(response.statusCode, route.ok, `${method} ${url} with ${scope}`)
      } else {
        t.equal(response.statusCode, 403, `${method} ${url} with ${scope}`)
        t.equal(response.json().code, 'insufficient_scope')
        t.equal(response.headers['www-authenticate'], `Bearer error="insufficient_scope", scope="${route.scope}"`)
      }
    }
    const session = await send(app, accessToken, route.request())
    t.equal(session.statusCode, route.ok, `${method} ${url} with a session`)
  }
})

t.test('POST /v1/images/files needs images:generate and files:write', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const request: InjectOptions = { method: 'POST', url: '/v1/images/files', payload: scene }
  for (const [scopes, missing] of [[['images:generate'], 'files:write'], [['files:write'], 'images:generate']] as const) {
    const response = await send(app, await keyWith(app, accessToken, [...scopes]), request)
    t.equal(response.statusCode, 403, `with ${scopes.join(' ')}`)
    t.equal(response.json().code, 'insufficient_scope')
    t.equal(response.headers['www-authenticate'], `Bearer error="insufficient_scope", scope="${missing}"`)
  }
  t.equal(await app.prisma.file.count(), 0)
  const both = await send(app, await keyWith(app, accessToken, ['images:generate', 'files:write']), request)
  t.equal(both.statusCode, 201)
  t.equal(await app.prisma.file.count(), 1)
  // The document says so too, for both credentials.
  const document = app.swagger() as unknown as {
    paths: Record<string, Record<string, { security: unknown, 'x-required-scopes': unknown }>>
  }
  t.same(document.paths['/v1/images/files']?.post?.security, [{ bearerAuth: [] }, { apiKeyAuth: [] }])
  t.same(document.paths['/v1/images/files']?.post?.['x-required-scopes'], ['images:generate', 'files:write'])
})

t.test('a key with every scope is refused on credential and admin routes, and the denial is audited', async (t) => {
  const app = await build(t)
  const { accessToken, password, user } = await signUp(app)
  // An admin's key is no admin: admin routes refuse keys whatever the owner's role.
  await app.prisma.user.update({ where: { id: user.id }, data: { role: 'admin' } })
  const secret = await keyWith(app, accessToken, SCOPES)
  const keyId = (await app.prisma.apiKey.findFirstOrThrow()).id
  const credentialRoutes: InjectOptions[] = [
    { method: 'PUT', url: '/v1/me/password', payload: { currentPassword: password, newPassword: 'another long passphrase' } },
    { method: 'PUT', url: '/v1/me/email', payload: { currentPassword: password, email: 'new@example.com' } },
    { method: 'DELETE', url: '/v1/me', payload: { currentPassword: password } },
    { method: 'GET', url: '/v1/me/sessions' },
    { method: 'DELETE', url: '/v1/me/sessions' },
    { method: 'DELETE', url: `/v1/me/sessions/${randomUUID()}` },
    { method: 'GET', url: '/v1/me/api-keys' },
    { method: 'POST', url: '/v1/me/api-keys', payload: { name: 'more', scopes: ['profile:read'] } },
    { method: 'DELETE', url: `/v1/me/api-keys/${keyId}` },
    { method: 'POST', url: '/v1/auth/logout' },
    { method: 'GET', url: '/v1/admin/users' },
    { method: 'PATCH', url: `/v1/admin/users/${user.id}`, payload: { disabled: true } }
  ]
  for (const options of credentialRoutes) {
    const response = await send(app, secret, options)
    t.equal(response.statusCode, 403, `${options.method} ${options.url}`)
    t.equal(response.json().code, 'insufficient_scope')
    t.match(response.headers['www-authenticate'], /^Bearer error="insufficient_scope", scope="/)
    const denied = await app.prisma.auditEvent.findFirst({ where: { requestId: response.headers['x-request-id'] as string } })
    t.equal(denied?.type, 'api_key_denied', `audited: ${options.method} ${options.url}`)
    t.equal(denied?.userId, user.id)
    t.equal(JSON.parse(denied?.detail ?? '{}').keyId, keyId)
  }
  // Nothing happened: the key, the account and its session are all still there.
  t.equal(await app.prisma.apiKey.count(), 1)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(accessToken) })).statusCode, 200)
  const audit = JSON.stringify(await app.prisma.auditEvent.findMany())
  t.notOk(audit.includes(secret.slice(3)), 'no secret in the audit log')
})

t.test('a scope denial on a feature route is audited with the scope it needed', async (t) => {
  const app = await build(t)
  const { accessToken, user } = await signUp(app)
  const secret = await keyWith(app, accessToken, ['profile:read'])
  const response = await send(app, secret, { method: 'GET', url: '/v1/files' })
  t.equal(response.statusCode, 403)
  const denied = await app.prisma.auditEvent.findFirst({ where: { requestId: response.headers['x-request-id'] as string } })
  t.equal(denied?.type, 'api_key_denied')
  t.equal(denied?.userId, user.id)
  t.match(JSON.parse(denied?.detail ?? '{}'), { method: 'GET', route: '/v1/files', scope: 'files:read' })
  // A session is never denied a user scope, so nothing is recorded for one.
  await app.inject({ method: 'GET', url: '/v1/files', headers: bearer(accessToken) })
  t.equal(await app.prisma.auditEvent.count({ where: { type: 'api_key_denied' } }), 1)
})
