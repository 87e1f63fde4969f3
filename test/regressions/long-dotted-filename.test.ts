// A file name of a long run of dots (or spaces) not ending the name made sanitizeFilename's /[.\s]+$/ quadratic:
// one 60,000-dot name froze the event loop for seconds.
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { build } from '../helpers/build.js'
import { filePart, multipart } from '../helpers/files.js'
import { bearer, signUp } from '../helpers/users.js'

t.test('an upload named with 60,000 dots between two letters is answered in under 1 s; /health keeps answering', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`
  const send = async (filename: string) => {
    const body = multipart([filePart('hello', filename, 'text/plain')])
    return await fetch(`${base}/v1/files`, { method: 'POST', headers: { ...body.headers, ...bearer(accessToken) }, body: body.payload })
  }
  t.equal((await send('warm-up.txt')).status, 201, 'a first upload warms the route up (modules load on first use)')

  const state = { uploading: true }
  let worstHealthMs = 0
  const probe = (async () => {
    while (state.uploading) {
      const started = performance.now()
      const health = await fetch(`${base}/health`)
      await health.arrayBuffer()
      worstHealthMs = Math.max(worstHealthMs, performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  })()

  for (const [label, filler] of [['dots', '.'], ['spaces', ' '], ['letters', 'x']] as const) {
    const started = performance.now()
    const response = await send(`a${filler.repeat(60_000)}b`)
    const elapsed = performance.now() - started
    const answer = await response.json() as { files?: Array<{ filename: string }>, code?: string }
    t.ok(response.status === 201 || (response.status === 400 && answer.code === 'validation_failed'),
      `${label}: stored or refused (${response.status} ${JSON.stringify(answer).slice(0, 200)})`)
    if (response.status === 201) {
      const filename = answer.files?.[0].filename ?? ''
      t.ok(filename.length <= 255 && filename.startsWith('a') && !filename.endsWith('.'), `${label}: stored sanitised`)
    }
    t.ok(elapsed < 1000, `${label}: answered in ${elapsed.toFixed(0)} ms`)
  }
  state.uploading = false
  await probe
  t.ok(worstHealthMs < 500, `GET /health answered within ${worstHealthMs.toFixed(0)} ms throughout`)
})
