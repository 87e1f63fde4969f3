// A private file's `url` in an <img> on the SPA's origin failed as an opaque "blocked by CORP" error: the 401,
// 403 or 404 of a content route carried helmet's `Cross-Origin-Resource-Policy: same-origin`, which only the
// success path replaced. Every answer of a route that serves bytes is now cross-origin readable and sandboxed.
import t from 'tap'
import { build } from '../helpers/build.js'

const contentHeaders = {
  'cross-origin-resource-policy': 'cross-origin',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox"
}
const missing = '3f0e8a6e-1c1e-4c1e-9a59-1b0f3c2d4e5f'

t.test('the refusals of every content route carry the content headers', async (t) => {
  const app = await build(t)
  const refusals = [
    { url: `/v1/files/${missing}/content`, status: 404 },
    { url: `/v1/files/${missing}/content`, headers: { authorization: 'Bearer forged' }, status: 401 },
    { url: `/v1/files/${missing}/content?expires=1&sig=abc`, status: 403 },
    { url: `/v1/avatars/${missing}`, status: 404 },
    { url: '/v1/images/placeholder/0x0.png', status: 400 },
    { url: '/v1/images/avatar/seed.png?size=1', status: 400 },
    { url: '/v1/images', method: 'POST' as const, status: 401 }
  ]
  for (const { url, method = 'GET' as const, headers = {}, status } of refusals) {
    const response = await app.inject({ method, url, headers })
    t.equal(response.statusCode, status, `${method} ${url}: ${status}`)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(response.headers, contentHeaders, `${method} ${url}: readable from other origins, sandboxed`)
  }
})

t.test('JSON routes keep the strict same-origin policy', async (t) => {
  const app = await build(t)
  for (const url of ['/v1/me', `/v1/files/${missing}`, '/health']) {
    const response = await app.inject({ url })
    t.equal(response.headers['cross-origin-resource-policy'], 'same-origin', url)
  }
})
