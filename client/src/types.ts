// Every type here is read from the generated document through operation ids, so a renamed component
// schema in openapi.yaml changes nothing for the SDK's users.
import type { operations } from './schema.js'

type JsonOf<R> = R extends { content: { 'application/json': infer Body } } ? Body : never
type ProblemOf<R> = R extends { content: { 'application/problem+json': infer Body } } ? Body : never
type RequestJson<O> = O extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never

/** An RFC 9457 problem document as the API sends it. */
export type Problem = ProblemOf<operations['signup']['responses'][keyof operations['signup']['responses']]>
/** The catalogue of error codes (src/errors.ts), as the document types them. */
export type ProblemCode = Problem['code']
export type FieldError = NonNullable<Problem['errors']>[number]

/** What signup, login and refresh answer. */
export type AuthAnswer = JsonOf<operations['login']['responses'][200]>
export type User = JsonOf<operations['getMe']['responses'][200]>
export type FileObject = JsonOf<operations['getFile']['responses'][200]>
export type SignUpInput = RequestJson<operations['signup']>
export type SignInInput = RequestJson<operations['login']>
/** What PATCH /v1/me changes. */
export type UserChanges = RequestJson<operations['updateMe']>
export type SignedUrlOptions = RequestJson<operations['createSignedFileUrl']>
export type SignedUrl = JsonOf<operations['createSignedFileUrl']['responses'][200]>
/** Image variant parameters (`?w=&h=&fit=&format=&q=`). */
export type Variant = NonNullable<SignedUrlOptions['variant']>
export type Visibility = FileObject['visibility']
/** What POST /v1/images draws (and POST /v1/images/files keeps). */
export type Scene = RequestJson<operations['generateImage']>
