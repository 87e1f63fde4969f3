// Redis going away under a running app: requests keep being served at once with per-node limits, /ready
// says degraded (200), one warning is logged; when Redis is back the app reconnects by itself and counts in
// Redis again. The Redis here is a redis-server of the test's own, so it can be killed and restarted.
import { once } from 'node:events'
import { Redis } from 'ioredis'
import t from 'tap'
import { build } from '../helpers/build.js'
import { freePort, logLines as lines, startRedis, timed, until } from '../helpers/redis-server.js'
import { needsRedis, requireRedisUrl } from '../helpers/redis.js'
import { signIn, signUp, bearer } from '../helpers/users.js'

t.test('Redis stopped and restarted under a running app', needsRedis(), async (t) => {
  requireRedisUrl(t)
  const port = await freePort()
  let redis = await startRedis(t, port)
  const logs: string[] = []
  const app = await build(t, {
    logs,
    config: { redisUrl: `redis://127.0.0.1:${port}`, redisKeyPrefix: 'outage:', authRateLimitMax: 3 }
  })
  const ready = async () => (await app.inject({ url: '/ready' })).json<{ status: string, redis?: string }>()
  const wrongLogin = async () => await timed(async () => (await signIn(app, 'nobody@example.com', 'wrong')).statusCode)
  const counted = async () => {
    const direct = new Redis(port, '127.0.0.1', { keyPrefix: 'outage:', maxRetriesPerRequest: 1 })
    try {
      return Number(await direct.get('rate-limit:POST /v1/auth/login:127.0.0.1') ?? 0)
    } finally {
      direct.disconnect()
    }
  }

  t.same(await ready(), { status: 'ready' })
  const account = await signUp(app)
  t.equal((await wrongLogin()).value, 401)
  t.equal(await counted(), 1, 'the login route counts in Redis')

  redis.kill('SIGKILL')
  await once(redis, 'exit')
  await until('the app to notice', 2000, () => !app.sharedState.isReady())

  t.same(await ready(), { status: 'degraded', redis: 'unavailable' }, '/ready: 200 degraded, not 503')
  const during = [await wrongLogin(), await wrongLogin(), await wrongLogin(), await wrongLogin()]
  t.same(during.map((answer) => answer.value), [401, 401, 401, 429], 'the limit still applies, counted on this node')
  for (const answer of during) t.ok(answer.ms < 1000, `answered in ${Math.round(answer.ms)} ms`)
  const me = await timed(async () => await app.inject({ url: '/v1/me', headers: bearer(account.accessToken) }))
  t.equal(me.value.statusCode, 200, 'signed-in requests are served')
  t.ok(me.ms < 1000)
  const logout = await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(account.accessToken) })
  t.equal(logout.statusCode, 204, 'a logout is not held by the invalidation it cannot publish')
  t.equal((await app.inject({ url: '/v1/me', headers: bearer(account.accessToken) })).statusCode, 401)
  const forgot = await app.inject({ method: 'POST', url: '/v1/auth/password/forgot', payload: { email: account.user.email } })
  t.equal(forgot.statusCode, 202, 'the mail limit counts in memory')

  const warnings = () => lines(logs).filter((line) => line.level === 40 && line.msg.startsWith('Redis is unavailable'))
  await new Promise((resolve) => setTimeout(resolve, 1500)) // several reconnection attempts fail meanwhile
  t.equal(warnings().length, 1, 'the outage is logged once (at most once a minute)')

  redis = await startRedis(t, port)
  await until('the app to reconnect', 5000, () => app.sharedState.isReady())
  t.same(await ready(), { status: 'ready' }, '/ready is back to ready')
  t.ok(lines(logs).some((line) => line.level === 30 && line.msg.startsWith('Redis is available again')), 'and logged')
  t.equal((await wrongLogin()).value, 401, 'counting is back in Redis (this node\'s memory is at its limit)')
  t.equal(await counted(), 1, 'in the restarted, empty Redis')
  const direct = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 })
  t.teardown(() => { direct.disconnect() })
  const message = JSON.stringify({ from: 'another node', drop: 'all' })
  await until('the app to subscribe again', 5000, async () => await direct.publish('outage:session-status', message) === 1)
  t.pass('the invalidation channel is subscribed again')
})

t.test('an app whose Redis is away from the start serves, says degraded, and closes at once', needsRedis(), async (t) => {
  requireRedisUrl(t)
  const port = await freePort()
  const logs: string[] = []
  const app = await build(t, { logs, config: { redisUrl: `redis://127.0.0.1:${port}`, authRateLimitMax: 2 } })
  t.same((await app.inject({ url: '/ready' })).json(), { status: 'degraded', redis: 'unavailable' })
  const statuses = []
  for (let i = 0; i < 3; i++) statuses.push((await signIn(app, 'nobody@example.com', 'wrong')).statusCode)
  t.same(statuses, [401, 401, 429])
  t.ok(lines(logs).some((line) => line.level === 40 && line.msg.startsWith('Redis is unavailable')))
  const close = await timed(async () => { await app.close() })
  t.ok(close.ms < 1000, `closed in ${Math.round(close.ms)} ms`)
})
