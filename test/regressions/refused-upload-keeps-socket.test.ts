// An upload refused before its body was read was answered keep-alive with the rest of the body unread: the next
// request on that socket hung.
import { connect, type AddressInfo, type Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { build } from '../helpers/build.js'
import { filePart, multipart, png, type Part } from '../helpers/files.js'
import { signUp } from '../helpers/users.js'

const MiB = 1024 * 1024

interface Exchange {
  status: number | undefined
  /** What became of the socket after the refusal: closed by the server, or it answered a GET /health. */
  after: 'closed' | 'reused' | 'hung'
}

const RESPONSE_HEAD = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n/

/** The first complete response in `text`, and where it ends. */
function firstResponse (text: string): { status: number, end: number } | undefined {
  const head = RESPONSE_HEAD.exec(text)
  if (head === null) return undefined
  const length = Number(/^content-length: *(\d+)/im.exec(head[2])?.[1] ?? 0)
  const end = head[0].length + length
  return text.length >= end ? { status: Number(head[1]), end } : undefined
}

async function until (condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return true
}

/** Sends the whole request on a keep-alive socket, reads the refusal, then tries the same socket again. */
async function refuseThenReuse (
  port: number,
  method: string,
  url: string,
  token: string,
  parts: Part[]
): Promise<Exchange> {
  const body = multipart(parts)
  const socket: Socket = connect(port, '127.0.0.1')
  let received = ''
  let closed = false
  socket.on('data', (chunk) => { received += chunk.toString('latin1') })
  socket.on('error', () => {}) // a reset or EPIPE while we still write counts as closed
  socket.on('close', () => { closed = true })
  socket.on('end', () => { closed = true })
  await new Promise((resolve) => socket.once('connect', resolve))
  try {
    socket.write([
      `${method} ${url} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: keep-alive', `Authorization: Bearer ${token}`,
      `Content-Type: ${body.headers['content-type']}`, `Content-Length: ${body.payload.length}`, '', ''
    ].join('\r\n'))
    socket.write(body.payload)
    await until(() => firstResponse(received) !== undefined || closed, 5000)
    const first = firstResponse(received)
    if (closed) return { status: first?.status, after: 'closed' }
    if (first === undefined) return { status: undefined, after: 'hung' }
    socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)
    const settled = await until(() => closed || firstResponse(received.slice(first.end)) !== undefined, 1000)
    const second = firstResponse(received.slice(first.end))
    return { status: first.status, after: second?.status === 200 ? 'reused' : settled && closed ? 'closed' : 'hung' }
  } finally {
    socket.destroy()
  }
}

async function serve (
  t: Test,
  options: Parameters<typeof build>[1]
): Promise<{ app: FastifyInstance, port: number, token: string }> {
  const app = await build(t, options)
  const { accessToken } = await signUp(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, port: (app.server.address() as AddressInfo).port, token: accessToken }
}

const text = (bytes: number) => 'x'.repeat(bytes)

t.test('every early refusal of an upload leaves the connection usable or closes it, never hanging', async (t) => {
  const pngHead = await png(16, 16)
  const fakeImage = (bytes: number) => Buffer.concat([pngHead, Buffer.alloc(bytes)])
  const small = await serve(t, { config: { uploadMaxBytes: MiB } })
  const quota = await serve(t, { config: { uploadQuotaBytes: MiB } })
  const cases: Array<[string, typeof small, string, string, Part[], number]> = [
    ['file_too_large', small, 'POST', '/v1/files', [filePart(text(3 * MiB), 'big.txt', 'text/plain')], 413],
    ['quota_exceeded', quota, 'POST', '/v1/files', [filePart(text(10 * MiB), 'big.txt', 'text/plain')], 413],
    ['refused type', quota, 'POST', '/v1/files', [filePart(text(3 * MiB), 'page.html', 'text/html')], 415],
    ['disallowed field', quota, 'POST', '/v1/files', [{ name: 'other', filename: 'a.txt', contentType: 'text/plain', content: text(3 * MiB) }], 400],
    ['avatar file_too_large', small, 'PUT', '/v1/me/avatar', [filePart(fakeImage(3 * MiB), 'me.png', 'image/png')], 413],
    ['avatar refused type', quota, 'PUT', '/v1/me/avatar', [filePart(text(3 * MiB), 'me.txt', 'text/plain')], 415],
    ['avatar disallowed field', quota, 'PUT', '/v1/me/avatar', [{ name: 'other', filename: 'a.png', contentType: 'image/png', content: fakeImage(3 * MiB) }], 400]
  ]
  for (const [label, server, method, url, parts, status] of cases) {
    const exchange = await refuseThenReuse(server.port, method, url, server.token, parts)
    t.equal(exchange.status, status, `${label}: refused with ${status} (got ${String(exchange.status)})`)
    t.not(exchange.after, 'hung', `${label}: the socket was ${exchange.after}`)
  }
})
