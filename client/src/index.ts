export { createUserbaseClient, variantQuery, type UserbaseClient, type UserbaseClientOptions } from './client.js'
export { ApiError, isApiError, parseRetryAfter, type ApiErrorInit } from './errors.js'
export type { AuthEvent, AuthListener, AuthMode, Session } from './session.js'
export { memoryStorage, type StorageLike, type StorageOption } from './storage.js'
export type { UploadItem, UploadOptions, UploadProgress } from './uploads.js'
export type {
  AuthAnswer, FieldError, FileObject, Problem, ProblemCode, Scene, SignedUrl, SignedUrlOptions, SignInInput,
  SignUpInput, User, UserChanges, Variant, Visibility
} from './types.js'
export type { paths, operations, components } from './schema.js'
