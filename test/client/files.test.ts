import t from 'tap'
import type { XhrLike, XhrProgressEvent } from '../../client/src/browser.js'
import { createUserbaseClient, type UploadProgress } from '../../client/src/index.js'
import { png } from '../helpers/files.js'
import { account, apiErrorOf, serve } from '../helpers/client.js'

const shared = serve(t)

/** The server's own PUBLIC_URL is not the test's port: the same path and query, on the port. */
const onPort = (baseUrl: string, url: string) => {
  const parsed = new URL(url)
  return `${baseUrl}${parsed.pathname}${parsed.search}`
}

t.test('an upload from a Blob reports progress up to 100%; the file then loads with the token only', async (t) => {
  const { baseUrl } = await shared
  const client = createUserbaseClient({ baseUrl })
  t.teardown(client.close)
  await client.auth.signUp(account())
  const progress: UploadProgress[] = []

  const [file] = await client.files.upload({ data: new Blob(['hello, world\n']), filename: 'notes.txt' }, {
    onProgress: (event) => { progress.push(event) }
  })
  t.equal(file.filename, 'notes.txt')
  t.equal(file.contentType, 'text/plain')
  t.equal(file.visibility, 'private')
  t.same(progress.at(-1), { loaded: 13, total: 13 })

  const { data: listed } = await client.api.GET('/v1/files', { params: { query: { limit: 10 } } })
  t.same(listed?.items.map((item) => item.id), [file.id])

  t.equal((await fetch(client.files.contentUrl(file.id))).status, 404, 'private: nothing without the token')
  const signed = await client.files.signedUrl(file.id, { expiresIn: 60 })
  t.ok(Date.parse(signed.expiresAt) > Date.now())
  const loaded = await fetch(onPort(baseUrl, signed.url))
  t.equal(loaded.status, 200, 'the signed URL loads without a token')
  t.equal(await loaded.text(), 'hello, world\n')

  const refused = await apiErrorOf(client.files.upload(new Blob([''])))
  t.equal(refused.code, 'empty_file')
  t.equal(refused.errors[0]?.path, '/file')
})

t.test('image variants: public variant URLs and signed variant URLs', async (t) => {
  const { baseUrl } = await shared
  const client = createUserbaseClient({ baseUrl })
  t.teardown(client.close)
  await client.auth.signUp(account())
  const image = new Blob([new Uint8Array(await png(300, 200))], { type: 'image/png' })

  const [file] = await client.files.upload([image], { visibility: 'public' })
  t.equal(file.width, 300)
  const url = client.files.contentUrl(file.id, { format: 'webp', w: 128 })
  t.equal(url, `${baseUrl}/v1/files/${file.id}/content?w=128&format=webp`)
  const variant = await fetch(url)
  t.equal(variant.status, 200)
  t.equal(variant.headers.get('content-type'), 'image/webp')

  const signed = await client.files.signedUrl(file.id, { variant: { w: 100, h: 100, fit: 'cover', format: 'png' } })
  const square = await fetch(onPort(baseUrl, signed.url))
  t.equal(square.status, 200)
  t.equal(square.headers.get('content-type'), 'image/png')
})

/** An XMLHttpRequest over fetch, reporting upload progress in two steps, as a browser does for a body. */
function fakeXhr () {
  const sent: Array<string | null> = []
  class FakeXhr implements XhrLike {
    withCredentials = false
    status = 0
    statusText = ''
    responseText = ''
    upload: { onprogress: ((event: XhrProgressEvent) => void) | null } = { onprogress: null }
    onload: (() => void) | null = null
    onerror: (() => void) | null = null
    onabort: (() => void) | null = null
    #url = ''
    #headers = new Headers()
    #response: Response | undefined
    open (_method: string, url: string) { this.#url = url }
    setRequestHeader (name: string, value: string) { this.#headers.set(name, value) }
    getResponseHeader (name: string) { return this.#response?.headers.get(name) ?? null }
    abort () { this.onabort?.() }
    send (body: FormData) {
      sent.push(this.#headers.get('authorization'))
      this.#transfer(body).catch(() => { this.onerror?.() })
    }

    async #transfer (body: FormData) {
      const bytes = await new Response(body).arrayBuffer()
      this.upload.onprogress?.({ loaded: bytes.byteLength / 2, total: bytes.byteLength, lengthComputable: true })
      this.upload.onprogress?.({ loaded: bytes.byteLength, total: bytes.byteLength, lengthComputable: true })
      const response = await fetch(this.#url, { method: 'POST', headers: this.#headers, body })
      this.#response = response
      this.status = response.status
      this.statusText = response.statusText
      this.responseText = await response.text()
      this.onload?.()
    }
  }
  return { FakeXhr, sent }
}

t.test('where XMLHttpRequest exists the upload goes through it, with progress as the bytes leave', async (t) => {
  const { baseUrl } = await shared
  const { FakeXhr, sent } = fakeXhr()
  const globals = globalThis as { XMLHttpRequest?: unknown }
  globals.XMLHttpRequest = FakeXhr
  t.teardown(() => { delete globals.XMLHttpRequest })
  const client = createUserbaseClient({ baseUrl })
  t.teardown(client.close)
  const session = await client.auth.signUp(account())
  const progress: UploadProgress[] = []

  const files = await client.files.upload([new Blob(['one']), new Blob(['two'])], {
    onProgress: (event) => { progress.push(event) }
  })
  t.equal(files.length, 2)
  t.same(sent, [`Bearer ${session.accessToken}`])
  t.ok(progress.length >= 2 && progress[0].loaded < progress[0].total, 'progress before the end')
  t.same(progress.at(-1), { loaded: 6, total: 6 }, 'and 100% at the end')

  const aborted = new AbortController()
  aborted.abort(new Error('changed my mind'))
  await t.rejects(client.files.upload(new Blob(['x']), { signal: aborted.signal }), { message: 'changed my mind' })

  const refused = await apiErrorOf(client.files.upload(new Blob([''])))
  t.equal(refused.code, 'empty_file')
  t.match(refused.requestId, /\S/)
})
