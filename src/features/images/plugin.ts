import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { RenderPool } from './render-pool.js'
import { configureFonts } from './fonts.js'
import { createRenderer, type Renderer } from './renderer.js'

declare module 'fastify' {
  interface FastifyInstance {
    images: Renderer
    /** The one render concurrency limit: generated images and file variants both take its slots. */
    renderPool: RenderPool
  }
}

/** The renderer and its concurrency limit, shared with the files feature's variants. */
async function imagesPlugin (app: FastifyInstance) {
  configureFonts()
  const renderer = createRenderer(app.config)
  app.decorate('images', renderer)
  app.decorate('renderPool', renderer.pool)
  app.addHook('onClose', async function stopRenderProcesses () { renderer.close() })
}

export default fp(imagesPlugin, { name: 'images', dependencies: ['config'] })
