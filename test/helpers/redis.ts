// The suite's Redis (`TEST_REDIS_URL`): tests that need one run when it is set, and under CI=true its absence
// fails them instead of skipping. Each test gets a key prefix of its own, so files running at once never meet.
import { randomBytes } from 'node:crypto'
import type { Test } from 'tap'
import { Redis } from 'ioredis'

export const testRedisUrl = process.env.TEST_REDIS_URL === '' ? undefined : process.env.TEST_REDIS_URL

/**
 * Options for `t.test` of a test that needs Redis: skipped on a newcomer's machine without TEST_REDIS_URL,
 * never under CI=true (the test then fails on the missing URL instead).
 */
export function needsRedis (): { skip: string | false } {
  if (testRedisUrl !== undefined || process.env.CI === 'true') return { skip: false }
  return { skip: 'TEST_REDIS_URL is not set' }
}

/** The Redis URL, failing the test when it is missing. */
export function requireRedisUrl (t: Test): string {
  if (testRedisUrl === undefined) {
    t.fail('TEST_REDIS_URL is not set (CI=true requires Redis; .ci/run sets redis://127.0.0.1:6379)')
    throw new Error('TEST_REDIS_URL is not set')
  }
  return testRedisUrl
}

/** A key prefix of the test's own; its keys are deleted when the test ends. */
export function redisKeyPrefix (t: Test, url: string): string {
  const prefix = `test:${process.pid}:${randomBytes(4).toString('hex')}:`
  t.teardown(async () => {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
    try {
      await redis.connect()
      let cursor = '0'
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
        if (keys.length > 0) await redis.del(...keys)
        cursor = next
      } while (cursor !== '0')
    } finally {
      redis.disconnect()
    }
  })
  return prefix
}
