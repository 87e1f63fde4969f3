// Rendering: SVG to pixels with sharp (libvips + librsvg) in child processes
// (see render-processes.ts), at most IMAGE_MAX_CONCURRENCY at once with a
// short queue, shared fairly between clients (then 503, see render-pool.ts),
// and remembered in a byte-bounded LRU keyed by a hash of the input, so a
// repeated avatar or placeholder costs no render.
import { createHash } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import sharp from 'sharp'
import type { Config } from '../../config.js'
import { formatNamed } from '../../media/formats.js'
import type { RenderClient, RenderPool } from '../../media/render-pool.js'
import { createSingleflight } from '../../media/singleflight.js'
import { createRenderProcesses } from './render-processes.js'
import type { ImageFormat } from './schemas.js'

/** Bump when the drawing code changes what a scene looks like: it is part of every ETag. */
const RENDER_VERSION = `1/${sharp.versions.vips}`

export interface RenderJob { svg: string, format: ImageFormat, quality: number }

export interface Rendered {
  bytes: Buffer
  contentType: string
  /** Strong: the same input gives the same bytes. */
  etag: string
  width: number
  height: number
}

/** A stable text for any JSON value: object keys sorted, so equal scenes hash alike. */
export function canonicalJson (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** The ETags of a renderer drawing with the fonts of `fontFingerprint`: other fonts draw other bytes. */
export const etagFor = (fontFingerprint: string) => (key: unknown) =>
  `"${createHash('sha256').update(`${RENDER_VERSION}/${fontFingerprint}`).update(canonicalJson(key)).digest('hex').slice(0, 40)}"`

export interface RendererFonts { configFile?: string, fingerprint: string }

export function createRenderer (
  config: Config,
  fonts: RendererFonts,
  pool: RenderPool,
  /** Told whether each render was answered from the cache (metrics count it). */
  onCacheLookup: (hit: boolean) => void = () => {}
) {
  const cache = config.imageCacheBytes > 0
    ? new LRUCache<string, Rendered>({
      maxSize: config.imageCacheBytes,
      sizeCalculation: (entry) => Math.max(1, entry.bytes.length)
    })
    : undefined
  const renders = createSingleflight<Rendered>()
  const processes = createRenderProcesses({
    size: config.imageMaxConcurrency, timeoutMs: config.imageRenderTimeout * 1000, fontConfigFile: fonts.configFile
  })

  async function draw (job: RenderJob, etag: string): Promise<Rendered> {
    const { data, width, height } = await processes.render(job)
    return {
      bytes: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
      contentType: formatNamed(job.format).type,
      etag,
      width,
      height
    }
  }

  return {
    /**
     * The image whose ETag is `etag` (see `etagFor`), rendering `job` only when it is not cached, charged to
     * `client`'s share of the pool (a request that joins a render already under way costs its client nothing).
     */
    async render (etag: string, job: () => RenderJob, client: RenderClient): Promise<Rendered> {
      const cached = cache?.get(etag)
      onCacheLookup(cached !== undefined)
      if (cached !== undefined) return cached
      return await renders.run(etag, async () => {
        const prepared = job() // builds and checks the scene (400/422) before a slot is taken
        const rendered = await pool.run(client, async () => await draw(prepared, etag))
        cache?.set(etag, rendered)
        return rendered
      })
    },
    etagOf: etagFor(fonts.fingerprint),
    close: processes.close
  }
}

export type Renderer = ReturnType<typeof createRenderer>
