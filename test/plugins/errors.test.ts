// Every error path answers an RFC 9457 problem document with its exact status and code.
import { Writable } from 'node:stream'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { build, freshDatabase, testConfig } from '../helpers/build.js'
import { assertProblem, jsonHeaders, logLines } from '../helpers/platform.js'
import { bearer, newAccount, signUp } from '../helpers/users.js'

/** The app before `ready`, so a test can add a route of its own; logs are captured. */
async function buildUnready (t: Test, logs: string[]) {
  const app = await buildApp({
    config: testConfig(await freshDatabase(t), { logLevel: 'info' }),
    logStream: new Writable({ write (chunk, _encoding, done) { logs.push(String(chunk)); done() } }) as never
  })
  t.teardown(() => app.close())
  return app
}

t.test('unknown routes are 404 not_found', async (t) => {
  const app = await build(t)
  for (const [method, url] of [['GET', '/nope'], ['POST', '/v1/nope'], ['GET', '/v1/users/a/b'], ['PATCH', '/v1'], ['GET', '/health/'], ['POST', '/v1/auth/login/']] as const) {
    const body = assertProblem(t, await app.inject({ method, url }), 404, 'not_found', `${method} ${url}`)
    t.equal(body.title, 'Not Found')
  }
  const head = await app.inject({ method: 'HEAD', url: '/nope' })
  t.equal(head.statusCode, 404, 'HEAD too')
  t.equal(head.headers['content-type'], 'application/problem+json; charset=utf-8')
})

t.test('a known path with another method is 405 method_not_allowed with an Allow header', async (t) => {
  const app = await build(t)
  const cases: Array<[string, string, string]> = [
    ['DELETE', '/v1/auth/login', 'POST'],
    ['GET', '/v1/auth/signup', 'POST'],
    ['PUT', '/v1/me', 'GET, PATCH, DELETE'],
    ['POST', '/health', 'GET'],
    ['DELETE', '/v1/users/alice', 'GET']
  ]
  for (const [method, url, allow] of cases) {
    const response = await app.inject({ method: method as 'GET', url })
    assertProblem(t, response, 405, 'method_not_allowed', `${method} ${url}`)
    t.equal(response.headers.allow, allow, `${method} ${url}: Allow`)
  }
})

t.test('regression: a trailing slash is another path, so it is 404, never 405 naming a method that would 404 too', async (t) => {
  const app = await build(t)
  // The 405 router used to ignore trailing slashes: GET /v1/me/ answered 405 "use PATCH".
  for (const [method, url] of [['GET', '/v1/me/'], ['PUT', '/v1/me/'], ['DELETE', '/v1/auth/login/'], ['POST', '/health/']] as const) {
    const response = await app.inject({ method, url })
    assertProblem(t, response, 404, 'not_found', `${method} ${url}`)
    t.notOk(response.headers.allow, `${method} ${url}: no Allow`)
  }
})

t.test('malformed JSON is 400 invalid_json', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  for (const payload of ['{"login":', '{bad json}', 'undefined', '{"a":1}}', "{'login':'a'}", '[1,]', 'NaN', '\u0000']) {
    const response = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: jsonHeaders, payload })
    assertProblem(t, response, 400, 'invalid_json', JSON.stringify(payload))
  }
  const patch = await app.inject({ method: 'PATCH', url: '/v1/me', headers: { ...jsonHeaders, ...bearer(account.accessToken) }, payload: '{"bio":' })
  assertProblem(t, patch, 400, 'invalid_json', 'PATCH /v1/me')
})

t.test('an empty body with a JSON content type is 400 invalid_json, on every JSON route', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  for (const url of ['/v1/auth/signup', '/v1/auth/login', '/v1/auth/refresh', '/v1/auth/logout']) {
    assertProblem(t, await app.inject({ method: 'POST', url, headers: jsonHeaders, payload: '' }), 400, 'invalid_json', url)
  }
  const patch = await app.inject({ method: 'PATCH', url: '/v1/me', headers: { ...jsonHeaders, ...bearer(account.accessToken) }, payload: '' })
  assertProblem(t, patch, 400, 'invalid_json', 'PATCH /v1/me')
  const whitespace = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: jsonHeaders, payload: '  \n ' })
  assertProblem(t, whitespace, 400, 'invalid_json', 'whitespace only')
})

