// Property test: whatever is thrown at any route, the answer is never a 5xx and
// every error is a well-formed problem document.
import fc from 'fast-check'
import t from 'tap'
import { build } from './helpers/build.js'
import { filePart, multipart, uploadOk } from './helpers/files.js'
import { bearer, signUp } from './helpers/users.js'

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
const rawBody = fc.oneof(
  fc.string({ maxLength: 200 }),
  jsonValue.map((value) => JSON.stringify(value)),
  credentialBody.map((value) => JSON.stringify(value))
)
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain',
  'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/problem+json')
const headerValue = fc.oneof(fc.string({ maxLength: 60 }).map((value) => value.replace(/[^\x20-\x7e]/g, '')),
  fc.constantFrom('Bearer ', 'Bearer a.b.c', 'Basic YWRtaW46MTIzNA==', 'Bearer eyJhbGciOiJub25lIn0.e30.', 'x'.repeat(300)))
const pathSegment = fc.oneof(fc.webSegment(), fc.constantFrom('%00', '..', '%2e%2e', '%E0%A4%A', '%', 'me', 'users', 'auth', 'a'.repeat(300)))

function assertWellFormed (
  response: { statusCode: number, headers: Record<string, unknown>, body: string },
  label: string
) {
  if (response.statusCode >= 500) throw new Error(`${label} → ${response.statusCode} ${response.body.slice(0, 300)}`)
  if (response.statusCode >= 400 && !label.startsWith('HEAD')) { // HEAD answers carry no body
    if (!String(response.headers['content-type']).startsWith('application/problem+json')) {
      throw new Error(`${label} → non-problem ${response.statusCode}`)
    }
    const problem = JSON.parse(response.body)
    const shapeOk = typeof problem.type === 'string' && problem.type === `/problems/${problem.code}` &&
      problem.status === response.statusCode && typeof problem.title === 'string' && typeof problem.detail === 'string' &&
      problem.requestId === response.headers['x-request-id'] && (problem.errors === undefined || (Array.isArray(problem.errors) &&
        problem.errors.every((error: { path: unknown, message: unknown }) =>
          typeof error.path === 'string' && error.path.startsWith('/') && typeof error.message === 'string')))
    if (!shapeOk) throw new Error(`${label} → malformed problem ${response.body.slice(0, 300)}`)
  }
}

t.test('random bodies, content types and headers at every route: no 5xx, only valid problems', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  await fc.assert(fc.asyncProperty(fc.constantFrom(...ROUTES), rawBody, contentType, headerValue, fc.boolean(),
    async ([method, url], payload, type, authorization, useValidToken) => {
      const headers: Record<string, string> = {
        authorization: useValidToken ? bearer(account.accessToken).authorization : authorization
      }
      if (type !== '') headers['content-type'] = type
      const response = await app.inject({
        method: method as 'GET', url, headers, payload: method === 'GET' ? undefined : payload
      })
      assertWellFormed(response, `${method} ${url} ${type} ${payload.slice(0, 60)}`)
    }), { numRuns: 300, seed: SEED })
  t.pass('no counterexample')
})

t.test('random paths, methods and request ids: no 5xx, only valid problems', async (t) => {
  const app = await build(t)
  await fc.assert(fc.asyncProperty(fc.constantFrom(...METHODS), fc.array(pathSegment, { minLength: 0, maxLength: 4 }),
    fc.string({ maxLength: 20 }), headerValue,
    async (method, segments, query, requestId) => {
      const url = `/${segments.join('/')}?${encodeURIComponent(query)}`
      const response = await app.inject({ method, url, headers: { 'x-request-id': requestId } })
      assertWellFormed(response, `${method} ${url}`)
    }), { numRuns: 300, seed: SEED })
  t.pass('no counterexample')
})

// Hostile input classes, one arbitrary each, so that every class that once
// answered a 5xx (or worse, an image) stays covered.

