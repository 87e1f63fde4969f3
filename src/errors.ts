// The error catalogue: every code the API answers with is defined here once,
// with its status and default detail. Route docs and handlers reference the
// entries, so a code that does not exist cannot be thrown or documented.

/** One invalid field: `path` is a JSON Pointer to the property. */
export interface FieldError {
  path: string
  message: string
  code?: string
}

const def = <C extends string, S extends number>(code: C, status: S, detail: string) => ({ code, status, detail })

export const codes = {
  validationFailed: def('validation_failed', 400, 'The request is not valid.'),
  invalidJson: def('invalid_json', 400, 'The body is not valid JSON.'),
  invalidRequest: def('invalid_request', 400, 'The request is malformed.'),
  weakPassword: def('weak_password', 400, 'The password does not meet the password policy.'),
  missingFile: def('missing_file', 400, 'The request has no part named `file`.'),
  emptyFile: def('empty_file', 400, 'The file is empty.'),
  invalidMultipart: def('invalid_multipart', 400, 'The multipart body is malformed.'),
  invalidLinkToken: def('invalid_link_token', 400,
    'This link is not valid: it was used, has expired or was replaced by a newer one. Ask for a new one.'),
  unauthorized: def('unauthorized', 401,
    'Authentication is required: send an `Authorization: Bearer <access token>` header.'),
  invalidToken: def('invalid_token', 401, 'The access token is not valid.'),
  tokenExpired: def('token_expired', 401, 'The access token has expired; refresh it.'),
  invalidRefreshToken: def('invalid_refresh_token', 401, 'The refresh token is not valid or has expired; sign in again.'),
  refreshTokenReused: def('refresh_token_reused', 401,
    'This refresh token was already used; the session has been ended. Sign in again.'),
  invalidCredentials: def('invalid_credentials', 401, 'The login or password is wrong.'),
  forbidden: def('forbidden', 403, 'You are not allowed to do this.'),
  accountDisabled: def('account_disabled', 403, 'This account is disabled.'),
  invalidCsrfToken: def('invalid_csrf_token', 403,
    'A request authenticated by cookie needs the CSRF token in `x-csrf-token` (from signup, login, refresh or GET /v1/auth/csrf).'),
  originNotAllowed: def('origin_not_allowed', 403, 'Requests from this Origin may not use the cookie mode.'),
  emailNotVerified: def('email_not_verified', 403, 'Verify your email address first; ask for a new link if needed.'),
  invalidCurrentPassword: def('invalid_current_password', 403, 'The current password is wrong.'),
  insufficientScope: def('insufficient_scope', 403, 'The token lacks the scope this operation needs.'),
  invalidSignature: def('invalid_signature', 403, 'The signature of this URL does not match; ask for a new signed URL.'),
  signatureExpired: def('signature_expired', 403, 'This signed URL has expired; ask for a new one.'),
  variantNotAllowed: def('variant_not_allowed', 403,
    'Others may ask a public image only for a width from VARIANT_PUBLIC_WIDTHS and a format.'),
  notFound: def('not_found', 404, 'Nothing was found at this address.'),
  methodNotAllowed: def('method_not_allowed', 405, 'This method is not allowed here.'),
  emailTaken: def('email_taken', 409, 'An account with this email already exists.'),
  usernameTaken: def('username_taken', 409, 'This username is taken.'),
  lastAdmin: def('last_admin', 409, 'The last admin cannot be demoted, disabled or deleted; promote another first.'),
  payloadTooLarge: def('payload_too_large', 413, 'The body is larger than this server accepts.'),
  fileTooLarge: def('file_too_large', 413, 'A file exceeds the size limit.'),
  quotaExceeded: def('quota_exceeded', 413, 'This upload would pass your storage quota; delete files first.'),
  tooManyFiles: def('too_many_files', 413, 'Too many files in one request.'),
  unsupportedMediaType: def('unsupported_media_type', 415, 'This content type is not accepted here.'),
  rangeNotSatisfiable: def('range_not_satisfiable', 416, 'The requested range lies outside the content.'),
  invalidImage: def('invalid_image', 422, 'The bytes do not decode as the image type they start with.'),
  imageTooLarge: def('image_too_large', 422, 'The image has more pixels than allowed.'),
  sceneTooComplex: def('scene_too_complex', 422,
    'The scene is over the bounds that keep a render cheap; simplify it (retrying will not help).'),
  rateLimited: def('rate_limited', 429, 'Too many requests; slow down.'),
  accountThrottled: def('account_throttled', 429, 'Too many failed sign-ins for this account; try again later.'),
  internalError: def('internal_error', 500, 'An unexpected error occurred; it has been logged with the request id.'),
  serviceUnavailable: def('service_unavailable', 503, 'The service is unavailable; try again shortly.'),
  insufficientStorage: def('insufficient_storage', 507, 'The server is low on storage; try again later.')
} as const

