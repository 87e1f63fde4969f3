// Helpers for the upload tests: hand-built multipart bodies (so every header
// can be controlled), image bytes made with sharp, and a look at the disk.
import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { crc32, createDeflate } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import sharp from 'sharp'
import type { FileObject } from '../../src/schemas.js'
import { bearer } from './users.js'

export interface Part {
  name: string
  /** A file part when set (may be ''); a plain field otherwise. */
  filename?: string
  /** Sent as the part's Content-Type; omitted when undefined. */
  contentType?: string
  content: Buffer | string
  /** Raw extra header lines. */
  headers?: string[]
}

/** A multipart/form-data body exactly as given. */
export function multipart (parts: Part[], boundary = `----test${randomBytes(8).toString('hex')}`) {
  const chunks: Buffer[] = []
  for (const part of parts) {
    const disposition = part.filename === undefined
      ? `form-data; name="${part.name}"`
      : `form-data; name="${part.name}"; filename="${part.filename}"`
    const lines = [`--${boundary}`, `Content-Disposition: ${disposition}`]
    if (part.contentType !== undefined) lines.push(`Content-Type: ${part.contentType}`)
    lines.push(...(part.headers ?? []))
    chunks.push(Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8'), Buffer.from(part.content), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** One file part named `file`. */
export const filePart = (content: Buffer | string, filename = 'file.bin', contentType: string | undefined = 'application/octet-stream'): Part =>
  ({ name: 'file', filename, contentType, content })

export async function upload (app: FastifyInstance, token: string | undefined, parts: Part[]) {
  const body = multipart(parts)
  return await app.inject({
    method: 'POST',
    url: '/v1/files',
    headers: { ...body.headers, ...(token === undefined ? {} : bearer(token)) },
    payload: body.payload
  })
}

/** Uploads and returns the FileObjects; fails loudly on anything but 201. */
export async function uploadOk (app: FastifyInstance, token: string, parts: Part[]): Promise<FileObject[]> {
  const response = await upload(app, token, parts)
  if (response.statusCode !== 201) throw new Error(`upload failed: ${response.statusCode} ${response.body}`)
  return response.json<{ files: FileObject[] }>().files
}

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex')

export async function png (width = 32, height = 24, background = '#ff0000'): Promise<Buffer> {
  return await sharp({ create: { width, height, channels: 3, background } }).png().toBuffer()
}

export async function jpeg (width = 32, height = 24, background = '#00ff00'): Promise<Buffer> {
  return await sharp({ create: { width, height, channels: 3, background } }).jpeg().toBuffer()
}

/** A PNG that says any size: the rows are zeros deflated as they are made, so nothing big is allocated. */
export async function pngBomb (width: number, height: number): Promise<Buffer> {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(typed))
    return Buffer.concat([length, typed, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 1 // bit depth 1
  header[9] = 0 // greyscale
  const row = Buffer.alloc(1 + Math.ceil(width / 8)) // filter byte 0, then zero pixels
  const deflate = createDeflate({ level: 9 })
  const compressed: Buffer[] = []
  deflate.on('data', (data: Buffer) => compressed.push(data))
  const done = new Promise((resolve, reject) => { deflate.on('end', resolve); deflate.on('error', reject) })
  for (let y = 0; y < height; y++) {
    if (!deflate.write(row)) await new Promise((resolve) => deflate.once('drain', resolve))
  }
  deflate.end()
  await done
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', Buffer.concat(compressed)),
    chunk('IEND', Buffer.alloc(0))
  ])
}

/** Every file under a directory (relative paths), for "nothing was left behind". */
export function filesUnder (root: string): string[] {
  const found: string[] = []
  const walk = (dir: string) => {
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      return
    }
    for (const name of names) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else found.push(relative(root, path))
    }
  }
  walk(root)
  return found.sort()
}
