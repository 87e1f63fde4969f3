import { ApiError, createUserbaseClient } from '@userbase/client'

/** The API's origin: VITE_API_URL when the app was built, else the one `npm run spa` starts. */
export const apiUrl = import.meta.env.VITE_API_URL ?? 'http://localhost:3000'

// Cookie mode: the refresh token lives in an HttpOnly cookie, so nothing secret is kept in JavaScript and a
// reload stays signed in. The server must run with REFRESH_TOKEN_COOKIE=true and list this origin in CORS_ORIGINS.
export const userbase = createUserbaseClient({ baseUrl: apiUrl, mode: 'cookie' })

interface Answer<T> { data?: T, error?: unknown, response: Response }

/** Nothing for a raw client's success (`userbase.api.*`, a 204 too); its problem thrown as an ApiError. */
export function expectOk (answer: Answer<unknown>): void {
  if (!answer.response.ok) throw ApiError.fromResponse(answer.response, answer.error)
}

/** The data of a raw client's answer with a body, or its problem thrown as an ApiError. */
export function dataOf<T> (answer: Answer<T>): T {
  expectOk(answer)
  if (answer.data === undefined) throw new Error(`${answer.response.url} answered ${answer.response.status} with no body`)
  return answer.data
}
