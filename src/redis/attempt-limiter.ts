/**
 * Counts failures per key in fixed windows (failed logins per account). Kept in
 * process: with several nodes each counts its own, which a shared store can
 * replace behind this same interface.
 */
export interface AttemptLimiter {
  /** Seconds until the key may try again; 0 when it may now. */
  blockedFor: (key: string) => number
  fail: (key: string) => void
  reset: (key: string) => void
}

export function createAttemptLimiter ({ max, windowSeconds, now, maxKeys = 100_000 }: {
  max: number
  windowSeconds: number
  now: () => Date
  maxKeys?: number
}): AttemptLimiter {
  const windows = new Map<string, { failures: number, resetAt: number }>()

  function current (key: string, at: number) {
    const entry = windows.get(key)
    if (entry === undefined || entry.resetAt <= at) return undefined
    return entry
  }

  return {
    blockedFor (key) {
      const at = now().getTime()
      const entry = current(key, at)
      return entry !== undefined && entry.failures >= max ? Math.ceil((entry.resetAt - at) / 1000) : 0
    },
    fail (key) {
      const at = now().getTime()
      const entry = current(key, at)
      if (entry !== undefined) {
        entry.failures++
        return
      }
      if (windows.size >= maxKeys) {
        for (const [staleKey, stale] of windows) if (stale.resetAt <= at) windows.delete(staleKey)
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string)
      }
      windows.set(key, { failures: 1, resetAt: at + windowSeconds * 1000 })
    },
    reset (key) {
      windows.delete(key)
    }
  }
}
