import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import FindMyWay, { type HTTPMethod } from 'find-my-way'
import { isDatabaseUnavailable } from '../db/unavailable.js'
import { ApiError, codes, errors, type Code, type CodeDefinition, type FieldError } from '../errors.js'
import { addProblems, problemDocument } from '../schemas.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The `code` of the problem document that answered the request (null for other answers): metrics read it. */
    problemCode: Code | null
  }
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Fastify's own errors, given our public codes. */
const fastifyCodes: Record<string, CodeDefinition> = {
  FST_ERR_CTP_INVALID_JSON_BODY: codes.invalidJson,
  FST_ERR_CTP_EMPTY_JSON_BODY: codes.invalidJson,
  FST_ERR_CTP_BODY_TOO_LARGE: codes.payloadTooLarge,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: codes.invalidRequest,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: codes.unsupportedMediaType,
  FST_ERR_CTP_INVALID_TYPE: codes.unsupportedMediaType
}

/** A hostile body can fail validation many thousand times over: the answer lists this many and counts the rest. */
export const MAX_FIELD_ERRORS = 20

interface AjvError {
  instancePath: string
  keyword: string
  message?: string
  params: Record<string, unknown>
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1')

/** Ajv errors → `{path, message}` with `path` the JSON Pointer of the property itself. */
export function fieldErrors (validation: AjvError[], context: string): FieldError[] {
  return validation.slice(0, MAX_FIELD_ERRORS).map((error) => {
    let path = error.instancePath
    if (error.keyword === 'required') path += '/' + escapePointer(String(error.params.missingProperty))
    if (error.keyword === 'additionalProperties') path += '/' + escapePointer(String(error.params.additionalProperty))
    const message = error.keyword === 'additionalProperties'
      ? 'is not an allowed property'
      : error.keyword === 'required' ? 'is required' : (error.message ?? 'is invalid')
    return { path: path === '' ? '/' : path, message, code: context }
  })
}

function toApiError (error: FastifyError & { validation?: AjvError[], validationContext?: string }): ApiError {
  if (error instanceof ApiError) return error
  if (error.validation !== undefined) {
    const context = error.validationContext ?? 'body'
    return errors.validation(fieldErrors(error.validation, context), `The request ${context} is not valid.`, error.validation.length)
  }
  const known = fastifyCodes[error.code]
  if (known !== undefined) return errors.fromDefinition(known, error.message, error)
  // Down, restarting or out of connections: the client may retry (Retry-After), and the log still has the cause.
  if (isDatabaseUnavailable(error)) return errors.serviceUnavailable('The database is unavailable; try again shortly.')
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) return errors.fromStatus(status, error.message, error)
  if (status === 503) return errors.serviceUnavailable()
  return errors.internal(error)
}

export function sendProblem (request: FastifyRequest, reply: FastifyReply, error: ApiError) {
  const body = problemDocument(error.code, error.statusCode, error.message, request.id)
  if (error.errors !== undefined) {
    body.errors = error.errors
    body.errorsTotal = error.errorsTotal ?? error.errors.length
  }
  if (error.headers !== undefined) reply.headers(error.headers)
  // Also here: errors raised before the onRequest hooks (a malformed URL) skip the echo hook.
  reply.header('x-request-id', request.id)
  request.problemCode = error.code
  return reply.code(error.statusCode).type('application/problem+json').send(body)
}

/**
 * Renders every error (ours, Fastify's, plugins') as RFC 9457 problem+json.
 * Causes and stack traces go to the log, never into the response.
 */
async function errorsPlugin (app: FastifyInstance) {
  app.decorateRequest('problemCode', null)

  // A second router that knows every route, to tell 405 from 404. It matches
  // paths as the app's router does (Fastify's defaults: a trailing slash is
  // another path), so an Allow header never names a method the path would 404 on.
  const routes = FindMyWay()
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.on(method as HTTPMethod, route.url, () => {})
    }
  })

  // What any route can answer, whatever it does: a bug (the shared default), a
  // shutdown in progress (return503OnClosing), and for methods whose body
  // Fastify parses, a malformed, oversized or unaccepted one.
  app.addHook('onRoute', function declareCommonProblems (route) {
    addProblems(route, codes.internalError, codes.serviceUnavailable)
    if ([route.method].flat().some((method) => BODY_METHODS.has(method))) {
      addProblems(route, codes.invalidJson, codes.invalidRequest, codes.payloadTooLarge, codes.unsupportedMediaType)
    }
    if (route.url.includes(':')) addProblems(route, codes.invalidRequest) // a path segment that does not decode
  })

  app.setErrorHandler(function handleError (error: FastifyError, request, reply) {
    const apiError = toApiError(error)
    if (apiError.statusCode >= 500) {
      request.log.error({ err: error }, 'request failed')
    } else {
      request.log.info({ code: apiError.code, err: apiError.cause ?? undefined }, apiError.message)
    }
    return sendProblem(request, reply, apiError)
  })

  // Rate limited like every route, by the security plugin's app-wide hook.
  app.setNotFoundHandler(function handleNotFound (request, reply) {
    const path = request.url.split('?')[0]
    const allowed = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const)
      .filter((method) => method !== request.method && routes.find(method, path) !== null)
    if (allowed.length > 0) {
      return sendProblem(request, reply, errors.methodNotAllowed(request.method, allowed))
    }
    return sendProblem(request, reply, errors.notFound(`No route matches ${request.method} ${path}.`))
  })
}

export default fp(errorsPlugin, { name: 'errors', dependencies: ['security'] })
