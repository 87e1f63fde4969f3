import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { checkFonts } from './font-check.js'
import { configureFonts, fontFingerprint, releaseFonts } from './fonts.js'
import { createRenderer, type Renderer } from './renderer.js'

declare module 'fastify' {
  interface FastifyInstance {
    images: Renderer
  }
}

/** The renderer, drawing on the shared render pool (app.media.renderPool). */
async function imagesPlugin (app: FastifyInstance) {
  const configFile = configureFonts()
  try {
    await checkFonts() // refuses to start rather than cache tofu for a year
  } catch (error) {
    releaseFonts()
    throw error
  }
  const renderer = createRenderer(app.config, { configFile, fingerprint: fontFingerprint() }, app.media.renderPool,
    app.metrics.lookupCounter('image_render'))
  app.decorate('images', renderer)
  app.addHook('onClose', async function stopRenderProcesses () {
    renderer.close()
    releaseFonts()
  })
}

export default fp(imagesPlugin, { name: 'images', dependencies: ['config', 'media', 'metrics'] })
