import { browser } from './browser.js'

// Without the Web Locks API (Node, old browsers) the lock holds within this JavaScript realm only: clients
// in one page or process still refresh one at a time, and tabs racing each other are covered by the
// server, which answers a spent refresh token replayed within REFRESH_REUSE_INTERVAL with the live one.
const held = new Map<string, Promise<unknown>>()

async function realmLock<T> (name: string, work: () => Promise<T>): Promise<T> {
  const previous = held.get(name) ?? Promise.resolve()
  const run = previous.then(work, work)
  const tail = run.catch(() => undefined)
  held.set(name, tail)
  try {
    return await run
  } finally {
    if (held.get(name) === tail) held.delete(name)
  }
}

/** Runs `work` holding the exclusive lock `name`: across tabs with navigator.locks, else within this realm. */
export async function withLock<T> (name: string, work: () => Promise<T>): Promise<T> {
  const locks = browser.navigator?.locks
  return locks === undefined ? await realmLock(name, work) : await locks.request(name, work)
}
