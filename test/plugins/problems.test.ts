import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { build, freshDatabase, testConfig } from '../helpers/build.js'
import { bearer, signUp } from '../helpers/users.js'
import type { LightMyRequestResponse } from 'fastify'

/** Every error is an RFC 9457 problem document whose requestId matches the header. */
function assertProblem (t: Test, response: LightMyRequestResponse, status: number, code: string) {
  t.equal(response.statusCode, status, `${code}: status`)
  t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', `${code}: content-type`)
  const body = response.json()
  t.equal(body.type, `/problems/${code}`)
  t.equal(body.code, code)
  t.equal(body.status, status)
  t.type(body.title, 'string')
  t.type(body.detail, 'string')
  t.equal(body.requestId, response.headers['x-request-id'])
  return body
}

t.test('unknown routes are 404 not_found; known paths with another method are 405 with Allow', async (t) => {
  const app = await build(t)
  assertProblem(t, await app.inject({ method: 'GET', url: '/nope' }), 404, 'not_found')
  assertProblem(t, await app.inject({ method: 'GET', url: '/v1/users/a/b/c' }), 404, 'not_found')
  const wrongMethod = await app.inject({ method: 'DELETE', url: '/v1/auth/login' })
  assertProblem(t, wrongMethod, 405, 'method_not_allowed')
  t.equal(wrongMethod.headers.allow, 'POST')
  const me = await app.inject({ method: 'PUT', url: '/v1/me' })
  assertProblem(t, me, 405, 'method_not_allowed')
  t.equal(me.headers.allow, 'GET, PATCH, DELETE')
  const param = await app.inject({ method: 'POST', url: '/v1/users/alice' })
  t.equal(param.headers.allow, 'GET', 'parametric paths are matched too')
})

t.test('bad JSON is 400 invalid_json, never 500', async (t) => {
  const app = await build(t)
  const json = { 'content-type': 'application/json' }
  for (const payload of ['{"email":', '{bad json}', '', 'undefined', '{"a":1}}']) {
    assertProblem(t, await app.inject({ method: 'POST', url: '/v1/auth/login', headers: json, payload }), 400, 'invalid_json')
  }
  const poisoned = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: json, payload: '{"login":"a","password":"b","__proto__":{"admin":true}}' })
  t.equal(poisoned.statusCode, 400, 'prototype poisoning is refused')
  t.ok(['invalid_json', 'validation_failed'].includes(poisoned.json().code))
  const constructor = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: json, payload: '{"constructor":{"prototype":{"admin":true}}}' })
  t.equal(constructor.statusCode, 400)
})

t.test('validation errors list every field by JSON Pointer', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email: 'not-email', username: 'X!', extra: 1 } })
  const body = assertProblem(t, response, 400, 'validation_failed')
  const paths = body.errors.map((error: { path: string }) => error.path).sort()
  t.same(paths, ['/email', '/extra', '/password', '/username'])
  for (const error of body.errors) t.type(error.message, 'string')

  const account = await signUp(app)
  const coerced = await app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(account.accessToken), payload: { bio: 123 } })
  assertProblem(t, coerced, 400, 'validation_failed')
  t.equal(coerced.json().errors[0].path, '/bio', 'no coercion of body types')
  const escaped = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login: 'a', password: 'b', 'a/b~c': 1 } })
  t.equal(escaped.json().errors[0].path, '/a~1b~0c', 'pointer segments are escaped')
})

t.test('bodies over the limit are 413 payload_too_large; non-JSON bodies are 415', async (t) => {
  const app = await build(t, { config: { bodyLimit: 2048 } })
  const big = JSON.stringify({ login: 'a'.repeat(4096), password: 'x' })
  assertProblem(t, await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: big }), 413, 'payload_too_large')
  assertProblem(t, await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'hello' }), 415, 'unsupported_media_type')
  assertProblem(t, await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'login=admin&password=1234' }), 415, 'unsupported_media_type')
})

t.test('the default body limit is 1 MiB', async (t) => {
  const app = await build(t)
  const justOver = JSON.stringify({ login: 'a'.repeat(1024 * 1024), password: 'x' })
  assertProblem(t, await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: justOver }), 413, 'payload_too_large')
})

t.test('a 500 is internal_error with nothing of its cause; the log has the stack', async (t) => {
  const logs: string[] = []
  const { Writable } = await import('node:stream')
  const app = await buildApp({
    config: testConfig(await freshDatabase(t), { logLevel: 'info' }),
    logStream: new Writable({ write (chunk, _encoding, done) { logs.push(String(chunk)); done() } }) as never
  })
  t.teardown(() => app.close())
  app.get('/boom', async () => { throw new Error('SQLITE_ERROR: no such table: secret_table at /srv/app/db.ts:42') })
  await app.ready()
  const response = await app.inject({ method: 'GET', url: '/boom' })
  const body = assertProblem(t, response, 500, 'internal_error')
  t.notMatch(response.body, /SQLITE|secret_table|db\.ts|at /)
  t.notOk(body.errors)
  const logged = logs.join('\n')
  t.match(logged, /secret_table/, 'the cause is logged')
  t.match(logged, /"stack"/, 'with its stack')
  t.match(logged, body.requestId, 'under the request id')
})

t.test('a database failure is a 500 problem, not a crash or a leak', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  await app.prisma.$executeRawUnsafe('DROP TABLE "RefreshToken"')
  const response = await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: account.refreshToken } })
  assertProblem(t, response, 500, 'internal_error')
  t.notMatch(response.body, /RefreshToken|SQL|prisma/i)
})

t.test('fastify\'s own 4xx errors keep their status and get a code', async (t) => {
  const app = await build(t)
  const badUrl = await app.inject({ method: 'GET', url: '/v1/users/%E0%A4%A' })
  t.ok(badUrl.statusCode >= 400 && badUrl.statusCode < 500)
  t.equal(badUrl.headers['content-type'], 'application/problem+json; charset=utf-8')
})