/** The `title` of a problem document: the status's reason phrase (RFC 9110). */
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
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage'
}

export const problemTitle = (status: number): string => titles[status] ?? 'Error'

export type CodeDefinition = typeof codes[keyof typeof codes]
export type Code = CodeDefinition['code']
export const ALL_CODES = Object.values(codes).map((entry) => entry.code) as Code[]

/**
 * Errors the API answers with on purpose, always made from a catalogue entry.
 * `errors` lists fields, `headers` are sent with the problem document.
 */
export class ApiError extends Error {
  readonly statusCode: number
  readonly code: Code
  readonly errors?: FieldError[]
  /** How many field errors there were, when `errors` lists only the first of them. */
  readonly errorsTotal?: number
  readonly headers?: Record<string, string>

  constructor (definition: CodeDefinition, options: {
    detail?: string, errors?: FieldError[], errorsTotal?: number, headers?: Record<string, string>, cause?: unknown
  } = {}) {
    super(options.detail ?? definition.detail, { cause: options.cause })
    this.name = 'ApiError'
    this.statusCode = definition.status
    this.code = definition.code
    this.errors = options.errors
    this.errorsTotal = options.errorsTotal
    this.headers = options.headers
  }
}

const passwordReasonMessages: Record<string, string> = {
  too_short: 'must be at least 8 characters',
  too_long: 'must be at most 128 characters',
  common: 'is too common',
  matches_identity: 'must not equal the username or email'
}

const bearer = { 'www-authenticate': 'Bearer' }
const bearerError = (error: string, description: string) =>
  ({ 'www-authenticate': `Bearer error="${error}", error_description="${description}"` })
const retryAfter = (seconds: number) => ({ 'retry-after': String(seconds) })
const field = (path: string, message: string) => [{ path, message }]

/** The entries Fastify's own (and its plugins') errors map to, by HTTP status. */
const byStatus: Record<number, CodeDefinition> = {
  400: codes.invalidRequest,
  401: codes.unauthorized,
  403: codes.forbidden,
  404: codes.notFound,
  405: codes.methodNotAllowed,
  413: codes.payloadTooLarge,
  415: codes.unsupportedMediaType,
  429: codes.rateLimited,
  503: codes.serviceUnavailable
}

