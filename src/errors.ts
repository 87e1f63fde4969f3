/** One invalid field: `path` is a JSON Pointer to the property. */
export interface FieldError {
  path: string
  message: string
  code?: string
}

/**
 * Errors the API answers with on purpose. The `code` is a public contract;
 * `errors` lists fields, `headers` are sent with the problem document.
 */
export class ApiError extends Error {
  readonly statusCode: number
  readonly code: string
  readonly errors?: FieldError[]
  readonly headers?: Record<string, string>

  constructor (statusCode: number, code: string, detail: string, options: { errors?: FieldError[], headers?: Record<string, string>, cause?: unknown } = {}) {
    super(detail, { cause: options.cause })
    this.name = 'ApiError'
    this.statusCode = statusCode
    this.code = code
    this.errors = options.errors
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

export const errors = {
  validation: (errors: FieldError[], detail = 'The request is not valid.') =>
    new ApiError(400, 'validation_failed', detail, { errors }),
  weakPassword: (reasons: string[]) =>
    new ApiError(400, 'weak_password', 'The password does not meet the password policy.', {
      errors: reasons.map((reason) => ({ path: '/password', message: passwordReasonMessages[reason] ?? reason, code: reason }))
    }),
  unauthorized: () => new ApiError(401, 'unauthorized', 'Authentication is required: send an `Authorization: Bearer <access token>` header.', { headers: bearer }),
  invalidToken: (detail = 'The access token is not valid.') =>
    new ApiError(401, 'invalid_token', detail, { headers: bearerError('invalid_token', 'The access token is not valid') }),
  tokenExpired: () =>
    new ApiError(401, 'token_expired', 'The access token has expired; refresh it.', { headers: bearerError('invalid_token', 'The access token expired') }),
  invalidRefreshToken: () => new ApiError(401, 'invalid_refresh_token', 'The refresh token is not valid or has expired; sign in again.'),
  refreshTokenReused: () => new ApiError(401, 'refresh_token_reused', 'This refresh token was already used; the session has been ended. Sign in again.'),
  invalidCredentials: () => new ApiError(401, 'invalid_credentials', 'The login or password is wrong.'),
  forbidden: (detail = 'You are not allowed to do this.') => new ApiError(403, 'forbidden', detail),
  notFound: (detail = 'Nothing was found at this address.') => new ApiError(404, 'not_found', detail),
  emailTaken: () => new ApiError(409, 'email_taken', 'An account with this email already exists.', { errors: [{ path: '/email', message: 'is taken' }] }),
  usernameTaken: () => new ApiError(409, 'username_taken', 'This username is taken.', { errors: [{ path: '/username', message: 'is taken' }] }),
  accountThrottled: (retryAfterSeconds: number) =>
    new ApiError(429, 'account_throttled', 'Too many failed sign-ins for this account; try again later.', { headers: { 'retry-after': String(retryAfterSeconds) } }),
  rateLimited: (retryAfterSeconds: number) =>
    new ApiError(429, 'rate_limited', `Too many requests; retry in ${retryAfterSeconds} s.`),
  serviceUnavailable: (detail: string, retryAfterSeconds = 5) =>
    new ApiError(503, 'service_unavailable', detail, { headers: { 'retry-after': String(retryAfterSeconds) } }),
  // Uploads
  missingFile: () => new ApiError(400, 'missing_file', 'The request has no part named `file`.', { errors: [{ path: '/file', message: 'is required' }] }),
  emptyFile: (filename: string) => new ApiError(400, 'empty_file', `The file "${filename}" is empty.`, { errors: [{ path: '/file', message: 'is empty' }] }),
  invalidMultipart: (detail: string) => new ApiError(400, 'invalid_multipart', `The multipart body is malformed: ${detail}`),
  invalidSignature: () => new ApiError(403, 'invalid_signature', 'The signature of this URL does not match; ask for a new signed URL.'),
  signatureExpired: () => new ApiError(403, 'signature_expired', 'This signed URL has expired; ask for a new one.'),
  fileTooLarge: (maxBytes: number) => new ApiError(413, 'file_too_large', `A file exceeds the limit of ${maxBytes} bytes.`),
  quotaExceeded: (quotaBytes: number) => new ApiError(413, 'quota_exceeded', `This upload would pass your storage quota of ${quotaBytes} bytes; delete files first.`),
  tooManyFiles: (maxFiles: number) => new ApiError(413, 'too_many_files', `At most ${maxFiles} files may be sent in one request.`),
  unsupportedMediaType: (detail: string) => new ApiError(415, 'unsupported_media_type', detail),
  rangeNotSatisfiable: (size: number) =>
    new ApiError(416, 'range_not_satisfiable', `The requested range lies outside the ${size} bytes of this content.`, { headers: { 'content-range': `bytes */${size}` } }),
  invalidImage: (detail = 'The bytes do not decode as the image type they start with.') => new ApiError(422, 'invalid_image', detail),
  imageTooLarge: (maxPixels: number) => new ApiError(422, 'image_too_large', `The image has more than ${maxPixels} pixels.`),
  // Image generation
  sceneTooComplex: (over: FieldError[]) =>
    new ApiError(422, 'scene_too_complex', 'The scene is over the bounds that keep a render cheap; simplify it (retrying will not help).', { errors: over })
}