t.test('prototype poisoning in a body is 400 invalid_json, never 500, and pollutes nothing', async (t) => {
  const app = await build(t)
  const payloads = [
    '{"__proto__": {"admin": true}}',
    '{"login":"a","password":"b","__proto__":{"isAdmin":true}}',
    '{"login":"a","password":"b","nested":{"__proto__":{"x":1}}}',
    '{"constructor":{"prototype":{"admin":true}}}'
  ]
  for (const payload of payloads) {
    for (const url of ['/v1/auth/login', '/v1/auth/signup']) {
      assertProblem(t, await app.inject({ method: 'POST', url, headers: jsonHeaders, payload }), 400, 'invalid_json', `${url} ${payload}`)
    }
  }
  t.equal(({} as Record<string, unknown>).admin, undefined, 'Object.prototype untouched')
  t.equal(({} as Record<string, unknown>).isAdmin, undefined)
})

t.test('validation failures are 400 validation_failed listing every field by JSON Pointer', async (t) => {
  const app = await build(t)
  const signup = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/v1/auth/signup', payload })
  const paths = (body: { errors?: Array<{ path: string }> }) => (body.errors ?? []).map((error) => error.path).sort()

  const badEmail = assertProblem(t, await signup(newAccount({ email: 'not-an-email' })), 400, 'validation_failed', 'bad email')
  t.same(paths(badEmail), ['/email'])
  t.match(badEmail.errors?.[0], { path: '/email', message: String })

  const { password: _password, ...withoutPassword } = newAccount()
  const missing = assertProblem(t, await signup(withoutPassword), 400, 'validation_failed', 'missing password')
  t.same(missing.errors, [{ path: '/password', message: 'is required', code: 'body' }], 'a missing property is named by its own pointer')

  const extra = assertProblem(t, await signup(newAccount({ extra: 1 })), 400, 'validation_failed', 'unknown property')
  t.same(paths(extra), ['/extra'])
  t.equal(extra.errors?.[0].message, 'is not an allowed property')

  const all = assertProblem(t, await signup({ email: 'nope', username: 'X!', extra: 1, other: true }), 400, 'validation_failed', 'many errors')
  t.same(paths(all), ['/email', '/extra', '/other', '/password', '/username'], 'every error is listed, not only the first')
  for (const error of all.errors ?? []) {
    t.same(Object.keys(error).sort(), ['code', 'message', 'path'])
    t.type(error.message, 'string')
  }

  const notObject = assertProblem(t, await app.inject({ method: 'POST', url: '/v1/auth/login', headers: jsonHeaders, payload: '[1,2]' }), 400, 'validation_failed', 'array body')
  t.same(paths(notObject), ['/'], 'the whole body is pointed at as /')

  const escaped = assertProblem(t, await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login: 'a', password: 'b', 'a/b~c': 1 } }), 400, 'validation_failed', 'escaped')
  t.same(paths(escaped), ['/a~1b~0c'], 'pointer segments are escaped (RFC 6901)')
})

t.test('route params are validated too, with their own pointer', async (t) => {
  const app = await build(t)
  const body = assertProblem(t, await app.inject({ method: 'GET', url: `/v1/users/${'a'.repeat(65)}` }), 400, 'validation_failed', 'long username param')
  t.same(body.errors?.map((error) => [error.path, error.code]), [['/username', 'params']])
})