/**
 * Huge arrays inside the 1 MB body limit: spreading one into arguments (`Math.min(...points)`) overflows the stack
 * from about 130,000 items, so points go up to 170,000 (`[0,0],` is 6 bytes).
 */
const hugeArrayBody = fc.record({
  length: fc.integer({ min: 130_000, max: 170_000 }),
  item: fc.constantFrom('[0,0]', '[1,2]', '0', '{}'),
  at: fc.constantFrom('polygon', 'polyline', 'shapes', 'field')
}).map(({ length, item, at }) => {
  const array = `[${Array(length).fill(item).join(',')}]`
  if (at === 'shapes') return ['/v1/images', `{"width":16,"height":16,"format":"png","shapes":${array}}`]
  if (at === 'field') return ['/v1/auth/signup', `{"email":"a@example.com","username":${array},"password":"x"}`]
  return ['/v1/images', `{"width":16,"height":16,"format":"png","shapes":[{"type":"${at}","points":${array}}]}`]
})

/** Numbers JSON.parse turns into ±Infinity (`1e999`), and query text Ajv coerces into them. */
const nonFiniteNumber = fc.constantFrom('1e999', '-1e999', '1e309', '-2e308', '9'.repeat(400))
const NON_FINITE_SCENES = [
  (n: string) => `{"width":16,"height":16,"format":"png","shapes":[{"type":"rect","x":1,"y":1,"width":4,"height":4,"rx":${n}}]}`,
  (n: string) => `{"width":16,"height":16,"format":"png","shapes":[{"type":"rect","x":${n},"y":1,"width":4,"height":${n}}]}`,
  (n: string) => `{"width":16,"height":16,"format":"png","shapes":[{"type":"circle","cx":1,"cy":${n},"r":2}]}`,
  (n: string) => `{"width":16,"height":16,"format":"png","shapes":[{"type":"polygon","points":[[0,0],[${n},1],[2,2]]}]}`,
  (n: string) => `{"width":16,"height":16,"format":"png","shapes":[{"type":"line","x1":0,"y1":0,"x2":4,"y2":4,"strokeWidth":${n}}]}`,
  (n: string) => `{"width":16,"height":16,"format":"png","shapes":[{"type":"text","x":0,"y":10,"text":"a","fontSize":${n}}]}`,
  (n: string) => `{"width":16,"height":16,"format":"png","shapes":[{"type":"ellipse","cx":1,"cy":1,"rx":1,"ry":1,"opacity":${n}}]}`,
  (n: string) => `{"width":${n},"height":16,"format":"jpeg","quality":${n},"shapes":[]}`
]
const nonFiniteScene = fc.tuple(fc.integer({ min: 0, max: NON_FINITE_SCENES.length - 1 }), nonFiniteNumber)
  .map(([slot, n]) => NON_FINITE_SCENES[slot](n))
const nonFiniteQuery = fc.tuple(fc.constantFrom(
  (n: string) => `/v1/images/avatar/seed.png?size=${n}`,
  (n: string) => `/v1/images/placeholder/${n.slice(0, 10)}x10.png`,
  (n: string) => `/v1/files/00000000-0000-0000-0000-000000000000/content?expires=${n}&sig=x`
), fc.oneof(nonFiniteNumber, fc.constantFrom('Infinity', '-Infinity', 'NaN'))).map(([url, n]) => url(n))

t.test('huge arrays in bodies: a 4xx problem, never a 5xx', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const headers = { ...bearer(account.accessToken), 'content-type': 'application/json' }
  await fc.assert(fc.asyncProperty(hugeArrayBody, async ([url, payload]) => {
    const response = await app.inject({ method: 'POST', url, headers, payload })
    assertWellFormed(response, `POST ${url} ${payload.slice(0, 80)}`)
    if (response.statusCode < 400) throw new Error(`POST ${url} ${payload.slice(0, 80)} → ${response.statusCode}`)
  }), { numRuns: 10, seed: SEED })
  t.pass('no counterexample')
})

