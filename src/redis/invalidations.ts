import { randomUUID } from 'node:crypto'
import type { SharedState } from './connection.js'

/** What a cache of this node drops on request: one entry, a user's entries, or everything. */
export interface Invalidations {
  invalidate: (id: string) => void
  invalidateUser: (userId: string) => void
  invalidateAll: () => void
}

type Drop = { drop: 'entry' | 'user', id: string } | { drop: 'all' }
type Message = { from: string } & Drop

/**
 * The cache with its invalidations told to every node (pub/sub on `channelName`) and theirs applied
 * here. A message lost while Redis is away leaves the other nodes' copies to expire with the cache's
 * own lifetime, which is what bounds the lag then.
 */
export function shareInvalidations<T extends Invalidations> (cache: T, shared: SharedState, channelName: string): T {
  if (shared.client === null) return cache
  const node = randomUUID()
  const channel = shared.channel(channelName)

  shared.subscribe(channel, (text) => {
    let message: Message
    try {
      message = JSON.parse(text) as Message
    } catch {
      return
    }
    if (message.from === node) return
    if (message.drop === 'all') cache.invalidateAll()
    else if (message.drop === 'user') cache.invalidateUser(message.id)
    else if (message.drop === 'entry') cache.invalidate(message.id)
  })
  const tell = (message: Drop) => { shared.publish(channel, JSON.stringify({ from: node, ...message })) }

  // The cache's other members (reads, counters) are its own, reached through the prototype.
  const wrapped: Invalidations = {
    invalidate (id) {
      cache.invalidate(id)
      tell({ drop: 'entry', id })
    },
    invalidateUser (userId) {
      cache.invalidateUser(userId)
      tell({ drop: 'user', id: userId })
    },
    invalidateAll () {
      cache.invalidateAll()
      tell({ drop: 'all' })
    }
  }
  return Object.assign(Object.create(cache) as T, wrapped)
}
