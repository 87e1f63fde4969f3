import { readFile } from 'node:fs/promises'
import { validate } from '@readme/openapi-parser'
import t from 'tap'
import { parse } from 'yaml'
import { build } from './helpers/build.js'

const committed = await readFile(new URL('../openapi.yaml', import.meta.url), 'utf8')

t.test('the committed openapi.yaml is what the app serves (run `npm run openapi` after changing a route)', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: '/openapi.yaml' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^application\/yaml/)
  t.equal(response.body, committed)
  const json = await app.inject({ method: 'GET', url: '/openapi.json' })
  t.same(json.json(), parse(committed))
})

t.test('openapi.yaml is a valid OpenAPI 3.1 document', async (t) => {
  const result = await validate(parse(committed))
  t.ok(result.valid, result.valid ? 'valid' : JSON.stringify(result.errors, null, 2))
  t.equal(parse(committed).openapi, '3.1.0')
})

t.test('every operation has an operationId, summary, tags, security and problem responses', async (t) => {
  const document = parse(committed)
  const declaredTags = new Set((document.tags as Array<{ name: string, description?: string }>).map((tag) => tag.name))
  const operationIds = new Set<string>()
  for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`
      t.type(operation.operationId, 'string', `${where} has an operationId`)
      t.notOk(operationIds.has(operation.operationId as string), `${where} operationId is unique`)
      operationIds.add(operation.operationId as string)
      t.type(operation.summary, 'string', `${where} has a summary`)
      t.ok(Array.isArray(operation.tags) && operation.tags.length > 0, `${where} has tags`)
      for (const tag of operation.tags as string[]) t.ok(declaredTags.has(tag), `${where}: its tag ${tag} is declared`)
      t.ok(Array.isArray(operation.security), `${where} declares its security`)
      const responses = operation.responses as Record<string, { content?: Record<string, unknown> }>
      for (const [status, response] of Object.entries(responses)) {
        if (status === 'default' || Number(status) >= 400) {
          t.ok(response.content?.['application/problem+json'], `${where} ${status} is documented as problem+json`)
        }
      }
    }
  }
  for (const id of ['signup', 'login', 'refreshToken', 'logout', 'getMe', 'updateMe', 'getPublicProfile', 'health', 'ready']) {
    t.ok(operationIds.has(id), `operation ${id} exists`)
  }
  t.same(document.paths['/v1/me'].get.security, [{ bearerAuth: [] }, { apiKeyAuth: [] }],
    'protected routes take access tokens and API keys')
  t.same(document.paths['/v1/me'].get['x-required-scopes'], ['profile:read'], 'and name the scope they need')
  t.same(document.paths['/v1/me/password'].put.security, [{ bearerAuth: [] }],
    'credential routes take access tokens only')
  t.same(document.paths['/v1/me/password'].put['x-required-scopes'], ['profile:write'])
  t.same(document.servers, [{
    url: 'http://127.0.0.1:3000',
    description: 'This deployment (PUBLIC_URL); the committed openapi.yaml shows the local development default',
    'x-internal': false
  }], 'the server is PUBLIC_URL')
  t.ok(document.components.securitySchemes.bearerAuth, 'the bearer scheme is declared')
  for (const tag of document.tags as Array<{ name: string, description?: string }>) t.type(tag.description, 'string', `tag ${tag.name} is described`)
})

t.test('parameters and body properties with a default are optional in the document', async (t) => {
  const document = parse(committed)
  const faults: string[] = []
  for (const [path, item] of Object.entries<Record<string, {
    parameters?: Array<{ name: string, in: string, required?: boolean, schema?: { default?: unknown } }>
    requestBody?: {
      content: Record<string, { schema: { required?: string[], properties?: Record<string, { default?: unknown }> } }>
    }
  }>>(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.schema?.default !== undefined && parameter.required === true) faults.push(`${method} ${path} ${parameter.in} ${parameter.name}`)
      }
      for (const media of Object.values(operation.requestBody?.content ?? {})) {
        for (const [name, property] of Object.entries(media.schema.properties ?? {})) {
          if (property.default !== undefined && media.schema.required?.includes(name) === true) faults.push(`${method} ${path} body ${name}`)
        }
      }
    }
  }
  t.same(faults, [], 'a client may leave out what has a default')
})

t.test('the docs UI is served by the app itself, nothing from a CDN', async (t) => {
  const app = await build(t)
  const page = await app.inject({ method: 'GET', url: '/docs/' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /text\/html/)
  t.notMatch(page.body, /https?:\/\//, 'no absolute URLs to other hosts')
  const script = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' })
  t.equal(script.statusCode, 200)
  t.match(String(page.headers['content-security-policy']), /script-src 'self'/)
})

t.test('every operation declares the answers every route can give', async (t) => {
  const document = parse(committed)
  const faults: string[] = []
  for (const [path, item] of Object.entries<Record<string, {
    responses: Record<string, { headers?: Record<string, unknown> }>
  }>>(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`
      const { responses } = operation
      for (const status of ['400', '503', 'default']) if (responses[status] === undefined) faults.push(`${where}: no ${status}`)
      // Probes and the metrics scrape are polled from one address all day: no rate limit.
      const unlimited = ['/health', '/ready', '/metrics'].includes(path)
      if (!unlimited && responses['429'] === undefined) faults.push(`${where}: no 429`)
      if (unlimited && responses['429'] !== undefined) faults.push(`${where}: not limited, yet declares 429`)
      if (responses['429'] !== undefined) {
        for (const header of ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After']) {
          if (responses['429'].headers?.[header] === undefined) faults.push(`${where}: 429 without ${header}`)
        }
      }
      if (['post', 'put', 'patch', 'delete'].includes(method)) {
        for (const status of ['413', '415']) if (responses[status] === undefined) faults.push(`${where}: reads a body, no ${status}`)
      }
    }
  }
  t.same(faults, [])
})

t.test('a problem\'s code is typed as the catalogue\'s union', async (t) => {
  const { codes } = await import('../src/errors.js')
  const schema = parse(committed).components.schemas.Problem.properties.code
  t.equal(schema.type, 'string')
  t.same([...schema.enum].sort(), Object.values(codes).map((entry) => entry.code).sort())
})
