import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { SEED_SCENE } from '../../src/features/images/schemas.js'
import { build } from '../helpers/build.js'
import { filePart, uploadOk } from '../helpers/files.js'
import { assertProblem, logLines } from '../helpers/platform.js'
import { bearer, signIn, signUp } from '../helpers/users.js'

const TOKEN = 'metrics-token-0123456789abcdef'

async function scrape (app: FastifyInstance, headers: Record<string, string> = {}): Promise<string> {
  const response = await app.inject({ method: 'GET', url: '/metrics', headers })
  if (response.statusCode !== 200) throw new Error(`GET /metrics: ${response.statusCode} ${response.body}`)
  return response.body
}

/** The value of the sample `name` whose labels include `labels`, or undefined when there is none. */
function sample (text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line)
    if (match === null || match[1] !== name) continue
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]))
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3])
  }
  return undefined
}

t.test('open in the test environment: the app metrics and the process metrics', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: '/metrics' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/plain; version=0\.0\.4/)
  for (const family of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds',
    'nodejs_heap_size_used_bytes', 'userbase_render_jobs_running', 'userbase_render_jobs_queued',
    'userbase_mail_outbox_pending']) {
    t.not(sample(response.body, family), undefined, family)
  }
  t.equal(sample(response.body, 'userbase_cache_lookups_total', { cache: 'session_status', result: 'hit' }), 0)
  t.match(response.body, '# TYPE userbase_http_request_duration_seconds histogram')
})

t.test('METRICS_TOKEN set: a scrape needs it as a bearer token', async (t) => {
  const app = await build(t, { config: { metricsToken: TOKEN } })
  assertProblem(t, await app.inject({ method: 'GET', url: '/metrics' }), 401, 'unauthorized', 'no token')
  assertProblem(t, await app.inject({ method: 'GET', url: '/metrics', headers: bearer(`${TOKEN}x`) }),
    401, 'invalid_token', 'a wrong token')
  assertProblem(t, await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: TOKEN } }),
    401, 'unauthorized', 'not a bearer')
  t.equal((await app.inject({ method: 'GET', url: '/metrics', headers: bearer(TOKEN) })).statusCode, 200, 'the token')
})

t.test('production: off without a token (404 as an unknown address), on with one', async (t) => {
  const off = await build(t, { config: { nodeEnv: 'production' } })
  assertProblem(t, await off.inject({ method: 'GET', url: '/metrics' }), 404, 'not_found')
  const on = await build(t, { config: { nodeEnv: 'production', metricsToken: TOKEN } })
  assertProblem(t, await on.inject({ method: 'GET', url: '/metrics' }), 401, 'unauthorized')
  t.equal((await on.inject({ method: 'GET', url: '/metrics', headers: bearer(TOKEN) })).statusCode, 200)
})

t.test('never rate limited, never logged, not in its own histogram; 429s of the global limit counted', async (t) => {
  const logs: string[] = []
  const app = await build(t, { config: { rateLimitMax: 3 }, logs })
  for (let index = 0; index < 6; index++) {
    t.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200, `scrape ${index + 1}`)
  }
  t.notOk(logLines(logs).some((line) => JSON.stringify(line).includes('/metrics')), 'no log line about /metrics')

  const statuses = []
  for (let index = 0; index < 4; index++) statuses.push((await app.inject({ method: 'GET', url: '/nowhere' })).statusCode)
  t.same(statuses, [404, 404, 404, 429])
  t.ok(logLines(logs).some((line) => JSON.stringify(line).includes('/nowhere')), 'other requests are logged')

  const text = await scrape(app)
  t.equal(sample(text, 'userbase_rate_limited_requests_total', { limit: 'global' }), 1)
  const unmatched = { method: 'GET', route: 'unmatched' }
  t.equal(sample(text, 'userbase_http_request_duration_seconds_count', { ...unmatched, status_code: '404' }), 3)
  t.equal(sample(text, 'userbase_http_request_duration_seconds_count', { ...unmatched, status_code: '429' }), 1)
  t.equal(sample(text, 'userbase_http_request_duration_seconds_count', { route: '/metrics' }), undefined)
  t.notMatch(text, '/nowhere', 'raw URLs are never labels')
})