/** The only place errors are made: one factory per catalogue entry, taking what varies (a limit, fields, headers). */
export const errors = {
  validation: (fieldErrors: FieldError[], detail?: string, errorsTotal?: number) =>
    new ApiError(codes.validationFailed, { detail, errors: fieldErrors, errorsTotal }),
  invalidRequest: (detail: string, cause?: unknown) => new ApiError(codes.invalidRequest, { detail, cause }),
  /** A Fastify or plugin error given one of our codes. */
  fromDefinition: (definition: CodeDefinition, detail: string, cause?: unknown) =>
    new ApiError(definition, { detail, cause }),
  /** A Fastify or plugin error that has a status but no code of ours. */
  fromStatus: (status: number, detail: string, cause?: unknown) =>
    new ApiError(byStatus[status] ?? codes.invalidRequest, { detail, cause }),
  internal: (cause: unknown) => new ApiError(codes.internalError, { cause }),
  weakPassword: (reasons: string[], path = '/password') =>
    new ApiError(codes.weakPassword, {
      errors: reasons.map((reason) => ({ path, message: passwordReasonMessages[reason] ?? reason, code: reason }))
    }),
  unauthorized: () => new ApiError(codes.unauthorized, { headers: bearer }),
  invalidToken: (detail?: string) =>
    new ApiError(codes.invalidToken, { detail, headers: bearerError('invalid_token', 'The access token is not valid') }),
  tokenExpired: () => new ApiError(codes.tokenExpired, { headers: bearerError('invalid_token', 'The access token expired') }),
  invalidRefreshToken: () => new ApiError(codes.invalidRefreshToken),
  refreshTokenReused: () => new ApiError(codes.refreshTokenReused),
  invalidCredentials: () => new ApiError(codes.invalidCredentials),
  forbidden: (detail?: string) => new ApiError(codes.forbidden, { detail }),
  emailNotVerified: () => new ApiError(codes.emailNotVerified),
  accountDisabled: () => new ApiError(codes.accountDisabled),
  invalidCsrfToken: () => new ApiError(codes.invalidCsrfToken),
  originNotAllowed: (origin: string) =>
    new ApiError(codes.originNotAllowed, { detail: `Requests from ${origin} may not use the cookie mode.` }),
  lastAdmin: () => new ApiError(codes.lastAdmin),
  invalidCurrentPassword: () =>
    new ApiError(codes.invalidCurrentPassword, { errors: field('/currentPassword', 'is wrong') }),
  invalidLinkToken: () => new ApiError(codes.invalidLinkToken, { errors: field('/token', 'is not valid') }),
  /** RFC 6750 §3.1: the scope the request needed is named in the challenge. */
  insufficientScope: (scope: string) =>
    new ApiError(codes.insufficientScope, {
      detail: `This token lacks the \`${scope}\` scope.`,
      headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"` }
    }),
  notFound: (detail?: string) => new ApiError(codes.notFound, { detail }),
  methodNotAllowed: (method: string, allowed: string[]) =>
    new ApiError(codes.methodNotAllowed, {
      detail: `${method} is not allowed here; use ${allowed.join(', ')}.`, headers: { allow: allowed.join(', ') }
    }),
  emailTaken: (path = '/email') => new ApiError(codes.emailTaken, { errors: field(path, 'is taken') }),
  usernameTaken: () => new ApiError(codes.usernameTaken, { errors: field('/username', 'is taken') }),
  accountThrottled: (retryAfterSeconds: number) =>
    new ApiError(codes.accountThrottled, { headers: retryAfter(retryAfterSeconds) }),
  rateLimited: (retryAfterSeconds: number) =>
    new ApiError(codes.rateLimited, { detail: `Too many requests; retry in ${retryAfterSeconds} s.` }),
  serviceUnavailable: (detail?: string, retryAfterSeconds = 5) =>
    new ApiError(codes.serviceUnavailable, { detail, headers: retryAfter(retryAfterSeconds) }),
  // Uploads
  missingFile: () => new ApiError(codes.missingFile, { errors: field('/file', 'is required') }),
  emptyFile: (filename: string) =>
    new ApiError(codes.emptyFile, { detail: `The file "${filename}" is empty.`, errors: field('/file', 'is empty') }),
  invalidMultipart: (detail: string) =>
    new ApiError(codes.invalidMultipart, { detail: `The multipart body is malformed: ${detail}` }),
  invalidSignature: () => new ApiError(codes.invalidSignature),
  signatureExpired: () => new ApiError(codes.signatureExpired),
  variantNotAllowed: (detail?: string) => new ApiError(codes.variantNotAllowed, { detail }),
  fileTooLarge: (maxBytes: number) =>
    new ApiError(codes.fileTooLarge, { detail: `A file exceeds the limit of ${maxBytes} bytes.` }),
  /** `max_files`: the count of files, not their bytes, is what the upload would pass. */
  quotaExceeded: (quotaBytes: number, reason?: 'max_files', maxFiles?: number) =>
    reason === 'max_files'
      ? new ApiError(codes.quotaExceeded, {
        detail: `You may keep at most ${maxFiles ?? 0} files; delete some first.`,
        errors: [{ path: '/file', message: `passes the limit of ${maxFiles ?? 0} files`, code: 'max_files' }]
      })
      : new ApiError(codes.quotaExceeded, {
        detail: `This upload would pass your storage quota of ${quotaBytes} bytes; delete files first.`
      }),
  tooManyFiles: (maxFiles: number) =>
    new ApiError(codes.tooManyFiles, { detail: `At most ${maxFiles} files may be sent in one request.` }),
  unsupportedMediaType: (detail?: string) => new ApiError(codes.unsupportedMediaType, { detail }),
  rangeNotSatisfiable: (size: number) =>
    new ApiError(codes.rangeNotSatisfiable, {
      detail: `The requested range lies outside the ${size} bytes of this content.`,
      headers: { 'content-range': `bytes */${size}` }
    }),
  invalidImage: (detail?: string) => new ApiError(codes.invalidImage, { detail }),
  imageTooLarge: (maxPixels: number) =>
    new ApiError(codes.imageTooLarge, { detail: `The image has more than ${maxPixels} pixels.` }),
  insufficientStorage: () => new ApiError(codes.insufficientStorage, { headers: retryAfter(60) }),
  // Image generation
  sceneTooComplex: (over: FieldError[]) => new ApiError(codes.sceneTooComplex, { errors: over })
}
