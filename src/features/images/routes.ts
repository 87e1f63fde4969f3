import { Readable } from 'node:stream'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { FileObjectSchema } from '../../schemas.js'
import { renderClientOf } from '../../media/render-pool.js'
import { noneMatch } from '../../media/serve.js'
import { perUserRateLimit, rateLimitKey } from '../../plugins/security.js'
import { problemResponses } from '../../schemas.js'
import { codes, errors } from '../../errors.js'
import { NOT_A_COLOR, parseColor } from './colors.js'
import { avatarScene, placeholderScene } from './generated.js'
import type { Rendered } from './renderer.js'
import {
  AvatarParamsSchema, AvatarQuerySchema, GENERATED_AVATAR_DEFAULTS, imageContent, PlaceholderParamsSchema,
  PlaceholderQuerySchema, sceneSchema, type Scene
} from './schemas.js'
import { sceneToSvg } from './svg.js'

const imageHeaders = {
  etag: { type: 'string', description: 'Strong: the same input always gives the same bytes.' },
  'cache-control': { type: 'string' }
}

export default async function imageRoutes (fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { config, images } = app
  const limits = { maxTextChars: config.imageMaxTextChars }
  const renderProblems = [codes.sceneTooComplex, codes.serviceUnavailable]

  const jobOf = (scene: Scene) => ({
    svg: sceneToSvg(scene, limits), format: scene.format, quality: scene.quality ?? 80
  })

  /**
   * `etag` hashes what the client asked for (a URL's parameters): the cache key too. The scene is built only to
   * render.
   */
  async function render (request: FastifyRequest, etag: string, scene: () => Scene): Promise<Rendered> {
    return await images.render(etag, () => jobOf(scene()), renderClientOf(request))
  }

  /**
   * A posted scene: its cost bounds are checked (422) before it is hashed, since hashing a
   * body of 150,000 points costs far more than counting them.
   */
  async function drawScene (request: FastifyRequest, scene: Scene): Promise<Rendered> {
    const job = jobOf(scene)
    return await images.render(images.etagOf(scene), () => job, renderClientOf(request))
  }

  /** Image bytes (or 304), with the headers every generated image carries. */
  async function sendImage (
    request: FastifyRequest,
    reply: FastifyReply,
    etag: string,
    cacheControl: string,
    produce: () => Promise<Rendered>
  ) {
    reply.header('etag', etag).header('cache-control', cacheControl)
    const condition = request.method === 'POST' ? undefined : request.headers['if-none-match']
    // The ETag is a hash of the input, so a revalidation costs no render at all.
    if (condition !== undefined && noneMatch(condition, etag)) return await reply.code(304).send()
    const image = await produce()
    return await reply.type(image.contentType).header('content-disposition', 'inline').send(image.bytes)
  }

  // Per IP for the public GETs; per user for POST, after authentication and on top of the global per-IP limit.
  const publicLimit = {
    max: config.imageRateLimitMax * 10,
    timeWindow: config.imageRateLimitWindow * 1000,
    keyGenerator: rateLimitKey
  }
  const limitPerUser = perUserRateLimit(app, {
    name: 'images',
    max: config.imageRateLimitMax,
    timeWindowSeconds: config.imageRateLimitWindow
  })

  const sceneDescription = 'The scene is JSON (never markup): rect, circle, ellipse, line, polygon, polyline and text, drawn ' +
    'in order with SVG geometry (strokes centred on edges, text `y` is the baseline). Text renders Latin, Hangul and ' +
    'simplified Chinese with the fonts the product ships. Bounds: `width`/`height` and shape count by config (400); cost ' +
    'bounds (points, stroke width, font size, reach, AVIF size, total text, painted area) are 422 `scene_too_complex`.'

  app.post('', {
    preValidation: limitPerUser,
    config: { scope: 'images:generate', servesContent: true },
    schema: {
      operationId: 'generateImage',
      summary: 'Draw a scene of shapes and text into a PNG, JPEG, WebP or AVIF image',
      description: sceneDescription,
      tags: ['images'],
      body: sceneSchema(config),
      response: {
        200: { description: 'The image.', headers: imageHeaders, content: imageContent },
        ...problemResponses(...renderProblems)
      }
    }
  }, async function generateImage (request, reply) {
    const scene = request.body
    const image = await drawScene(request, scene)
    return await sendImage(request, reply, image.etag, 'private, no-store', async () => image)
  })

  app.post('/files', {
    preValidation: limitPerUser,
    // The image becomes a file: `files:write` too.
    config: { scope: ['images:generate', 'files:write'] },
    schema: {
      operationId: 'generateImageFile',
      summary: 'Draw a scene and keep the image as one of your files',
      description: `${sceneDescription} The image is stored like an upload, against the same limits and quota. ` +
        'Needs `files:write` as well as `images:generate` (403 `insufficient_scope` naming the one missing).',
      tags: ['images'],
      body: sceneSchema(config),
      response: {
        201: Type.Ref(FileObjectSchema),
        ...problemResponses(
          ...renderProblems, codes.fileTooLarge, codes.quotaExceeded, codes.insufficientStorage
        )
      }
    }
  }, async function generateImageFile (request, reply) {
    const scene = request.body
    const image = await drawScene(request, scene)
    const file = await app.files.save(request.user.userId, Readable.from([image.bytes]), {
      contentType: image.contentType, filename: `image.${scene.format}`, width: image.width, height: image.height
    })
    return await reply.code(201).send(file)
  })

  const publicCache = 'public, max-age=31536000, immutable'

  app.get('/placeholder/:width(^[^x./]{1,10})x:height(^[^x./]{1,10}).:format', {
    config: { rateLimit: publicLimit, servesContent: true },
    schema: {
      operationId: 'placeholderImage',
      summary: 'A placeholder image of any size, showing its dimensions or your text',
      description: 'No token needed. The same URL always gives the same bytes, so answers are cached for a year (`Cache-Control: immutable`). `bg` and `fg` take any colour the scenes take; `text` defaults to the dimensions.',
      tags: ['images'],
      params: PlaceholderParamsSchema(config),
      querystring: PlaceholderQuerySchema,
      response: {
        200: { description: 'The image.', headers: imageHeaders, content: imageContent },
        304: { description: 'Not modified (If-None-Match).', type: 'null' },
        ...problemResponses(...renderProblems)
      }
    }
  }, async function placeholderImage (request, reply) {
    const { width, height, format } = request.params
    const { bg, fg, text } = request.query
    // Checked here so that a bad colour names the parameter, not the scene field it becomes.
    const badColors = Object.entries({ bg, fg })
      .filter(([, value]) => value !== undefined && parseColor(value) === null)
    if (badColors.length > 0) {
      throw errors.validation(
        badColors.map(([name]) => ({ path: `/${name}`, message: NOT_A_COLOR, code: 'querystring' })),
        'The request querystring is not valid.'
      )
    }
    // Keyed by the URL's parameters, not the scene they make: hashing them costs far less.
    const etag = images.etagOf(['placeholder', width, height, format, bg, fg, text])
    return await sendImage(request, reply, etag, publicCache,
      async () => await render(request, etag, () => placeholderScene(width, height, format, request.query)))
  })

  app.get('/avatar/:seed.:format', {
    config: { rateLimit: publicLimit, servesContent: true },
    schema: {
      operationId: 'avatarImage',
      summary: 'A generated avatar: the same seed always gives the same image',
      description: 'Users without an uploaded avatar get `/v1/images/avatar/{their id}.png` as `avatarUrl`.',
      tags: ['images'],
      params: AvatarParamsSchema,
      querystring: AvatarQuerySchema,
      response: {
        200: { description: 'The image.', headers: imageHeaders, content: imageContent },
        304: { description: 'Not modified (If-None-Match).', type: 'null' },
        ...problemResponses(...renderProblems)
      }
    }
  }, async function avatarImage (request, reply) {
    const { seed, format } = request.params
    const { size = GENERATED_AVATAR_DEFAULTS.size, style = GENERATED_AVATAR_DEFAULTS.style } = request.query
    const etag = images.etagOf(['avatar', seed, size, style, format])
    return await sendImage(request, reply, etag, publicCache,
      async () => await render(request, etag, () => avatarScene(seed, size, style, format)))
  })
}