t.test('each metric family after it is exercised', async (t) => {
  const app = await build(t, { config: { authRateLimitMax: 3, refreshReuseInterval: 0, imageRateLimitMax: 1 } })
  // Three sign-ups: the signup route's own limit (3) is spent.
  const [account, other, uploader] = [await signUp(app), await signUp(app), await signUp(app)]

  // Sign-ins: ok, failed, then the route's own per-IP limit (3).
  t.equal((await signIn(app, account.user.username, account.password)).statusCode, 200)
  t.equal((await signIn(app, account.user.username, 'wrong password!')).statusCode, 401)
  t.equal((await signIn(app, account.user.username, account.password)).statusCode, 200)
  t.equal((await signIn(app, account.user.username, account.password)).statusCode, 429)

  // A refresh token replayed (no grace interval): reuse.
  const refresh = async (refreshToken: string) =>
    await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })
  t.equal((await refresh(account.refreshToken)).statusCode, 200)
  assertProblem(t, await refresh(account.refreshToken), 401, 'refresh_token_reused')

  // The session status cache: the first lookup of a new session reads it, the next ones are hits.
  for (let index = 0; index < 3; index++) {
    t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(other.accessToken) })).statusCode, 200)
  }

  // A render, then the same image from the cache; a per-user limit (1).
  const placeholder = '/v1/images/placeholder/20x10.png'
  t.equal((await app.inject({ method: 'GET', url: placeholder })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: placeholder })).statusCode, 200)
  const draw = async () =>
    (await app.inject({ method: 'POST', url: '/v1/images', headers: bearer(other.accessToken), payload: SEED_SCENE }))
  t.equal((await draw()).statusCode, 200)
  t.equal((await draw()).statusCode, 429)

  // An upload of 11 bytes.
  await uploadOk(app, uploader.accessToken, [filePart('hello world', 'a.txt', 'text/plain')])

  // Two messages waiting (due later, so the sender leaves them).
  const later = new Date(Date.now() + 3600_000)
  for (const to of ['a@example.com', 'b@example.com']) {
    await app.prisma.outboxMessage.create({
      data: { ...app.mail.message(to, 'verify-email', { username: 'a', link: 'x' }), nextAttemptAt: later }
    })
  }

  const text = await scrape(app)
  t.equal(sample(text, 'userbase_logins_total', { outcome: 'ok' }), 2)
  t.equal(sample(text, 'userbase_logins_total', { outcome: 'failed' }), 1)
  t.equal(sample(text, 'userbase_logins_total', { outcome: 'throttled' }), 1)
  t.equal(sample(text, 'userbase_refresh_token_reuse_total'), 1)
  t.equal(sample(text, 'userbase_rate_limited_requests_total', { limit: 'route' }), 1)
  t.equal(sample(text, 'userbase_rate_limited_requests_total', { limit: 'user' }), 1)
  t.equal(sample(text, 'userbase_rate_limited_requests_total', { limit: 'global' }), undefined)
  t.ok((sample(text, 'userbase_cache_lookups_total', { cache: 'session_status', result: 'hit' }) ?? 0) >= 2)
  t.ok((sample(text, 'userbase_cache_lookups_total', { cache: 'session_status', result: 'miss' }) ?? 0) >= 1)
  t.equal(sample(text, 'userbase_cache_lookups_total', { cache: 'image_render', result: 'hit' }), 1)
  t.equal(sample(text, 'userbase_cache_lookups_total', { cache: 'image_render', result: 'miss' }), 2)
  t.equal(sample(text, 'userbase_render_queue_wait_seconds_count'), 2, 'each render waited for its slot (or not)')
  t.equal(sample(text, 'userbase_upload_bytes_total'), 11)
  t.equal(sample(text, 'userbase_mail_outbox_pending'), 2)
  t.equal(sample(text, 'userbase_http_request_duration_seconds_count',
    { method: 'GET', route: '/v1/me', status_code: '200' }), 3)
  t.equal(sample(text, 'userbase_http_request_duration_seconds_count',
    { method: 'GET', route: '/v1/images/placeholder/:width(^[^x./]{1,10})x:height(^[^x./]{1,10}).:format' }), 2,
  'the route pattern, never the path')
  t.notMatch(text, account.user.id, 'no user ids')
})

t.test('failed mail deliveries are counted', async (t) => {
  // Nothing listens on port 1: every attempt fails with a connection error, retried later.
  const app = await build(t, { config: { smtpUrl: 'smtp://127.0.0.1:1' } })
  await app.prisma.outboxMessage.create({ data: app.mail.message('a@example.com', 'verify-email', { username: 'a', link: 'x' }) })
  await app.mail.flush()
  const text = await scrape(app)
  t.equal(sample(text, 'userbase_mail_delivery_failures_total', { outcome: 'retry' }), 1)
  t.equal(sample(text, 'userbase_mail_outbox_pending'), 1, 'still pending')
})

t.test('two apps in one process share no counters', async (t) => {
  const [first, second] = [await build(t), await build(t)]
  const account = await signUp(first)
  t.equal((await signIn(first, account.user.username, account.password)).statusCode, 200)
  t.equal(sample(await scrape(first), 'userbase_logins_total', { outcome: 'ok' }), 1)
  t.equal(sample(await scrape(second), 'userbase_logins_total', { outcome: 'ok' }), undefined)
  t.not(sample(await scrape(second), 'process_cpu_user_seconds_total'), undefined, 'both show the process metrics')
})
