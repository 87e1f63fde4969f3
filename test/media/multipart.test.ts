// The one multipart reader, in a small Fastify app of its own: @fastify/multipart
// as the features register it, a route reading `partsOf` and mapping errors with
// `multipartError`. Parser errors become 4xx problems; the route's own stay 500s.
import Fastify, { type FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { ApiError } from '../../src/errors.js'
import { acceptMultipart, multipartError, partsOf, type PartLimits } from '../../src/media/multipart.js'
import { filePart, multipart, type Part } from '../helpers/files.js'

const LIMITS: PartLimits = { files: 2, fields: 2, fileBytes: 1024 }

/** What the route read: each part's name and its bytes or value. */
type Received = Array<{ name: string, bytes?: number, value?: unknown }>

async function testApp (t: Test): Promise<FastifyInstance> {
  const app = Fastify()
  t.teardown(async () => { await app.close() })
  app.setErrorHandler(function answer (error, _request, reply) {
    // ApiErrors answer with their catalogue code; anything else is the 500 path.
    if (error instanceof ApiError) return reply.code(error.statusCode).send({ code: error.code, detail: error.message })
    return reply.code(500).send({ code: null, name: (error as Error).name, message: (error as Error).message })
  })
  const validatorCompiler = await acceptMultipart(app)
  app.post('/upload', { validatorCompiler }, async function receive (request) {
    const received: Received = []
    try {
      for await (const part of partsOf(request, LIMITS)) {
        if (part.type === 'field') {
          received.push({ name: part.fieldname, value: part.value })
          continue
        }
        let bytes = 0
        for await (const chunk of part.file) bytes += (chunk as Buffer).length
        received.push({ name: part.fieldname, bytes })
        if (request.headers['x-fail'] === 'disk') throw new Error('ENOSPC: the disk is full')
      }
    } catch (error) {
      throw multipartError(error)
    }
    return { received }
  })
  await app.ready()
  return app
}

async function send (app: FastifyInstance, parts: Part[], headers: Record<string, string> = {}) {
  const body = multipart(parts)
  return await app.inject({ method: 'POST', url: '/upload', headers: { ...body.headers, ...headers }, payload: body.payload })
}

t.test('a well-formed body: every part reaches the route', async (t) => {
  const app = await testApp(t)
  const response = await send(app, [{ name: 'title', content: 'hello' }, filePart('x'.repeat(100), 'a.txt', 'text/plain')])
  t.equal(response.statusCode, 200)
  t.same(response.json<{ received: Received }>().received, [{ name: 'title', value: 'hello' }, { name: 'file', bytes: 100 }])
})

t.test('more files than the limit: too_many_files (413)', async (t) => {
  const app = await testApp(t)
  const response = await send(app, [filePart('a', 'a.txt'), filePart('b', 'b.txt'), filePart('c', 'c.txt')])
  t.equal(response.statusCode, 413)
  t.equal(response.json().code, 'too_many_files')
})

t.test('a body that is not multipart: unsupported_media_type (415)', async (t) => {
  const app = await testApp(t)
  const response = await app.inject({ method: 'POST', url: '/upload', payload: { file: 'not a form' } })
  t.equal(response.statusCode, 415)
  t.equal(response.json().code, 'unsupported_media_type')
})

t.test('a body cut short: invalid_multipart (400)', async (t) => {
  const app = await testApp(t)
  const whole = multipart([filePart('y'.repeat(500), 'cut.txt', 'text/plain')])
  const inFile = whole.payload.subarray(0, whole.payload.indexOf('y') + 200)
  const cutInFile = await app.inject({ method: 'POST', url: '/upload', headers: whole.headers, payload: inFile })
  t.equal(cutInFile.statusCode, 400, 'cut inside a file\'s bytes')
  t.equal(cutInFile.json().code, 'invalid_multipart')

  const inHeaders = whole.payload.subarray(0, whole.payload.indexOf('filename'))
  const cutInHeaders = await app.inject({ method: 'POST', url: '/upload', headers: whole.headers, payload: inHeaders })
  t.equal(cutInHeaders.statusCode, 400, 'cut inside a part\'s headers')
  t.equal(cutInHeaders.json().code, 'invalid_multipart')
})

t.test('a prototype property as a field name: validation_failed (400)', async (t) => {
  const app = await testApp(t)
  for (const name of ['__proto__', 'constructor']) {
    const asField = await send(app, [{ name, content: '{"polluted":true}' }])
    t.equal(asField.statusCode, 400, `field ${name}`)
    t.equal(asField.json().code, 'validation_failed')
    const asFile = await send(app, [{ name, filename: 'a.txt', contentType: 'text/plain', content: 'x' }])
    t.equal(asFile.statusCode, 400, `file ${name}`)
    t.equal(asFile.json().code, 'validation_failed')
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'nothing reached Object.prototype')
})

t.test('an error of the route\'s own (a full disk) stays an internal error, not a malformed body', async (t) => {
  const app = await testApp(t)
  const response = await send(app, [filePart('z'.repeat(10), 'z.txt', 'text/plain')], { 'x-fail': 'disk' })
  t.equal(response.statusCode, 500)
  t.same(response.json(), { code: null, name: 'Error', message: 'ENOSPC: the disk is full' })
})

t.test('multipartError: ApiErrors and unmarked errors pass through unchanged', async (t) => {
  const problem = new Error('not from the parser')
  t.equal(multipartError(problem), problem, 'the same object: an ordinary error is never turned into a 4xx')
  t.equal(multipartError('a string'), 'a string')
  const app = await testApp(t)
  const refused = await send(app, [filePart('a', 'a.txt'), filePart('b', 'b.txt'), filePart('c', 'c.txt')])
  t.equal(refused.json().code, 'too_many_files', 'an ApiError made in partsOf keeps its own code')
})
