import type { Client } from 'openapi-fetch'
import { browser, type XhrLike } from './browser.js'
import { ApiError } from './errors.js'
import type { paths } from './schema.js'
import type { SessionManager } from './session.js'
import type { FileObject, Visibility } from './types.js'
import { codeOf } from './util.js'

/** A Blob or File, or a Blob with the name to give it. */
export type UploadItem = Blob | { data: Blob, filename: string }

export interface UploadProgress {
  loaded: number
  total: number
}

export interface UploadOptions {
  visibility?: Visibility
  /** Browsers report as the bytes leave; where XMLHttpRequest is missing (Node) once, at the end. */
  onProgress?: (progress: UploadProgress) => void
  signal?: AbortSignal
}

type UploadBody = NonNullable<paths['/v1/files']['post']['requestBody']>['content']['multipart/form-data']

function formOf (items: UploadItem[], visibility: Visibility | undefined): { form: FormData, size: number } {
  const form = new FormData()
  if (visibility !== undefined) form.append('visibility', visibility)
  let size = 0
  for (const item of items) {
    const [blob, filename] = item instanceof Blob
      ? [item, (item as Blob & { name?: unknown }).name]
      : [item.data, item.filename]
    form.append('file', blob, typeof filename === 'string' ? filename : 'blob')
    size += blob.size
  }
  return { form, size }
}

interface UploaderOptions {
  api: Client<paths>
  baseUrl: string
  session: SessionManager
  now: () => number
}

/** POST /v1/files from Blobs, with progress: fetch cannot report an upload's progress, XMLHttpRequest can. */
export function createUploader ({ api, baseUrl, session, now }: UploaderOptions) {
  async function withFetch (form: FormData, size: number, options: UploadOptions): Promise<FileObject[]> {
    // The typed client: its middleware sends the token and retries once after a refresh.
    const { data, error, response } = await api.POST('/v1/files', {
      body: form as unknown as UploadBody,
      bodySerializer: (body: unknown) => body,
      signal: options.signal
    })
    if (data === undefined) throw ApiError.fromResponse(response, error, now())
    options.onProgress?.({ loaded: size, total: size })
    return data.files
  }

  function send (Xhr: new () => XhrLike, form: FormData, token: string | null, options: UploadOptions) {
    return new Promise<Response>((resolve, reject) => {
      const xhr = new Xhr()
      const signal = options.signal
      const onAbort = () => { xhr.abort() }
      const settle = () => { signal?.removeEventListener('abort', onAbort) }
      xhr.open('POST', `${baseUrl}/v1/files`)
      if (token !== null) xhr.setRequestHeader('authorization', `Bearer ${token}`)
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) options.onProgress?.({ loaded: event.loaded, total: event.total })
      }
      xhr.onload = () => {
        settle()
        const headers = new Headers()
        for (const name of ['content-type', 'retry-after', 'x-request-id']) {
          const value = xhr.getResponseHeader(name)
          if (value !== null) headers.set(name, value)
        }
        resolve(new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers }))
      }
      xhr.onerror = () => { settle(); reject(new TypeError('The upload failed: network error')) }
      xhr.onabort = () => { settle(); reject(signal?.reason ?? new Error('The upload was aborted')) }
      if (signal?.aborted === true) { reject(signal.reason); return }
      signal?.addEventListener('abort', onAbort)
      xhr.send(form)
    })
  }

  async function withXhr (Xhr: new () => XhrLike, form: FormData, size: number, options: UploadOptions) {
    const token = await session.accessToken()
    let response = await send(Xhr, form, token, options)
    let body: unknown = await response.clone().json().catch(() => undefined)
    if (response.status === 401 && token !== null && codeOf(body) === 'token_expired') {
      const renewed = await session.tokenAfterExpiry(token)
      if (renewed !== null) {
        response = await send(Xhr, form, renewed, options)
        body = await response.clone().json().catch(() => undefined)
      }
    }
    if (!response.ok) throw ApiError.fromResponse(response, body, now())
    options.onProgress?.({ loaded: size, total: size })
    return (body as { files: FileObject[] }).files
  }

  return async function upload (items: UploadItem | UploadItem[], options: UploadOptions = {}): Promise<FileObject[]> {
    const { form, size } = formOf(Array.isArray(items) ? items : [items], options.visibility)
    const Xhr = browser.XMLHttpRequest
    return Xhr === undefined ? await withFetch(form, size, options) : await withXhr(Xhr, form, size, options)
  }
}
