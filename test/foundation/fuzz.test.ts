// Property test: whatever is thrown at any route, the answer is never a 5xx and
// every error is a well-formed problem document.
import fc from 'fast-check'
import t from 'tap'
import { build } from '../helpers/build.js'
import { bearer, signUp } from '../helpers/users.js'

const ROUTES: Array<[string, string]> = [
  ['POST', '/v1/auth/signup'], ['POST', '/v1/auth/login'], ['POST', '/v1/auth/refresh'], ['POST', '/v1/auth/logout'],
  ['GET', '/v1/me'], ['PATCH', '/v1/me'], ['GET', '/v1/users/alice'], ['GET', '/health'], ['GET', '/ready'],
  ['GET', '/openapi.json'], ['GET', '/nope'], ['DELETE', '/v1/me'], ['PUT', '/v1/auth/login']
]
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const
const SEED = Number(process.env.FUZZ_SEED ?? 20261122)

const jsonValue = fc.jsonValue({ maxDepth: 3 })
const fieldValue = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.boolean(), fc.constant(null), jsonValue,
  fc.constantFrom("' OR 1=1 --", '<script>alert(1)</script>', '../../etc/passwd', '\u0000', '\u202e', 'a'.repeat(2000), '__proto__'))
const credentialBody = fc.record(Object.fromEntries(
  ['email', 'username', 'password', 'login', 'refreshToken', 'displayName', 'bio', '__proto__', 'extra'].map((key) => [key, fieldValue])
), { requiredKeys: [] })
const rawBody = fc.oneof(fc.string({ maxLength: 200 }), jsonValue.map((value) => JSON.stringify(value)), credentialBody.map((value) => JSON.stringify(value)))
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/problem+json')
const headerValue = fc.oneof(fc.string({ maxLength: 60 }).map((value) => value.replace(/[^\x20-\x7e]/g, '')),
  fc.constantFrom('Bearer ', 'Bearer a.b.c', 'Basic YWRtaW46MTIzNA==', 'Bearer eyJhbGciOiJub25lIn0.e30.', 'x'.repeat(300)))
const pathSegment = fc.oneof(fc.webSegment(), fc.constantFrom('%00', '..', '%2e%2e', '%E0%A4%A', '%', 'me', 'users', 'auth', 'a'.repeat(300)))

function assertWellFormed (response: { statusCode: number, headers: Record<string, unknown>, body: string }, label: string) {
  if (response.statusCode >= 500) throw new Error(`${label} → ${response.statusCode} ${response.body.slice(0, 300)}`)
  if (response.statusCode >= 400 && !label.startsWith('HEAD')) { // HEAD answers carry no body
    if (!String(response.headers['content-type']).startsWith('application/problem+json')) throw new Error(`${label} → non-problem ${response.statusCode}`)
    const problem = JSON.parse(response.body)
    const shapeOk = typeof problem.type === 'string' && problem.type === `/problems/${problem.code}` &&
      problem.status === response.statusCode && typeof problem.title === 'string' && typeof problem.detail === 'string' &&
      problem.requestId === response.headers['x-request-id'] && (problem.errors === undefined || (Array.isArray(problem.errors) &&
        problem.errors.every((error: { path: unknown, message: unknown }) => typeof error.path === 'string' && error.path.startsWith('/') && typeof error.message === 'string')))
    if (!shapeOk) throw new Error(`${label} → malformed problem ${response.body.slice(0, 300)}`)
  }
}

t.test('random bodies, content types and headers at every route: no 5xx, only valid problems', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  await fc.assert(fc.asyncProperty(fc.constantFrom(...ROUTES), rawBody, contentType, headerValue, fc.boolean(), async ([method, url], payload, type, authorization, useValidToken) => {
    const headers: Record<string, string> = { authorization: useValidToken ? bearer(account.accessToken).authorization : authorization }
    if (type !== '') headers['content-type'] = type
    const response = await app.inject({ method: method as 'GET', url, headers, payload: method === 'GET' ? undefined : payload })
    assertWellFormed(response, `${method} ${url} ${type} ${payload.slice(0, 60)}`)
  }), { numRuns: 300, seed: SEED })
  t.pass('no counterexample')
})

t.test('random paths, methods and request ids: no 5xx, only valid problems', async (t) => {
  const app = await build(t)
  await fc.assert(fc.asyncProperty(fc.constantFrom(...METHODS), fc.array(pathSegment, { minLength: 0, maxLength: 4 }), fc.string({ maxLength: 20 }), headerValue,
    async (method, segments, query, requestId) => {
      const url = `/${segments.join('/')}?${encodeURIComponent(query)}`
      const response = await app.inject({ method, url, headers: { 'x-request-id': requestId } })
      assertWellFormed(response, `${method} ${url}`)
    }), { numRuns: 300, seed: SEED })
  t.pass('no counterexample')
})
