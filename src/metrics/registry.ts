// The app's Prometheus metrics, defined in this one place. Each app has a
// registry of its own (tests build many apps in one process, and two must never
// share a counter); the process metrics (CPU, memory, event loop, GC) describe
// the process, so they are collected once per process and merged in at scrape.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

const PREFIX = 'userbase_'

export type LoginOutcome = 'ok' | 'failed' | 'throttled'
/** Which limit refused a request: the app-wide per-IP one, a route's own per-IP one, or a per-user one. */
export type RateLimitName = 'global' | 'route' | 'user'
export type MailFailure = 'retry' | 'gave_up'
export type CacheName = 'session_status' | 'image_render'

/** What the sampled gauges read at scrape time; the plugins that own the numbers fill these in. */
export interface MetricSources {
  renderPool?: () => { running: number, queued: number }
  outboxPending?: () => Promise<number>
}

/** A cache's lookups as plain numbers: the hot path pays one increment, the counter catches up at scrape. */
export interface LookupTally { hit: number, miss: number }

let processRegistry: Registry | undefined

/**
 * The process metrics, made on first use. prom-client's event-loop monitor and GC observer cannot be
 * stopped, so making them per app would leave one more of each running for every app a test builds.
 */
function processMetrics (): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry })
  }
  return processRegistry
}

export function createMetrics () {
  const registry = new Registry()
  const registers = [registry]
  const sources: MetricSources = {}
  const cacheLookups: Record<CacheName, LookupTally> = {
    session_status: { hit: 0, miss: 0 },
    image_render: { hit: 0, miss: 0 }
  }

  const metrics = {
    registry,
    sources,
    cacheLookups,
    httpDuration: new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'Time to answer an HTTP request, by method, route pattern ("unmatched" for no route) and status code.',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers
    }),
    logins: new Counter({
      name: `${PREFIX}logins_total`,
      help: 'Login attempts by outcome: ok (200), failed (401: wrong login or password), throttled (429).',
      labelNames: ['outcome'] as const,
      registers
    }),
    refreshTokenReuse: new Counter({
      name: `${PREFIX}refresh_token_reuse_total`,
      help: 'Spent refresh tokens replayed after the grace interval: the session was ended (possible token theft).',
      registers
    }),
    rateLimited: new Counter({
      name: `${PREFIX}rate_limited_requests_total`,
      help: 'Requests refused with 429 rate_limited, by the limit that refused them (global, route or user).',
      labelNames: ['limit'] as const,
      registers
    }),
    renderQueueWait: new Histogram({
      name: `${PREFIX}render_queue_wait_seconds`,
      help: 'Time a render job waited for a slot of the render pool (0 when one was free).',
      buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers
    }),
    uploadedBytes: new Counter({
      name: `${PREFIX}upload_bytes_total`,
      help: 'Bytes of files stored (uploads and generated images kept as files), counted once their rows are written.',
      registers
    }),
    mailFailures: new Counter({
      name: `${PREFIX}mail_delivery_failures_total`,
      help: 'Failed mail delivery attempts: retry (a temporary failure, tried again later) or gave_up (failed for good).',
      labelNames: ['outcome'] as const,
      registers
    })
  }

  // Sampled at scrape time: nothing is kept up to date on the way.
  const renderJobs = (state: 'running' | 'queued') => new Gauge({
    name: `${PREFIX}render_jobs_${state}`,
    help: state === 'running' ? 'Render jobs holding a slot of the render pool.' : 'Render jobs waiting for a slot.',
    registers,
    collect () {
      const load = sources.renderPool?.()
      if (load === undefined) this.reset()
      else this.set(load[state])
    }
  })
  renderJobs('running')
  renderJobs('queued')

  const outboxPending = new Gauge({
    name: `${PREFIX}mail_outbox_pending`,
    help: 'Mail messages waiting in the outbox (not yet sent nor failed for good).',
    registers,
    async collect () {
      try {
        if (sources.outboxPending === undefined) outboxPending.reset()
        else outboxPending.set(await sources.outboxPending())
      } catch {
        outboxPending.reset() // the database is away: no figure rather than a stale one
      }
    }
  })

  new Counter({ // eslint-disable-line no-new
    name: `${PREFIX}cache_lookups_total`,
    help: 'Cache lookups by cache (session_status, image_render) and result (hit, miss).',
    labelNames: ['cache', 'result'] as const,
    registers,
    collect () {
      this.reset()
      for (const [cache, tally] of Object.entries(cacheLookups)) {
        this.inc({ cache, result: 'hit' }, tally.hit)
        this.inc({ cache, result: 'miss' }, tally.miss)
      }
    }
  })

  return {
    ...metrics,
    /** The `onLookup` callback of a cache: it counts into the cache's tally. */
    lookupCounter (cache: CacheName): (hit: boolean) => void {
      const tally = cacheLookups[cache]
      return function countLookup (hit) {
        if (hit) tally.hit++
        else tally.miss++
      }
    },
    contentType: registry.contentType,
    /** The Prometheus text of this app's metrics and the process's. */
    async exposition (): Promise<string> {
      return await Registry.merge([processMetrics(), registry]).metrics()
    }
  }
}

export type Metrics = ReturnType<typeof createMetrics>
