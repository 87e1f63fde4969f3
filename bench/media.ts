// The media scenarios of `npm run bench`: uploads and file serving (against raw
// disk writes and bare static serving) and image generation (against raw sharp
// in-process and bare Fastify). Called by run.ts with servers already started.
import { once } from 'node:events'
import { createReadStream, createWriteStream, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { request } from 'node:http'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type autocannon from 'autocannon'
import sharp from 'sharp'
import { sceneToSvg } from '../src/features/images/svg.js'
import type { Scene } from '../src/features/images/schemas.js'
import { abba, load, merge, type Measure } from './lib/load.js'
import { pids } from './lib/processes.js'
import type { Row } from './lib/report.js'
import { wrk, wrkDriver } from './lib/wrk.js'

export interface MediaContext {
  app: string
  media: string
  bare: string
  token: string
  /** The app on PostgreSQL and a user's token there, when the run has one (uploads only). */
  pg?: { app: string, token: string }
  dataDir: string
  /** Where the media baseline's GET /static reads its file. */
  staticFile: string
  /** Where the media baseline's GET /bytes reads (once) the bytes it sends. */
  bytesFile: string
  seconds: number
  /** How the autocannon rows are driven, for the table. */
  autocannon: string
  report: (row: Row) => void
  progress: (message: string) => void
}

export const UPLOAD_BYTES = 100 * 1024 * 1024
const UPLOAD_ROUNDS = 3
export const RENDER_CONNECTIONS = 4
const CHEAP_CONNECTIONS = 50
const PROBE = { connections: 2, overallRate: 100 }

const clean = (measure: Measure) => measure.non2xx === 0 && measure.errors === 0
const problems = (measure: Measure) => [
  measure.non2xx > 0 ? `${measure.non2xx} non-2xx` : '',
  measure.errors > 0 ? `${measure.errors} errors/timeouts` : ''
].filter(Boolean).join(', ') || undefined

/** 100 MiB of UTF-8 text lines (uploads keep text as sent, so every byte goes through). */
function writeTextFile (path: string, bytes: number): void {
  const line = (index: number) => `${String(index).padStart(9, '0')} the quick brown fox jumps over the lazy dog; 다람쥐 헌 쳇바퀴에 타고파; 我能吞下玻璃而不伤身体\n`
  const chunks: string[] = []
  let size = 0
  for (let index = 0; size < bytes; index++) {
    const text = line(index)
    chunks.push(text)
    size += Buffer.byteLength(text)
  }
  writeFileSync(path, Buffer.from(chunks.join('')).subarray(0, bytes))
}

/** The resident set of a process, in bytes (Linux). */
function rssOf (pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match === null ? 0 : Number(match[1]) * 1024
}

/** Streams a file as one multipart part; resolves the answer's body and the seconds it took. */
async function uploadFile (url: string, token: string, path: string): Promise<{ body: string, seconds: number }> {
  const boundary = `----bench${Date.now()}`
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`)
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const started = performance.now()
  const req = request(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + statSync(path).size + tail.length }
  })
  const answered = once(req, 'response')
  req.write(head)
  await pipeline(createReadStream(path), req, { end: false })
  req.end(tail)
  const [response] = await answered as [import('node:http').IncomingMessage]
  let body = ''
  for await (const chunk of response) body += String(chunk)
  if (response.statusCode !== 201) throw new Error(`upload to ${url} failed: ${response.statusCode} ${body.slice(0, 200)}`)
  return { body, seconds: (performance.now() - started) / 1000 }
}

/** The same bytes copied by a raw Node stream write, fsynced: the disk's floor. */
async function rawWrite (source: string, target: string): Promise<number> {
  const started = performance.now()
  const output = createWriteStream(target)
  await pipeline(createReadStream(source), output)
  const handle = await open(target, 'r+')
  await handle.sync()
  await handle.close()
  const seconds = (performance.now() - started) / 1000
  rmSync(target)
  return seconds
}

interface UploadTiming { seconds: number, growth: number }

/** One upload through the app, deleted after; resolves its seconds and the app's peak RSS growth meanwhile. */
async function uploadThrough (app: string, token: string, source: string): Promise<UploadTiming> {
  const pid = pids.get(app) as number
  const before = rssOf(pid)
  let peak = before
  const sampler = setInterval(() => { peak = Math.max(peak, rssOf(pid)) }, 20)
  const { body, seconds } = await uploadFile(`${app}/v1/files`, token, source)
  clearInterval(sampler)
  const id = (JSON.parse(body) as { files: Array<{ id: string }> }).files[0].id
  await fetch(`${app}/v1/files/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })
  return { seconds, growth: peak - before }
}

