import { Type, type TSchema } from '@sinclair/typebox'
import { Ajv, type ValidateFunction } from 'ajv'
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
  const makeAjv = (coerceTypes: boolean | 'array', allErrors = true) => {
    // `discriminator`: a tagged union (an image scene's shapes) is checked against
    // the one branch its tag names, so errors name that branch's fields only.
    // `strictNumbers`: `1e999` in JSON parses to Infinity, which is no number a schema means.
    const ajv = new Ajv({
      allErrors,
      coerceTypes,
      removeAdditional: false,
      useDefaults: true,
      strict: false,
      strictNumbers: true,
      discriminator: true
    })
    formats.default(ajv)
    for (const schema of schemas) ajv.addSchema(schema)
    return ajv
  }
  const strict = makeAjv(false)
  const failFast = makeAjv(false, false)
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
    httpPart === 'body' ? allErrorsWhenCheap(failFast.compile(schema), strict.compile(schema)) : finiteOnly(coercing.compile(schema)))
}

/** Arrays longer than this in an invalid body get only the first error reported. */
const LONG_ARRAY = 1000

function hasLongArray (data: unknown): boolean {
  if (data === null || typeof data !== 'object') return false
  if (Array.isArray(data) && data.length > LONG_ARRAY) return true
  for (const value of Object.values(data)) if (hasLongArray(value)) return true
  return false
}

/**
 * Listing every error costs Ajv an object per failing item: a 1 MB body of
 * 150,000 bad points took over 2 s of CPU. A body is checked fail-fast first;
 * only an invalid one without long arrays is checked again for the full list.
 */
function allErrorsWhenCheap (first: ValidateFunction, all: ValidateFunction): ValidateFunction {
  const checked = function validateBody (data: unknown, context?: Parameters<ValidateFunction>[1]): boolean {
    if (first(data, context)) {
      checked.errors = null
      return true
    }
    checked.errors = hasLongArray(data) || all(data, context) ? first.errors : all.errors
    return false
  } as ValidateFunction
  return Object.assign(checked, { schema: first.schema, schemaEnv: first.schemaEnv })
}

/** The JSON Pointer of the first number that is not finite in `data`, if any. */
function nonFinitePath (data: unknown, path = ''): string | undefined {
  if (typeof data === 'number') return Number.isFinite(data) ? undefined : path
  if (data === null || typeof data !== 'object') return undefined
  for (const [key, value] of Object.entries(data)) {
    const found = nonFinitePath(value, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * Ajv coerces `?n=Infinity` (or `1e999`) to Infinity without checking the result
 * against `strictNumbers`, so parts that arrive as text are checked once more.
 */
function finiteOnly (validate: ValidateFunction): ValidateFunction {
  const checked = function validateFinite (data: unknown, context?: Parameters<ValidateFunction>[1]): boolean {
    if (!validate(data, context)) {
      checked.errors = validate.errors
      return false
    }
    const path = nonFinitePath(data)
    checked.errors = path === undefined
      ? null
      : [{ instancePath: path, schemaPath: '#', keyword: 'type', params: { type: 'number' }, message: 'must be a finite number' }]
    return path === undefined
  } as ValidateFunction
  return Object.assign(checked, { schema: validate.schema, schemaEnv: validate.schemaEnv })
}

export default fp(validationPlugin, { name: 'validation' })
