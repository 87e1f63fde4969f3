import t from 'tap'
import { ApiError, parseRetryAfter } from '../../client/src/index.js'

t.test('Retry-After: delay-seconds or an HTTP date, in seconds from now', async (t) => {
  const now = Date.parse('2026-01-01T00:00:00Z')
  t.equal(parseRetryAfter('120', now), 120)
  t.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30)
  t.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0, 'a date in the past: now')
  t.equal(parseRetryAfter('soon', now), undefined)
  t.equal(parseRetryAfter(null, now), undefined)
})

t.test('an answer that is not a problem document (a proxy\'s page) still gives a typed ApiError', async (t) => {
  const badGateway = new Response('<html>Bad gateway</html>', {
    status: 502, statusText: 'Bad Gateway', headers: { 'x-request-id': 'abc' }
  })
  const error = ApiError.fromResponse(badGateway, '<html>Bad gateway</html>')
  t.equal(error.status, 502)
  t.equal(error.code, 'internal_error')
  t.equal(error.detail, 'Bad Gateway')
  t.equal(error.requestId, 'abc')
  t.same(error.errors, [])

  const busy = ApiError.fromResponse(new Response(null, { status: 503, headers: { 'retry-after': '5' } }), undefined)
  t.equal(busy.code, 'service_unavailable')
  t.equal(busy.retryAfter, 5)
  t.equal(ApiError.fromResponse(new Response(null, { status: 418 }), undefined).code, 'invalid_request')
})
