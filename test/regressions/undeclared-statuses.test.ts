// 21 of 24 operations answered 429 from the global limit, and body routes 413/415, without declaring them.
import t from 'tap'
import { build } from '../helpers/build.js'
import { bearer, signUp } from '../helpers/users.js'

type Responses = Record<string, unknown>
type Paths = Record<string, Record<string, { operationId: string, responses: Responses }>>

t.test('the global limit\'s 429 and a body route\'s 413 and 415 are answers their operations declare', async (t) => {
  const app = await build(t, { config: { rateLimitMax: 3, bodyLimit: 1024 } })
  const { accessToken } = await signUp(app)
  const paths = (app.swagger() as unknown as { paths: Paths }).paths
  const headers = bearer(accessToken)

  const large = await app.inject({ method: 'PATCH', url: '/v1/me', headers, payload: { bio: 'x'.repeat(2000) } })
  t.equal(large.statusCode, 413)
  const text = await app.inject({ method: 'PATCH', url: '/v1/me', headers: { ...headers, 'content-type': 'text/plain' }, payload: 'hi' })
  t.equal(text.statusCode, 415)
  t.ok(paths['/v1/me'].patch.responses['413'], 'updateMe declares 413')
  t.ok(paths['/v1/me'].patch.responses['415'], 'updateMe declares 415')

  let limited = await app.inject({ method: 'GET', url: '/v1/files', headers })
  while (limited.statusCode === 200) limited = await app.inject({ method: 'GET', url: '/v1/files', headers })
  t.equal(limited.statusCode, 429)
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      // The probes and the metrics scrape are never rate limited (rateLimit: false).
      if (path === '/health' || path === '/ready' || path === '/metrics') continue
      t.ok(operation.responses['429'], `${method.toUpperCase()} ${path} declares 429`)
    }
  }
})
