// x-request-id: a sane incoming id (1-128 of [A-Za-z0-9._-]) is kept, anything else
// replaced; every answer carries it, and every problem document names it.
import type { LightMyRequestResponse } from 'fastify'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { build, freshDatabase, testConfig } from '../helpers/build.js'
import { jsonHeaders } from '../helpers/platform.js'
import { bearer, newAccount, signUp } from '../helpers/users.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

t.test('a sane incoming id is echoed and used as requestId', async (t) => {
  const app = await build(t)
  for (const id of ['a', 'Z', '0', 'trace.ABC-123_x', '...', '-', 'a'.repeat(128), 'A-z.0_9'.repeat(18).slice(0, 128)]) {
    const ok = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': id } })
    t.equal(ok.headers['x-request-id'], id, `${id.slice(0, 20)} kept on a success`)
    const problem = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': id } })
    t.equal(problem.headers['x-request-id'], id)
    t.equal(problem.json().requestId, id, `${id.slice(0, 20)} is the problem's requestId`)
  }
})

t.test('anything else is replaced by a generated id', async (t) => {
  const app = await build(t)
  const hostile = ['a'.repeat(129), 'bad id', '<script>', 'a/b', 'a:b', 'a,b', 'é', 'id\t', '%41', '', ' ', 'a'.repeat(10_000), '$' + '{jndi:ldap://x}', 'a\u200bb']
  const seen = new Set<string>()
  for (const id of hostile) {
    const response = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': id } })
    const echoed = String(response.headers['x-request-id'])
    t.match(echoed, UUID, `${JSON.stringify(id.slice(0, 20))} replaced by a UUID`)
    t.equal(response.json().requestId, echoed, 'and the problem names the generated id')
    seen.add(echoed)
  }
  t.equal(seen.size, hostile.length, 'generated ids are unique')
  const twice = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': ['one', 'two'] } })
  t.match(twice.headers['x-request-id'], UUID, 'a repeated header is not an id')
})

t.test('every answer carries an id, generated when none was sent, and each problem names it', async (t) => {
  const app = await build(t, { config: { bodyLimit: 1024, authRateLimitMax: 1 } })
  const account = await signUp(app)
  const answers: Array<[string, LightMyRequestResponse]> = [
    ['200', await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) })],
    ['201', await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount() })],
    ['400', await app.inject({ method: 'POST', url: '/v1/auth/login', headers: jsonHeaders, payload: '{' })],
    ['400 url', await app.inject({ method: 'GET', url: '/v1/users/%E0%A4%A' })],
    ['401', await app.inject({ method: 'GET', url: '/v1/me' })],
    ['404', await app.inject({ method: 'GET', url: '/nope' })],
    ['405', await app.inject({ method: 'DELETE', url: '/v1/auth/login' })],
    ['413', await app.inject({ method: 'PATCH', url: '/v1/me', headers: { ...jsonHeaders, ...bearer(account.accessToken) }, payload: JSON.stringify({ bio: 'x'.repeat(2048) }) })],
    ['415', await app.inject({ method: 'PATCH', url: '/v1/me', headers: { 'content-type': 'text/plain', ...bearer(account.accessToken) }, payload: 'x' })],
    ['429', await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount() })],
    ['204', await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(account.accessToken) })],
    ['HEAD', await app.inject({ method: 'HEAD', url: '/health' })],
    ['docs', await app.inject({ method: 'GET', url: '/docs/' })]
  ]
  const ids = new Set<string>()
  for (const [label, response] of answers) {
    const id = String(response.headers['x-request-id'])
    t.match(id, UUID, `${label} (${response.statusCode}) carries a generated id`)
    if (response.statusCode >= 400) t.equal(response.json().requestId, id, `${label}: requestId matches the header`)
    ids.add(id)
  }
  t.equal(ids.size, answers.length, 'one id per request')
  t.equal(answers.find(([label]) => label === '429')?.[1].statusCode, 429)
})

t.test('a 500 echoes the incoming id in its header and body', async (t) => {
  const app = await buildApp({ config: testConfig(await freshDatabase(t)) })
  t.teardown(() => app.close())
  app.get('/boom', async function boom () { throw new Error('boom') })
  await app.ready()
  const response = await app.inject({ method: 'GET', url: '/boom', headers: { 'x-request-id': 'incident-42' } })
  t.equal(response.statusCode, 500)
  t.equal(response.headers['x-request-id'], 'incident-42')
  t.equal(response.json().requestId, 'incident-42', 'support can find the log lines from what the user saw')
})

t.test('a malformed URL keeps a sane incoming id too', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: '/v1/users/%', headers: { 'x-request-id': 'bad-url-7' } })
  t.equal(response.statusCode, 400)
  t.equal(response.headers['x-request-id'], 'bad-url-7')
  t.equal(response.json().requestId, 'bad-url-7')
})
