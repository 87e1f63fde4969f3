/**
 * Concurrent calls with one key share one run: the first caller's `work` runs,
 * later callers get its promise until it settles. For expensive work whose
 * result is the same for everyone asking (a render, a variant).
 */
export function createSingleflight<T> () {
  const inFlight = new Map<string, Promise<T>>()
  return {
    async run (key: string, work: () => Promise<T>): Promise<T> {
      let pending = inFlight.get(key)
      if (pending === undefined) {
        pending = work().finally(() => inFlight.delete(key))
        inFlight.set(key, pending)
      }
      return await pending
    },
    /** Whether a run for `key` is under way (its callers pay nothing new). */
    has: (key: string) => inFlight.has(key)
  }
}
