import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import FindMyWay, { type HTTPMethod } from 'find-my-way'
import { ApiError, errors, type FieldError } from '../errors.js'
import type { ProblemDocument } from '../schemas.js'

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable'
}

/** Fastify's own errors, given our public codes. */
const fastifyCodes: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_request'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_TYPE: [415, 'unsupported_media_type']
}

const codesByStatus: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'service_unavailable'
}

interface AjvError {
  instancePath: string
  keyword: string
  message?: string
  params: Record<string, unknown>
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1')

/** Ajv errors → `{path, message}` with `path` the JSON Pointer of the property itself. */
export function fieldErrors (validation: AjvError[], context: string): FieldError[] {
  return validation.map((error) => {
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
    return errors.validation(fieldErrors(error.validation, context), `The request ${context} is not valid.`)
  }
  const known = fastifyCodes[error.code]
  if (known !== undefined) return new ApiError(known[0], known[1], error.message, { cause: error })
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) {
    return new ApiError(status, codesByStatus[status] ?? 'invalid_request', error.message, { cause: error })
  }
  if (status === 503) return errors.serviceUnavailable('The service is unavailable; try again shortly.')
  return new ApiError(500, 'internal_error', 'An unexpected error occurred; it has been logged with the request id.', { cause: error })
}

export function sendProblem (request: FastifyRequest, reply: FastifyReply, error: ApiError) {
  const body: ProblemDocument = {
    type: `/problems/${error.code}`,
    title: titles[error.statusCode] ?? 'Error',
    status: error.statusCode,
    detail: error.message,
    code: error.code,
    requestId: request.id
  }
  if (error.errors !== undefined) body.errors = error.errors
  if (error.headers !== undefined) reply.headers(error.headers)
  // Also here: errors raised before the onRequest hooks (a malformed URL) skip the echo hook.
  reply.header('x-request-id', request.id)
  return reply.code(error.statusCode).type('application/problem+json').send(body)
}

/**
 * Renders every error (ours, Fastify's, plugins') as RFC 9457 problem+json.
 * Causes and stack traces go to the log, never into the response.
 */
async function errorsPlugin (app: FastifyInstance) {
  // A second router that knows every route, to tell 405 from 404. It matches
  // paths as the app's router does (Fastify's defaults: a trailing slash is
  // another path), so an Allow header never names a method the path would 404 on.
  const routes = FindMyWay()
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.on(method as HTTPMethod, route.url, () => {})
    }
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
      reply.header('allow', allowed.join(', '))
      return sendProblem(request, reply, new ApiError(405, 'method_not_allowed', `${request.method} is not allowed here; use ${allowed.join(', ')}.`))
    }
    return sendProblem(request, reply, errors.notFound(`No route matches ${request.method} ${path}.`))
  })
}

export default fp(errorsPlugin, { name: 'errors', dependencies: ['security'] })
