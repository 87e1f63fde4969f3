// A session read before a logout, finishing after it, put the ended session back in the cache as live.
import t from 'tap'
import type { PrismaClient } from '../../src/generated/prisma/client.js'
import { createSessionStatusCache } from '../../src/plugins/session-status-cache.js'
import { testClock } from '../helpers/build.js'

t.test('a load that started before an invalidation never wins', async (t) => {
  const clock = testClock()
  let reads = 0
  let revoked = false
  let release: (() => void) | undefined
  const at = clock.now()
  const expiresAt = new Date(at.getTime() + 3600_000)
  const row = () => ({ userId: 'u1', expiresAt, lastRefreshedAt: at, revokedAt: revoked ? at : null, user: { id: 'u1', role: 'user' } })
  const prisma = {
    session: {
      findUnique: async () => {
        reads++
        const snapshot = row() // read before the logout...
        if (reads === 1) await new Promise<void>((resolve) => { release = resolve })
        return snapshot // ...and returned after it
      }
    }
  } as unknown as PrismaClient
  const cache = createSessionStatusCache({ prisma, now: clock.now, policy: { sessionIdleTimeout: 3600 } })

  const pending = cache.get('s1')
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(reads, 1, 'the load has read the row and is held')
  revoked = true
  cache.invalidate('s1') // the logout
  release?.()
  t.ok(await pending, 'the request that raced the logout saw the session live')
  t.equal(await cache.get('s1'), null, 'the next request reads afresh and sees it ended')
  t.equal(reads, 2)
})