t.test('query strings: unknown parameters are 400 on every API route, declared ones are coerced', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const unknown = assertProblem(t, await app.inject({ method: 'GET', url: '/health?verbose=1&debug' }), 400, 'validation_failed', 'a route that declares no query')
  t.same(unknown.errors, [
    { path: '/verbose', message: 'is not an allowed property', code: 'querystring' },
    { path: '/debug', message: 'is not an allowed property', code: 'querystring' }
  ])
  assertProblem(t, await app.inject({ method: 'GET', url: '/v1/me?x=1', headers: bearer(account.accessToken) }), 400, 'validation_failed', 'GET /v1/me')
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/health?' })).statusCode, 200, 'an empty query string is no parameter')
  const bad = assertProblem(t, await app.inject({ method: 'GET', url: '/v1/files?limit=many&x=1', headers: bearer(account.accessToken) }), 400, 'validation_failed', 'bad and unknown parameters')
  t.same(bad.errors?.map((error) => error.path).sort(), ['/limit', '/x'])
  t.equal((await app.inject({ method: 'GET', url: '/v1/files?limit=5', headers: bearer(account.accessToken) })).statusCode, 200, 'declared parameters are coerced')
  t.equal((await app.inject({ method: 'GET', url: '/docs/static/swagger-ui.css?v=1' })).statusCode, 200, 'the docs\' own assets are not API routes')
})

t.test('JSON bodies are not coerced: a wrong type is 400, and nothing is stored', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const patch = (payload: unknown) => app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(account.accessToken), payload: payload as Record<string, unknown> })
  for (const [payload, path] of [[{ bio: 123 }, '/bio'], [{ displayName: true }, '/displayName'], [{ bio: ['x'] }, '/bio'], [{ username: 12345 }, '/username']] as const) {
    const body = assertProblem(t, await patch(payload), 400, 'validation_failed', JSON.stringify(payload))
    t.ok(body.errors?.some((error) => error.path === path), `${JSON.stringify(payload)} points at ${path}`)
  }
  const login = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login: 12345678, password: account.password } })
  assertProblem(t, login, 400, 'validation_failed', 'numeric login')
  const me = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) })
  t.equal(me.json().bio, null, 'the bio was never written as "123"')
})

t.test('a body over the configured limit is 413 payload_too_large; one at the limit is read', async (t) => {
  const limit = 1024
  const app = await build(t, { config: { bodyLimit: limit } })
  const sized = (bytes: number) => JSON.stringify({ login: 'a'.repeat(bytes - '{"login":"","password":"x"}'.length), password: 'x' })
  t.equal(Buffer.byteLength(sized(limit)), limit)
  const atLimit = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: jsonHeaders, payload: sized(limit) })
  t.not(atLimit.statusCode, 413, 'exactly the limit is accepted')
  const over = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: jsonHeaders, payload: sized(limit + 1) })
  assertProblem(t, over, 413, 'payload_too_large', 'one byte over')
  const account = await signUp(app)
  const patch = await app.inject({ method: 'PATCH', url: '/v1/me', headers: { ...jsonHeaders, ...bearer(account.accessToken) }, payload: JSON.stringify({ bio: 'b'.repeat(4096) }) })
  assertProblem(t, patch, 413, 'payload_too_large', 'PATCH /v1/me')
})

t.test('the default body limit is 1 MiB', async (t) => {
  const app = await build(t)
  const body = (bytes: number) => JSON.stringify({ login: 'a'.repeat(bytes - '{"login":"","password":"x"}'.length), password: 'x' })
  const atLimit = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: jsonHeaders, payload: body(1024 * 1024) })
  assertProblem(t, atLimit, 400, 'validation_failed', '1 MiB exactly is read (and then refused by the schema)')
  assertProblem(t, await app.inject({ method: 'POST', url: '/v1/auth/login', headers: jsonHeaders, payload: body(1024 * 1024 + 1) }), 413, 'payload_too_large', '1 MiB + 1')
})

t.test('a body that is not JSON is 415 unsupported_media_type', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const bodies: Array<[string | undefined, string]> = [
    ['text/plain', '{"login":"a","password":"b"}'],
    ['application/x-www-form-urlencoded', 'login=admin&password=1234'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="login"\r\n\r\na\r\n--x--'],
    ['application/xml', '<login>a</login>'],
    ['text/json', '{}']
  ]
  for (const [type, payload] of bodies) {
    const response = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'content-type': type }, payload })
    assertProblem(t, response, 415, 'unsupported_media_type', String(type))
  }
  const patch = await app.inject({ method: 'PATCH', url: '/v1/me', headers: { 'content-type': 'text/plain', ...bearer(account.accessToken) }, payload: 'bio' })
  assertProblem(t, patch, 415, 'unsupported_media_type', 'PATCH /v1/me text/plain')
  const json = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: '{"login":"a","password":"b"}' })
  t.equal(json.statusCode, 401, 'JSON with a charset parameter is JSON')
})

