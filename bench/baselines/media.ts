// Baselines for the media scenarios, in one bare Fastify process:
// - POST /render: raw sharp rendering an SVG sent in the body, in-process (the
//   floor for POST /v1/images: no validation, no scene building, no child process);
// - GET /static: a file streamed from disk with a content type (the floor for
//   serving a cached image variant: no auth, no database, no validators);
// - GET /bytes: the same PNG as a cached avatar, from memory;
// - POST /drain: reads a multipart body and throws it away (the cost of moving
//   the bytes over HTTP alone, for the upload comparison).
import { createReadStream, readFileSync, statSync } from 'node:fs'
import Fastify from 'fastify'
import sharp from 'sharp'

const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 })
app.get('/health', async () => ({ status: 'ok' }))
app.post('/render', async (request, reply) => {
  const { svg } = request.body as { svg: string }
  const image = await sharp(Buffer.from(svg), { density: 72 }).png().toBuffer()
  return await reply.type('image/png').send(image)
})
app.get('/static', async (_request, reply) => {
  const path = process.env.BENCH_STATIC_FILE as string
  return await reply.type('image/webp').header('content-length', statSync(path).size).send(createReadStream(path))
})
// GET /bytes: a fixed PNG sent from memory (the cached avatar's bytes, like for like).
let bytes: Buffer | undefined
app.get('/bytes', async (_request, reply) => {
  bytes ??= readFileSync(process.env.BENCH_BYTES_FILE as string)
  return await reply.type('image/png').send(bytes)
})
app.addContentTypeParser('multipart/form-data', (_request, payload, done) => {
  payload.resume()
  payload.once('end', () => { done(null) })
})
app.post('/drain', async (_request, reply) => await reply.code(201).send({ files: [] }))
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) })
