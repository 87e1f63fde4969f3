// The Redis-backed counters on their own: shared between two connections ("nodes") while Redis is ready,
// this process's memory when it is not, and memory again for a command Redis refuses.
import type { FastifyBaseLogger } from 'fastify'
import { Redis } from 'ioredis'
import t, { type Test } from 'tap'
import { createMemoryAttemptLimiter, sharedAttemptLimiters } from '../../src/redis/attempt-limiter.js'
import { connectSharedState, unsharedState, type SharedState } from '../../src/redis/connection.js'
import { sharedRateLimitStore } from '../../src/redis/rate-limit-store.js'
import type { FastifyRateLimitStore } from '@fastify/rate-limit'
import { needsRedis, redisKeyPrefix, requireRedisUrl } from '../helpers/redis.js'

interface Node { shared: SharedState, warnings: string[] }

async function node (t: Test, url: string, keyPrefix: string): Promise<Node> {
  const warnings: string[] = []
  const log = {
    warn: (_details: unknown, message: string) => { warnings.push(message) }, info () {}, debug () {}, error () {}
  }
  const shared = connectSharedState({ url, keyPrefix, log: log as unknown as FastifyBaseLogger })
  t.teardown(() => { shared.close() })
  t.ok(await shared.waitUntilReady(2000), 'connected')
  return { shared, warnings }
}

async function nodes (t: Test): Promise<{ a: Node, b: Node, direct: Redis, prefix: string }> {
  const url = requireRedisUrl(t)
  const prefix = redisKeyPrefix(t, url)
  const direct = new Redis(url, { keyPrefix: prefix })
  t.teardown(() => { direct.disconnect() })
  return { a: await node(t, url, prefix), b: await node(t, url, prefix), direct, prefix }
}

const incr = async (store: FastifyRateLimitStore, key: string, windowMs = 60_000, max = 10) =>
  await new Promise<{ current: number, ttl: number }>((resolve, reject) => {
    store.incr(key, (error, result) => {
      if (error !== null || result === undefined) reject(error)
      else resolve(result)
    }, windowMs, max)
  })

const route = (method: string, url: string) => ({ routeInfo: { method, url } }) as never

t.test('the rate-limit store counts in Redis across nodes, one key space per route', needsRedis(), async (t) => {
  const { a, b, direct } = await nodes(t)
  const storeA = new (sharedRateLimitStore(a.shared))({})
  const storeB = new (sharedRateLimitStore(b.shared))({})
  t.equal((await incr(storeA, '192.0.2.1')).current, 1)
  const second = await incr(storeB, '192.0.2.1')
  t.equal(second.current, 2, 'the other node continues the count')
  t.ok(second.ttl > 59_000 && second.ttl <= 60_000, 'and reads the window\'s time left')
  t.equal(await direct.get('rate-limit:global:192.0.2.1'), '2')

  const loginA = storeA.child(route('POST', '/v1/auth/login'))
  const loginB = storeB.child(route('POST', '/v1/auth/login'))
  const signup = storeA.child(route('POST', '/v1/auth/signup'))
  t.equal((await incr(loginA, '192.0.2.1')).current, 1, 'a route\'s limit counts apart from the global one')
  t.equal((await incr(loginB, '192.0.2.1')).current, 2)
  t.equal((await incr(signup, '192.0.2.1')).current, 1, 'and from another route\'s')
  const perUser = storeA.child({} as never)
  t.equal((await incr(perUser, 'images:u1')).current, 1, 'createRateLimit\'s limiters have a space of their own')

  const short = await incr(storeA, 'short', 200)
  t.equal(short.ttl, 200)
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal((await incr(storeB, 'short', 200)).current, 1, 'an expired window starts afresh')
})

t.test('without a ready Redis the store counts in this process', needsRedis(), async (t) => {
  const store = new (sharedRateLimitStore(unsharedState))({})
  t.same([(await incr(store, 'k')).current, (await incr(store, 'k')).current], [1, 2], 'no REDIS_URL: memory')

  const { a } = await nodes(t)
  const storeA = new (sharedRateLimitStore(a.shared))({})
  t.equal((await incr(storeA, 'k')).current, 1)
  a.shared.close()
  t.notOk(a.shared.isReady())
  const counts = [(await incr(storeA, 'k')).current, (await incr(storeA, 'k')).current]
  t.same(counts, [1, 2], 'Redis gone: this node\'s own count')
})

