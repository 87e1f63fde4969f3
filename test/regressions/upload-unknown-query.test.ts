// The upload and avatar routes skipped validation of everything, the query string included: ?anything=1 was accepted.
import t from 'tap'
import { build } from '../helpers/build.js'
import { filePart, multipart, png } from '../helpers/files.js'
import { assertProblem } from '../helpers/platform.js'
import { bearer, signUp } from '../helpers/users.js'

t.test('an unknown query parameter on POST /v1/files or PUT /v1/me/avatar is a 400, like everywhere else', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  for (const [method, url] of [['POST', '/v1/files'], ['PUT', '/v1/me/avatar']] as const) {
    const body = multipart([filePart(await png(), 'me.png', 'image/png')])
    const response = await app.inject({ method, url: `${url}?surprise=1`, headers: { ...body.headers, ...bearer(accessToken) }, payload: body.payload })
    assertProblem(t, response, 400, 'validation_failed', `${method} ${url}?surprise=1`)
    const plain = await app.inject({
      method, url, headers: { ...body.headers, ...bearer(accessToken) }, payload: body.payload
    })
    t.ok(plain.statusCode < 300, `${method} ${url} without the parameter still works (${plain.statusCode})`)
  }
})
