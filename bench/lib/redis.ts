// Whether the bench can use a Redis (for the two-node rows): one PING, bounded in time.
import { Redis } from 'ioredis'

export async function redisReachable (url: string): Promise<{ reachable: boolean, reason?: string }> {
  const redis = new Redis(url, {
    lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null
  })
  try {
    await redis.connect()
    await redis.ping()
    return { reachable: true }
  } catch (error) {
    return { reachable: false, reason: (error as Error).message }
  } finally {
    redis.disconnect()
  }
}