t.test('a command Redis refuses is counted in memory for that request', needsRedis(), async (t) => {
  const { a, direct } = await nodes(t)
  const store = new (sharedRateLimitStore(a.shared))({})
  await direct.hset('rate-limit:global:broken', 'not', 'a counter') // INCR now fails with WRONGTYPE
  t.match(await incr(store, 'broken'), { current: 1, ttl: 60_000 }, 'an answer, not an error')
  t.equal((await incr(store, 'broken')).current, 2)
  t.equal(a.warnings.length, 1, 'logged once')
  t.equal((await incr(store, 'fine')).current, 1, 'other keys still count in Redis')
  t.equal(await direct.get('rate-limit:global:fine'), '1')
})

t.test('attempt limiters count failures across nodes, with hashed keys', needsRedis(), async (t) => {
  const { a, b, direct, prefix } = await nodes(t)
  const now = () => new Date()
  const onA = sharedAttemptLimiters(a.shared)('login-texts', { max: 2, windowSeconds: 60, now })
  const onB = sharedAttemptLimiters(b.shared)('login-texts', { max: 2, windowSeconds: 60, now })
  const other = sharedAttemptLimiters(b.shared)('mail-requests', { max: 2, windowSeconds: 60, now })
  t.equal(await onA.fail('ann@example.com'), 0)
  t.equal(await onB.blockedFor('ann@example.com'), 0)
  t.equal(await onB.fail('ann@example.com'), 60, 'the second failure, on the other node, blocks')
  t.equal(await onA.blockedFor('ann@example.com'), 60)
  t.equal(await other.blockedFor('ann@example.com'), 0, 'another limiter\'s count is its own')
  const keys = await direct.keys(`${prefix}attempts:*`)
  t.equal(keys.length, 1)
  t.notMatch(keys[0], /ann|example/, 'the login text is not in the key')
  await onA.reset('ann@example.com')
  t.equal(await onB.blockedFor('ann@example.com'), 0, 'a reset on one node clears it for all')

  const takes = await Promise.all([onA, onB, onA, onB, onA].map(async (limiter) => await limiter.take('mails:u1')))
  t.equal(takes.filter(Boolean).length, 2, 'take(): at most `max` attempts pass, however they race across nodes')
})

t.test('attempt limiters fall back to memory when Redis is away or refuses', needsRedis(), async (t) => {
  const { a, direct, prefix } = await nodes(t)
  const limiter = sharedAttemptLimiters(a.shared)('login-texts', { max: 2, windowSeconds: 60, now: () => new Date() })
  t.equal(await limiter.fail('bob'), 0)
  // KEYS answers full names; commands take them without the prefix, which ioredis adds.
  const [key] = (await direct.keys(`${prefix}attempts:*`)).map((name) => name.slice(prefix.length))
  await direct.del(key)
  await direct.hset(key, 'not', 'a counter') // a wrong type: Redis refuses the script's INCR
  t.equal(await limiter.fail('bob'), 0, 'a refused command counts in memory')
  t.equal(await limiter.fail('bob'), 60, 'where the limit still applies')
  t.equal(await limiter.blockedFor('bob'), 60)
  t.equal(a.warnings.length, 1, 'logged once')

  a.shared.close()
  t.equal(await limiter.fail('carol'), 0, 'Redis gone: memory')
  t.equal(await limiter.fail('carol'), 60)
  t.same([await limiter.take('dave'), await limiter.take('dave'), await limiter.take('dave')], [true, true, false])
  await limiter.reset('carol')
  t.equal(await limiter.blockedFor('carol'), 0)
})

t.test('the memory limiter keeps its fixed windows on the given clock', async (t) => {
  let at = 0
  const limiter = createMemoryAttemptLimiter({ max: 2, windowSeconds: 10, now: () => new Date(at), maxKeys: 2 })
  await limiter.fail('x')
  t.equal(await limiter.fail('x'), 10)
  at = 4000
  t.equal(await limiter.blockedFor('x'), 6)
  at = 10_000
  t.equal(await limiter.blockedFor('x'), 0, 'the window is over')
  await limiter.fail('y')
  await limiter.fail('z')
  await limiter.fail('w')
  t.equal(await limiter.fail('w'), 10, 'past maxKeys the oldest entries go, the newest count')
})