export async function benchUploads (context: MediaContext): Promise<void> {
  const { app, media, token, pg, dataDir, staticFile, seconds, report, progress } = context
  const source = join(dataDir, 'upload.txt')
  writeTextFile(source, UPLOAD_BYTES)
  const pid = pids.get(app) as number
  const mib = UPLOAD_BYTES / 1024 / 1024

  progress(`uploading ${mib} MiB through POST /v1/files vs a raw fsynced stream write, ${UPLOAD_ROUNDS} × ${pg === undefined ? 'raw-app-app-raw' : 'raw-SQLite-PostgreSQL-PostgreSQL-SQLite-raw'}`)
  let peakGrowth = 0
  let pgPeakGrowth = 0
  const appSeconds: number[] = []
  const pgSeconds: number[] = []
  const rawSeconds: number[] = []
  // One upload takes a fraction of a second, so single rounds swing with the disk: several ABBA rounds, summed.
  for (let round = 0; round < UPLOAD_ROUNDS; round++) {
    const rounds = await abba(
      async () => await rawWrite(source, join(dataDir, 'raw-copy.txt')),
      async () => {
        const { seconds: taken, growth } = await uploadThrough(app, token, source)
        peakGrowth = Math.max(peakGrowth, growth)
        return taken
      },
      pg === undefined
        ? undefined
        : async () => {
          const { seconds: taken, growth } = await uploadThrough(pg.app, pg.token, source)
          pgPeakGrowth = Math.max(pgPeakGrowth, growth)
          return taken
        })
    appSeconds.push(...rounds.app)
    pgSeconds.push(...rounds.second)
    rawSeconds.push(...rounds.baseline)
  }
  const drainSeconds: number[] = []
  for (let round = 0; round < 2 * UPLOAD_ROUNDS; round++) drainSeconds.push((await uploadFile(`${media}/drain`, token, source)).seconds)
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
  const appRate = (appSeconds.length * mib) / sum(appSeconds)
  const rawRate = (rawSeconds.length * mib) / sum(rawSeconds)
  const drainRate = (drainSeconds.length * mib) / sum(drainSeconds)
  report({ scenario: `upload ${mib} MiB (text, one part)`, baseline: undefined, ratio: appRate / rawRate, target: '≥ 70%', met: appRate / rawRate >= 0.7, driver: 'one upload at a time over node:http, raw-app-app-raw × 3', note: `${appRate.toFixed(0)} MiB/s vs raw fsynced write ${rawRate.toFixed(0)} MiB/s` })
  if (pgSeconds.length > 0) {
    const pgRate = (pgSeconds.length * mib) / sum(pgSeconds)
    report({ scenario: `upload ${mib} MiB (text, one part) (PostgreSQL)`, ratio: pgRate / rawRate, target: '≥ 70%', met: pgRate / rawRate >= 0.7, driver: 'one upload at a time over node:http, raw-SQLite-PostgreSQL-PostgreSQL-SQLite-raw × 3', note: `${pgRate.toFixed(0)} MiB/s vs raw fsynced write ${rawRate.toFixed(0)} MiB/s; ${Math.round(pgRate / appRate * 100)}% of the app on SQLite; peak RSS growth ${(pgPeakGrowth / 1024 / 1024).toFixed(1)} MiB` })
  }
  report({ scenario: `upload ${mib} MiB, HTTP transfer alone`, ratio: appRate / drainRate, driver: 'one upload at a time over node:http', note: `${appRate.toFixed(0)} MiB/s vs ${drainRate.toFixed(0)} MiB/s for bare Fastify draining the same multipart body` })
  report({ scenario: `peak RSS growth of the app while uploading ${mib} MiB`, target: '< 64 MiB', met: peakGrowth < 64 * 1024 * 1024, note: `${(peakGrowth / 1024 / 1024).toFixed(1)} MiB (VmRSS sampled every 20 ms)` })

  // A cached variant of an uploaded photo-like image vs the same bytes streamed by bare Fastify.
  const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#4a7', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg({ quality: 85 }).toBuffer()
  const form = new FormData()
  form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg')
  const uploaded = await (await fetch(`${app}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })).json() as { files: Array<{ id: string }> }
  const variantUrl = `${app}/v1/files/${uploaded.files[0].id}/content?w=640&format=webp`
  const variant = Buffer.from(await (await fetch(variantUrl, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer())
  writeFileSync(staticFile, variant)
  const WRK = wrkDriver(CHEAP_CONNECTIONS)
  progress(`GET a cached ${variant.length}-byte WebP variant vs bare Fastify streaming the same file: ${WRK}`)
  const serving = await abba(
    async () => await wrk({ url: `${media}/static`, serverPid: pids.get(media) as number, connections: CHEAP_CONNECTIONS, seconds }),
    async () => await wrk({ url: variantUrl, serverPid: pid, connections: CHEAP_CONNECTIONS, seconds, headers: { authorization: `Bearer ${token}` } }))
  const servingApp = merge(serving.app)
  const servingBare = merge(serving.baseline)
  const ratio = servingApp.reqPerSec / servingBare.reqPerSec
  report({ scenario: 'GET a cached image variant', measure: servingApp, baseline: { name: 'bare Fastify streaming the file', measure: servingBare }, ratio, target: '≥ 60%', met: ratio >= 0.6 && clean(servingApp), driver: WRK, note: problems(servingApp) })
}

/**
 * The reference scene: 512×512 PNG, 20 shapes, one line of text; `variant` moves one shape so no two requests
 * hit the cache.
 */
export function referenceScene (variant: number): Scene {
  const shapes: Scene['shapes'] = []
  for (let index = 0; index < 18; index++) {
    const x = (index * 53) % 460
    const y = (index * 97) % 460
    shapes.push(index % 3 === 0
      ? { type: 'circle', cx: x + 25, cy: y + 25, r: 20 + (index % 5) * 4, fill: `rgba(${index * 13}, 120, 200, 0.8)`, stroke: 'navy', strokeWidth: 2 }
      : index % 3 === 1
        ? { type: 'rect', x, y, width: 60, height: 40, rx: 6, fill: '#ffcc33', stroke: 'red', strokeWidth: 3 }
        : { type: 'polygon', points: [[x, y], [x + 50, y + 10], [x + 30, y + 60]], fill: 'seagreen', opacity: 0.7 })
  }
  shapes.push({ type: 'line', x1: 0, y1: variant % 512, x2: 511, y2: 511 - (variant % 512), stroke: 'black', strokeWidth: 2 })
  shapes.push({ type: 'text', x: 256, y: 490, text: `Userbase bench 안녕 你好 #${variant}`, fontSize: 24, align: 'middle', fill: '#222' })
  return { width: 512, height: 512, format: 'png', shapes }
}

export async function benchImages (context: MediaContext): Promise<void> {
  const { app, media, bare, token, bytesFile, seconds, report, progress, autocannon: driver } = context
  let counter = 0
  const appRequests: autocannon.Request[] = [{
    method: 'POST',
    setupRequest: (req) => ({ ...req, body: JSON.stringify(referenceScene(counter++)) })
  }]
  let rawCounter = 0
  const rawRequests: autocannon.Request[] = [{
    method: 'POST',
    setupRequest: (req) => {
      const svg = sceneToSvg(referenceScene(rawCounter++), { maxTextChars: 2000 })
      return { ...req, body: JSON.stringify({ svg }) }
    }
  }]
  const headers = { authorization: `Bearer ${token}` }
  progress(`POST /v1/images (512×512 PNG, 20 shapes, a text line; a new scene each request) vs raw sharp in-process: ${RENDER_CONNECTIONS} connections, ${PROBE.overallRate} req/s GET /health probe alongside`)
  const underLoad = async (target: Promise<Measure>, probeUrl: string) => {
    const [measure, probe] = await Promise.all([target, load({ url: probeUrl, ...PROBE, seconds })])
    return { measure, probe }
  }
  await load({ url: `${media}/render`, method: 'POST', connections: RENDER_CONNECTIONS, seconds: 1, requests: rawRequests })
  await load({ url: `${app}/v1/images`, method: 'POST', connections: RENDER_CONNECTIONS, seconds: 1, requests: appRequests, headers })
  const renders = await abba(
    async () => await underLoad(load({ url: `${media}/render`, method: 'POST', connections: RENDER_CONNECTIONS, seconds, requests: rawRequests }), `${media}/health`),
    async () => await underLoad(load({ url: `${app}/v1/images`, method: 'POST', connections: RENDER_CONNECTIONS, seconds, requests: appRequests, headers }), `${app}/health`))
  const renderApp = merge(renders.app.map((side) => side.measure))
  const renderRaw = merge(renders.baseline.map((side) => side.measure))
  const ratio = renderApp.reqPerSec / renderRaw.reqPerSec
  report({ scenario: 'POST /v1/images (reference scene)', measure: renderApp, baseline: { name: 'raw sharp rendering the same SVG in-process', measure: renderRaw }, ratio, target: '≥ 80%', met: ratio >= 0.8 && clean(renderApp), driver: `${driver}, ${RENDER_CONNECTIONS} connections`, note: problems(renderApp) })
  const probeApp = merge(renders.app.map((side) => side.probe))
  const probeRaw = merge(renders.baseline.map((side) => side.probe))
  report({ scenario: `GET /health p99 while renders are saturated (${PROBE.overallRate} req/s probe)`, measure: probeApp, baseline: { name: 'same probe on the raw sharp baseline', measure: probeRaw }, target: 'p99 < 20 ms', met: probeApp.p99 < 20 && clean(probeApp), driver: `${driver}, fixed rate (wrk has none)`, note: problems(probeApp) })

  const avatar = `${app}/v1/images/avatar/bench.png?size=128`
  // Rendered once; every request after is the cache. The same bytes go to the
  // media baseline, for a second, like-for-like comparison.
  writeFileSync(bytesFile, Buffer.from(await (await fetch(avatar)).arrayBuffer()))
  const WRK = wrkDriver(CHEAP_CONNECTIONS)
  const appPid = pids.get(app) as number
  progress(`GET ${new URL(avatar).pathname} (cached) vs bare Fastify GET /health: ${WRK}`)
  const avatars = await abba(
    async () => await wrk({ url: `${bare}/health`, serverPid: pids.get(bare) as number, connections: CHEAP_CONNECTIONS, seconds }),
    async () => await wrk({ url: avatar, serverPid: appPid, connections: CHEAP_CONNECTIONS, seconds }))
  const avatarApp = merge(avatars.app)
  const avatarBare = merge(avatars.baseline)
  const avatarRatio = avatarApp.reqPerSec / avatarBare.reqPerSec
  report({ scenario: 'GET /v1/images/avatar/… (cached)', measure: avatarApp, baseline: { name: 'bare Fastify', measure: avatarBare }, ratio: avatarRatio, driver: WRK, note: problems(avatarApp) })
  const sameBytes = await abba(
    async () => await wrk({ url: `${media}/bytes`, serverPid: pids.get(media) as number, connections: CHEAP_CONNECTIONS, seconds }),
    async () => await wrk({ url: avatar, serverPid: appPid, connections: CHEAP_CONNECTIONS, seconds }))
  const bytesApp = merge(sameBytes.app)
  const bytesBare = merge(sameBytes.baseline)
  const bytesRatio = bytesApp.reqPerSec / bytesBare.reqPerSec
  report({ scenario: 'GET /v1/images/avatar/… (cached), like for like', measure: bytesApp, baseline: { name: 'bare Fastify sending the same PNG from memory', measure: bytesBare }, ratio: bytesRatio, target: '≥ 50%', met: bytesRatio >= 0.5 && clean(bytesApp), driver: WRK, note: problems(bytesApp) })
}