t.test('non-finite numbers in scenes and queries: a 400 problem, never drawn, never a 5xx', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const headers = { ...bearer(account.accessToken), 'content-type': 'application/json' }
  await fc.assert(fc.asyncProperty(nonFiniteScene, async (payload) => {
    const response = await app.inject({ method: 'POST', url: '/v1/images', headers, payload })
    assertWellFormed(response, `POST /v1/images ${payload}`)
    if (response.statusCode !== 400) throw new Error(`POST /v1/images ${payload} → ${response.statusCode}`)
  }), { numRuns: 60, seed: SEED })
  await fc.assert(fc.asyncProperty(nonFiniteQuery, async (url) => {
    const response = await app.inject({ method: 'GET', url })
    assertWellFormed(response, `GET ${url}`)
    if (response.statusCode !== 400) throw new Error(`GET ${url} → ${response.statusCode}`)
  }), { numRuns: 40, seed: SEED })
  t.pass('no counterexample')
})

/** Part content types that name Object.prototype properties (looked up in a plain object, they crashed: a 500). */
const prototypeName = fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype',
  '__defineGetter__', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString')
const prototypeContentType = fc.oneof(prototypeName, prototypeName.map((name) => `${name}; charset=utf-8`),
  prototypeName.map((name) => `image/${name}`), prototypeName.map((name) => name.toUpperCase()))
const uploadContent = fc.constantFrom<Buffer | string>('hello', '%PDF-1.4\n', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))

/** File names with lone surrogates (a PATCH stored them; encodeURIComponent threw on them when served). */
const loneSurrogate = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff')
const loneSurrogateFilename = fc.tuple(fc.string({ maxLength: 12 }), loneSurrogate, fc.string({ maxLength: 12 }), fc.constantFrom('', '.txt', '.png'))
  .map(([before, surrogate, after, extension]) => `${before}${surrogate}${after}${extension}`)

t.test('uploads declaring Object.prototype names as their type: a 4xx problem, never a 5xx', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  await fc.assert(fc.asyncProperty(prototypeContentType, uploadContent, fc.constantFrom('/v1/files', '/v1/me/avatar'),
    async (type, content, url) => {
      const body = multipart([filePart(content, 'a.bin', type)])
      const method = url === '/v1/files' ? 'POST' : 'PUT'
      const response = await app.inject({
        method, url, headers: { ...body.headers, ...bearer(account.accessToken) }, payload: body.payload
      })
      assertWellFormed(response, `${method} ${url} declared ${type}`)
      if (response.statusCode < 400) throw new Error(`${method} ${url} declared ${type} → ${response.statusCode}`)
    }), { numRuns: 60, seed: SEED })
  t.pass('no counterexample')
})

t.test('renaming a file to a name with lone surrogates: stored well-formed, served, never a 5xx', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const [file] = await uploadOk(app, account.accessToken, [filePart('hello', 'hello.txt', 'text/plain')])
  const headers = { ...bearer(account.accessToken), 'content-type': 'application/json' }
  await fc.assert(fc.asyncProperty(loneSurrogateFilename, async (filename) => {
    const label = `PATCH ${JSON.stringify(filename)}`
    const renamed = await app.inject({ method: 'PATCH', url: `/v1/files/${file.id}`, headers, payload: JSON.stringify({ filename }) })
    assertWellFormed(renamed, label)
    if (renamed.statusCode !== 200) throw new Error(`${label} → ${renamed.statusCode} ${renamed.body.slice(0, 200)}`)
    if (/[\ud800-\udfff]/.test(renamed.json<{ filename: string }>().filename.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) {
      throw new Error(`${label} kept a lone surrogate`)
    }
    const served = await app.inject({ method: 'GET', url: `/v1/files/${file.id}/content`, headers: bearer(account.accessToken) })
    assertWellFormed(served, `GET content after ${label}`)
    if (served.statusCode !== 200) throw new Error(`GET content after ${label} → ${served.statusCode}`)
  }), { numRuns: 60, seed: SEED })
  t.pass('no counterexample')
})
