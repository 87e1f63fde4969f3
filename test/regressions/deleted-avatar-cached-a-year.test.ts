// A deleted (or replaced) avatar stayed in shared caches for a year: its URL was sent `max-age=31536000, immutable`.
import t from 'tap'
import { build } from '../helpers/build.js'
import { filePart, multipart, png } from '../helpers/files.js'
import { bearer, signUp } from '../helpers/users.js'

t.test('GET /v1/avatars/{id} may be cached for a day at most, so a deletion leaves caches within a day', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const body = multipart([filePart(await png(40, 40), 'me.png', 'image/png')])
  const put = await app.inject({ method: 'PUT', url: '/v1/me/avatar', headers: { ...body.headers, ...bearer(accessToken) }, payload: body.payload })
  t.equal(put.statusCode, 200)
  const path = new URL(put.json().avatarUrl).pathname

  const loaded = await app.inject({ method: 'GET', url: path })
  t.equal(loaded.statusCode, 200)
  t.equal(loaded.headers['cache-control'], 'public, max-age=86400', 'a day, and not immutable')

  t.equal((await app.inject({ method: 'DELETE', url: '/v1/me/avatar', headers: bearer(accessToken) })).statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url: path })).statusCode, 404, 'gone at the origin')
})
