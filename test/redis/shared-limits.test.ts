// Two app instances on one database and one Redis count every limit together: requests split across both
// reach 429 at the shared max (each alone would allow twice as many).
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import type { Config } from '../../src/config.js'
import { build } from '../helpers/build.js'
import { needsRedis, redisKeyPrefix, requireRedisUrl } from '../helpers/redis.js'
import { signIn, signUp } from '../helpers/users.js'

async function twoNodes (t: Test, config: Partial<Config>): Promise<[FastifyInstance, FastifyInstance]> {
  const redisUrl = requireRedisUrl(t)
  const shared = { ...config, redisUrl, redisKeyPrefix: redisKeyPrefix(t, redisUrl) }
  const a = await build(t, { config: shared })
  const b = await build(t, { databaseUrl: a.config.databaseUrl, config: shared })
  t.ok(a.sharedState.isReady() && b.sharedState.isReady(), 'both nodes are connected once built')
  return [a, b]
}

t.test('the auth routes\' per-IP limit counts across nodes', needsRedis(), async (t) => {
  const [a, b] = await twoNodes(t, { authRateLimitMax: 4 })
  const statuses: number[] = []
  for (let i = 0; i < 6; i++) {
    statuses.push((await signIn(i % 2 === 0 ? a : b, `nobody${i}@example.com`, 'wrong password')).statusCode)
  }
  t.same(statuses, [401, 401, 401, 401, 429, 429])
})

t.test('the global per-IP limit counts across nodes', needsRedis(), async (t) => {
  const [a, b] = await twoNodes(t, { rateLimitMax: 3 })
  const statuses: number[] = []
  for (let i = 0; i < 5; i++) statuses.push((await (i % 2 === 0 ? a : b).inject({ url: '/v1/nothing' })).statusCode)
  t.same(statuses, [404, 404, 404, 429, 429])
})

t.test('the per-account login throttle counts across nodes', needsRedis(), async (t) => {
  const [a, b] = await twoNodes(t, { loginAccountRateLimitMax: 3 })
  const account = await signUp(a)
  for (const node of [a, b, a]) t.equal((await signIn(node, account.user.email, 'wrong password')).statusCode, 401)
  const throttled = await signIn(b, account.user.email, account.password)
  t.equal(throttled.statusCode, 429, 'the other node refuses even the right password')
  t.equal(throttled.json().code, 'account_throttled')
  t.equal((await signIn(a, account.user.username, account.password)).statusCode, 200, 'the username counts apart')
})

t.test('the per-account mail limit counts across nodes', needsRedis(), async (t) => {
  const [a, b] = await twoNodes(t, { mailAccountRateLimitMax: 2 })
  const account = await signUp(a)
  const resetMails = async () => await a.prisma.outboxMessage.count({ where: { template: 'reset-password' } })
  const forgot = async (node: FastifyInstance) =>
    (await node.inject({ method: 'POST', url: '/v1/auth/password/forgot', payload: { email: account.user.email } })).statusCode
  // At once, on both nodes: the check and the count are one step in Redis.
  t.same(await Promise.all([a, b, a, b, a, b].map(forgot)), [202, 202, 202, 202, 202, 202])
  // The mails are written after the answers: wait for them, then for any stragglers.
  const deadline = Date.now() + 3000
  while (await resetMails() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.equal(await resetMails(), 2, 'two mails in all, not two per node')
})
