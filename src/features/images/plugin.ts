import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { RenderPool } from './render-pool.js'
import { checkFonts } from './font-check.js'
import { configureFonts, fontFingerprint, releaseFonts } from './fonts.js'
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
  const configFile = configureFonts()
  try {
    await checkFonts() // refuses to start rather than cache tofu for a year
  } catch (error) {
    releaseFonts()
    throw error
  }
  const renderer = createRenderer(app.config, { configFile, fingerprint: fontFingerprint() })
  app.decorate('images', renderer)
  app.decorate('renderPool', renderer.pool)
  app.addHook('onClose', async function stopRenderProcesses () {
    renderer.close()
    releaseFonts()
  })
}

export default fp(imagesPlugin, { name: 'images', dependencies: ['config'] })
