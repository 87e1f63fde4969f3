import type { FieldError, Problem, ProblemCode } from './types.js'

// What a status means when the body is not one of our problem documents (a proxy's HTML page, an empty 502):
// the same mapping the server applies to errors it has no code for.
const codeByStatus: Record<number, ProblemCode> = {
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

export interface ApiErrorInit {
  status: number
  code: ProblemCode
  detail: string
  errors?: FieldError[]
  errorsTotal?: number
  requestId?: string
  retryAfter?: number
}

/** An error answer of the API: its problem document's fields, and Retry-After in seconds. */
export class ApiError extends Error {
  readonly status: number
  readonly code: ProblemCode
  readonly detail: string
  /** Field errors (`path` is a JSON Pointer such as `/username`); empty when there are none. */
  readonly errors: FieldError[]
  readonly errorsTotal: number | undefined
  readonly requestId: string | undefined
  /** Seconds to wait before trying again (429, 503), from the Retry-After header. */
  readonly retryAfter: number | undefined

  constructor (init: ApiErrorInit) {
    super(init.detail)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.detail = init.detail
    this.errors = init.errors ?? []
    this.errorsTotal = init.errorsTotal
    this.requestId = init.requestId
    this.retryAfter = init.retryAfter
  }

  /** The error for a response that was not ok; `body` is its parsed JSON (or text), as openapi-fetch gives it. */
  static fromResponse (response: Response, body: unknown, now = Date.now()): ApiError {
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now)
    const requestId = response.headers.get('x-request-id') ?? undefined
    if (isProblem(body)) {
      return new ApiError({
        status: response.status,
        code: body.code,
        detail: body.detail,
        errors: body.errors,
        errorsTotal: body.errorsTotal,
        requestId: body.requestId ?? requestId,
        retryAfter
      })
    }
    const code = codeByStatus[response.status] ?? (response.status >= 500 ? 'internal_error' : 'invalid_request')
    return new ApiError({ status: response.status, code, detail: response.statusText || code, requestId, retryAfter })
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError

function isProblem (body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false
  const { code, detail } = body as Record<string, unknown>
  return typeof code === 'string' && typeof detail === 'string'
}

/** Retry-After is delay-seconds or an HTTP date (RFC 9110); both become seconds from now. */
export function parseRetryAfter (value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim())
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000))
}

/** A local error in the API's shape, for a call that needs a session when there is none. */
export const noSession = () =>
  new ApiError({ status: 401, code: 'unauthorized', detail: 'Not signed in: sign in first.' })