t.test('a thrown error is 500 internal_error: nothing of its cause in the body, all of it in the log', async (t) => {
  const logs: string[] = []
  const app = await buildUnready(t, logs)
  const cause = 'SQLITE_ERROR: no such table: secret_table (SELECT * FROM "User" WHERE password = ?)'
  app.get('/boom', async function boom () { throw new Error(cause) })
  app.get('/boom-string', async function boomString () { throw 'a bare string: secret_string' }) // eslint-disable-line no-throw-literal
  app.get('/boom-status', async function boomStatus () { throw Object.assign(new Error('upstream secret_upstream'), { statusCode: 502 }) })
  await app.ready()
  for (const url of ['/boom', '/boom-string', '/boom-status']) {
    const response = await app.inject({ method: 'GET', url, headers: { 'x-request-id': `boom-${url.length}` } })
    const body = assertProblem(t, response, 500, 'internal_error', url)
    t.equal(body.title, 'Internal Server Error')
    t.notOk(body.errors)
    t.notMatch(response.body, /secret_|SQLITE|SELECT|"User"|\.ts|\bat\b|stack/i, `${url}: no cause, SQL or stack in the body`)
  }
  const failures = logLines(logs).filter((line) => line.level === 50)
  t.equal(failures.length, 3, 'each 500 is logged at error level')
  const boom = failures.find((line) => line.requestId === 'boom-5')
  t.match(boom, { msg: 'request failed', err: { message: cause, stack: /Error: SQLITE_ERROR[\s\S]*errors\.test\.ts/ } }, 'the log has the cause and its stack, under the request id')
})

t.test('a database failure is a 500 problem without SQL, and the log keeps the cause', async (t) => {
  const logs: string[] = []
  const app = await build(t, { logs })
  const account = await signUp(app)
  await app.prisma.$executeRawUnsafe('DROP TABLE "RefreshToken"')
  const refresh = await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: account.refreshToken } })
  assertProblem(t, refresh, 500, 'internal_error', 'refresh')
  t.notMatch(refresh.body, /RefreshToken|SQL|prisma|table/i)
  t.match(logLines(logs).find((line) => line.level === 50), { requestId: refresh.headers['x-request-id'], err: { stack: String } })
})

t.test('errors thrown with a 4xx status get the code of that status; 503 is service_unavailable with Retry-After', async (t) => {
  const logs: string[] = []
  const app = await buildUnready(t, logs)
  app.get('/teapot', async function teapot () { throw Object.assign(new Error('short and stout'), { statusCode: 418 }) })
  app.get('/forbidden', async function forbidden () { throw Object.assign(new Error('no'), { statusCode: 403 }) })
  app.get('/unavailable', async function unavailable () { throw Object.assign(new Error('db pool secret_pool exhausted'), { statusCode: 503 }) })
  await app.ready()
  // One code, one status: a status the catalogue has no code for is answered as a plain 400.
  assertProblem(t, await app.inject({ method: 'GET', url: '/teapot' }), 400, 'invalid_request', 'unknown 4xx')
  assertProblem(t, await app.inject({ method: 'GET', url: '/forbidden' }), 403, 'forbidden')
  const unavailable = await app.inject({ method: 'GET', url: '/unavailable' })
  assertProblem(t, unavailable, 503, 'service_unavailable')
  t.equal(unavailable.headers['retry-after'], '5')
  t.notMatch(unavailable.body, /secret_pool/)
})

t.test('a malformed URL is a 400 problem, not Fastify\'s own JSON', async (t) => {
  const app = await build(t)
  for (const url of ['/v1/users/%E0%A4%A', '/v1/users/%', `/v1/users/${'a'.repeat(101)}`]) {
    assertProblem(t, await app.inject({ method: 'GET', url, headers: { 'x-request-id': 'bad-url-1' } }), 400, 'invalid_request', url)
  }
})
