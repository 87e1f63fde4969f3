// autocannon, programmatically, plus the ABBA pairing that keeps a ratio fair
// on a machine whose background load drifts during the run.
import autocannon from 'autocannon'

export interface LoadOptions {
  url: string
  method?: 'GET' | 'POST'
  connections: number
  seconds: number
  body?: string
  headers?: Record<string, string>
  /** A fixed request rate over all connections (a latency probe), instead of as fast as possible. */
  overallRate?: number
  /** Runs once per connection: give each connection its own token or body. */
  setupClient?: (client: autocannon.Client) => void
  requests?: autocannon.Request[]
}

export interface Measure {
  reqPerSec: number
  /** Milliseconds; over several rounds, the highest round's figure. */
  p50: number
  p99: number
  requests: number
  non2xx: number
  /** Socket errors and timeouts. */
  errors: number
  seconds: number
  rounds: number
}

export async function load (options: LoadOptions): Promise<Measure> {
  const post = options.method === 'POST'
  const settings: autocannon.Options = {
    url: options.url,
    method: options.method ?? 'GET',
    connections: options.connections,
    duration: options.seconds,
    headers: { ...(post ? { 'content-type': 'application/json' } : {}), ...options.headers }
  }
  // autocannon reads these keys when present, even when undefined.
  if (options.body !== undefined) settings.body = options.body
  if (options.overallRate !== undefined) settings.overallRate = options.overallRate
  if (options.setupClient !== undefined) settings.setupClient = options.setupClient
  if (options.requests !== undefined) settings.requests = options.requests
  const result = await autocannon(settings)
  return {
    reqPerSec: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
    rounds: 1
  }
}

/** Rounds of one target combined: throughput over the whole time, the worst round's latencies. */
export function merge (rounds: Measure[]): Measure {
  const sum = (pick: (measure: Measure) => number) => rounds.reduce((total, measure) => total + pick(measure), 0)
  const seconds = sum((measure) => measure.seconds)
  return {
    reqPerSec: sum((measure) => measure.requests) / seconds,
    p50: Math.max(...rounds.map((measure) => measure.p50)),
    p99: Math.max(...rounds.map((measure) => measure.p99)),
    requests: sum((measure) => measure.requests),
    non2xx: sum((measure) => measure.non2xx),
    errors: sum((measure) => measure.errors),
    seconds,
    rounds: sum((measure) => measure.rounds)
  }
}

/**
 * Baseline, app, app, baseline: each side gets two half-length rounds, so a
 * background load that rises or falls during the pair weighs on both alike.
 * With a `second` app (the app on PostgreSQL): baseline, app, second, second,
 * app, baseline, which is as symmetric for every pair of the three.
 */
export async function abba<T> (
  baseline: () => Promise<T>,
  app: () => Promise<T>,
  second?: () => Promise<T>
): Promise<{ baseline: T[], app: T[], second: T[] }> {
  const b1 = await baseline()
  const a1 = await app()
  if (second === undefined) {
    const a2 = await app()
    const b2 = await baseline()
    return { baseline: [b1, b2], app: [a1, a2], second: [] }
  }
  const s1 = await second()
  const s2 = await second()
  const a2 = await app()
  const b2 = await baseline()
  return { baseline: [b1, b2], app: [a1, a2], second: [s1, s2] }
}
