import { Type, type TSchema } from '@sinclair/typebox'
import { Ajv } from 'ajv'
import formats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { codes } from '../errors.js'
import { addProblems } from '../schemas.js'

/**
 * JSON bodies are validated exactly as sent: no coercion, no dropped properties
 * (`{"bio": 123}` is a 400, typos surface). Params and query strings arrive as
 * text, so they are coerced. Every error is reported, not just the first.
 * An API route that declares no query string takes none: an unknown query
 * parameter is a 400, like an unknown body property.
 */
async function validationPlugin (app: FastifyInstance, { schemas }: { schemas: TSchema[] }) {
  const makeAjv = (coerceTypes: boolean | 'array') => {
    // `discriminator`: a tagged union (an image scene's shapes) is checked against
    // the one branch its tag names, so errors name that branch's fields only.
    const ajv = new Ajv({ allErrors: true, coerceTypes, removeAdditional: false, useDefaults: true, strict: false, discriminator: true })
    formats.default(ajv)
    for (const schema of schemas) ajv.addSchema(schema)
    return ajv
  }
  const strict = makeAjv(false)
  const coercing = makeAjv('array')
  for (const schema of schemas) app.addSchema(schema)
  const noQuery = Type.Object({}, { additionalProperties: false })
  app.addHook('onRoute', function refuseUndeclaredQuery (route) {
    // Our routes (those with an operationId); not CORS preflights or the docs' assets.
    if (route.schema?.operationId !== undefined && route.schema.querystring === undefined) {
      route.schema = { ...route.schema, querystring: noQuery }
    }
    addProblems(route, codes.validationFailed)
  })
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema))
}

export default fp(validationPlugin, { name: 'validation' })
