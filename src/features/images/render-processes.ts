// Renders run in child processes, one job at a time each, because a render is
// native code (librsvg) that nothing inside this process can interrupt: sharp's
// own timeout is only checked between tiles, so one heavy tile outlives it.
// A child that passes IMAGE_RENDER_TIMEOUT is killed, which really stops the
// work, and a fresh one takes its place at the next job.
import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { errors } from '../../errors.js'
import { encoderOptions, needsFlattening, type EncodableFormat } from '../../media/formats.js'

export interface RenderRequest { svg: string, format: EncodableFormat, quality: number }
export interface RenderResult { data: Uint8Array, width: number, height: number }

const sharpUrl = pathToFileURL(createRequire(import.meta.url).resolve('sharp')).href

// Plain JavaScript, so the same child runs under `node dist/server.js`, tsx and
// tap alike. It only rasterises: the SVG was built and checked by the parent.
const CHILD_SCRIPT = `
const { default: sharp } = await import(${JSON.stringify(sharpUrl)})
sharp.concurrency(1)
// The encoder settings come from the parent (media/formats.ts).
process.on('message', async ({ id, svg, format, options, flatten }) => {
  try {
    let image = sharp(Buffer.from(svg), { density: 72 })
    if (flatten) image = image.flatten({ background: '#ffffff' })
    const { data, info } = await image.toFormat(format, options).toBuffer({ resolveWithObject: true })
    process.send({ id, data, width: info.width, height: info.height })
  } catch (error) {
    process.send({ id, error: String(error && error.message || error) })
  }
})
process.on('disconnect', () => process.exit(0))
process.send({ ready: true })
`

interface Reply { id?: number, data?: Uint8Array, width?: number, height?: number, error?: string, ready?: boolean }

class RenderProcess {
  readonly child: ChildProcess
  private readonly ready: Promise<void>
  private pending: { id: number, resolve: (reply: Reply) => void, reject: (error: Error) => void } | undefined
  exited = false

  constructor (fontConfigFile: string | undefined) {
    this.child = spawn(process.execPath, ['--input-type=module', '--eval', CHILD_SCRIPT], {
      // Given, not inherited by chance: the child draws text with this process's fonts.
      env: fontConfigFile === undefined ? process.env : { ...process.env, FONTCONFIG_FILE: fontConfigFile },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced' // Buffers cross as bytes, not as JSON arrays
    })
    this.ready = new Promise((resolve, reject) => {
      this.child.once('error', reject)
      this.child.on('message', (reply: Reply) => {
        if (reply.ready === true) resolve()
        else if (this.pending?.id === reply.id) this.pending?.resolve(reply)
      })
      this.child.once('exit', () => {
        this.exited = true
        const error = new Error('the render process exited')
        reject(error)
        this.pending?.reject(error)
      })
    })
    this.ready.catch(() => {}) // also reported to the job that awaits it
  }

  async render (id: number, request: RenderRequest, timeoutMs: number): Promise<Reply> {
    await this.ready
    return await new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill()
        reject(errors.serviceUnavailable('The render took too long and was stopped; try again shortly.', 5))
      }, timeoutMs)
      const settle = <T>(done: (value: T) => void) => (value: T) => {
        clearTimeout(timer)
        this.pending = undefined
        done(value)
      }
      this.pending = { id, resolve: settle(resolve), reject: settle(reject) }
      this.child.send({
        id,
        svg: request.svg,
        format: request.format,
        // Effort 2: at the default, AVIF took 6 s for a busy 2048×2048 scene here (1.2 s at 2).
        options: encoderOptions(request.format, { quality: request.quality, effort: 2 }),
        flatten: needsFlattening(request.format)
      })
    })
  }

  kill (): void {
    this.exited = true
    this.child.kill('SIGKILL')
  }
}

/**
 * `size` child processes, started on first use. Callers must hold a slot of the
 * render pool, which admits at most `size` jobs, so an idle child always exists.
 */
export function createRenderProcesses ({ size, timeoutMs, fontConfigFile }: {
  size: number
  timeoutMs: number
  fontConfigFile?: string
}) {
  const idle: RenderProcess[] = []
  const all = new Set<RenderProcess>()
  let nextId = 0

  function take (): RenderProcess {
    let process = idle.pop()
    while (process?.exited === true) process = idle.pop()
    if (process === undefined) {
      for (const child of all) if (child.exited) all.delete(child)
      if (all.size >= size) throw new Error('no idle render process: render() was called outside the render pool')
      process = new RenderProcess(fontConfigFile)
      all.add(process)
    }
    return process
  }

  return {
    async render (request: RenderRequest): Promise<RenderResult> {
      const process = take()
      try {
        const reply = await process.render(nextId++, request, timeoutMs)
        if (reply.error !== undefined) throw new Error(`render failed: ${reply.error}`)
        return { data: reply.data as Uint8Array, width: reply.width as number, height: reply.height as number }
      } finally {
        if (!process.exited) idle.push(process)
      }
    },
    /** Stops every child (on app close). */
    close (): void {
      for (const process of all) process.kill()
      all.clear()
      idle.length = 0
    },
    get running () { return all.size }
  }
}

export type RenderProcesses = ReturnType<typeof createRenderProcesses>
