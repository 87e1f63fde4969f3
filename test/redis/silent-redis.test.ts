// A Redis that stops answering while its connection stays open (a partition, a stopped server): ioredis keeps
// the connection, so one command times out, and then Redis is left alone until a PING gets through.
import t from 'tap'
import { build } from '../helpers/build.js'
import { freePort, logLines as lines, startRedis, timed, until } from '../helpers/redis-server.js'
import { needsRedis, requireRedisUrl } from '../helpers/redis.js'

t.test('a Redis that stops answering but keeps its connection open holds no request past its timeout', needsRedis(), async (t) => {
  requireRedisUrl(t)
  const port = await freePort()
  const redis = await startRedis(t, port)
  const logs: string[] = []
  const app = await build(t, { logs, config: { redisUrl: `redis://127.0.0.1:${port}`, rateLimitMax: 3 } })
  const get = async () => await timed(async () => (await app.inject({ url: '/v1/nothing' })).statusCode)
  t.equal((await get()).value, 404)

  redis.kill('SIGSTOP') // the socket stays open; nothing answers
  t.teardown(() => { redis.kill('SIGCONT') })
  const first = await get()
  t.equal(first.value, 404)
  t.ok(first.ms < 1000, `the first request waits for the command timeout only (${Math.round(first.ms)} ms)`)
  const next = [await get(), await get(), await get()]
  t.same(next.map((answer) => answer.value), [404, 404, 429], 'then counted in memory: the limit still applies')
  for (const answer of next) t.ok(answer.ms < 450, `without waiting on Redis (${Math.round(answer.ms)} ms)`)
  t.same((await app.inject({ url: '/ready' })).json(), { status: 'degraded', redis: 'unavailable' })

  redis.kill('SIGCONT')
  await until('Redis to be used again', 5000, () => app.sharedState.isReady())
  t.same((await app.inject({ url: '/ready' })).json(), { status: 'ready' })
  const logged = lines(logs).map((line) => line.msg)
  t.equal(logged.filter((msg) => msg.startsWith('Redis is unavailable')).length, 1)
  t.equal(logged.filter((msg) => msg.startsWith('Redis is available again')).length, 1)
})
