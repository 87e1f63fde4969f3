// Avatars: one uploaded image, cropped square and stored at fixed sizes under
// a fresh id per upload. The id is the version in the public URL, so a new
// avatar is never served stale from a cache and a replaced one stops loading.
import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { FastifyBaseLogger, FastifyRequest } from 'fastify'
import sharp, { type OutputInfo } from 'sharp'
import type { Config } from '../../config.js'
import { errors } from '../../errors.js'
import type { PrismaClient } from '../../generated/prisma/client.js'
import type { Files } from '../files/plugin.js'
import { openImage, readImageHeader } from '../files/image.js'
import { detectType, IMAGE_TYPES, SNIFF_BYTES } from '../files/sniff.js'
import { peek } from '../files/streams.js'
import { avatarPrefix } from '../files/sweep.js'
import { limited, multipartError, partsOf } from '../files/upload.js'
import { userClient } from '../images/render-pool.js'
import { toUser } from '../users/service.js'
import type { User } from '../../schemas.js'

export const AVATAR_SIZES = [64, 128, 256, 512] as const
export type AvatarSize = typeof AVATAR_SIZES[number]
export const DEFAULT_AVATAR_SIZE: AvatarSize = 256

export const avatarKey = (avatarId: string, size: number) => `avatars/${avatarId}/${size}.webp`

export function createAvatarService ({ prisma, files, config, now, log }: {
  prisma: PrismaClient
  files: Files
  config: Config
  now: () => Date
  log: FastifyBaseLogger
}) {
  const { storage, scratch } = files

  /**
   * Removes a replaced or deleted avatar's blobs once its row is gone. A failure
   * here must not fail the request (the change is already stored); the
   * start-up sweep removes blobs that no row names.
   */
  async function discard (avatarId: string): Promise<void> {
    await storage.deletePrefix(avatarPrefix(avatarId))
      .catch((error: unknown) => { log.warn({ err: error, avatarId }, 'could not remove an old avatar; the sweep will') })
  }
  const imageTypes = config.uploadAllowedTypes.filter((type) => IMAGE_TYPES.has(type))

  /**
   * Square crops at every size, oriented, without metadata (WebP: every browser shows it). The original is
   * decoded once, into the largest crop (a few MB of pixels whatever the upload), and the smaller sizes are
   * scaled from that.
   */
  async function renderSizes (path: string, avatarId: string): Promise<void> {
    const largest = Math.max(...AVATAR_SIZES)
    let crop: { data: Buffer, info: OutputInfo }
    try {
      crop = await openImage(path, config.uploadMaxImagePixels, false).autoOrient()
        .resize(largest, largest, { fit: 'cover' }).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true })
    } catch (error) {
      if (/pixel limit/i.test((error as Error).message)) throw errors.imageTooLarge(config.uploadMaxImagePixels)
      throw errors.invalidImage()
    }
    const { width, height, channels } = crop.info
    for (const size of AVATAR_SIZES) {
      const output = await scratch.path('.webp')
      try {
        await sharp(crop.data, { raw: { width, height, channels } }).resize(size, size).webp({ quality: 85 }).toFile(output)
        await storage.put(avatarKey(avatarId, size), createReadStream(output))
      } finally {
        await scratch.remove(output)
      }
    }
  }

  /** Reads the one `file` part into scratch, checked as an image; renders it. */
  async function receive (request: FastifyRequest, userId: string, avatarId: string): Promise<void> {
    let received = false
    let spooled: string | undefined
    try {
      for await (const part of partsOf(request, config, { files: 1, fields: 0 })) {
        if (part.type === 'field' || part.fieldname !== 'file') {
          if (part.type === 'file') part.file.destroy()
          throw errors.validation([{ path: `/${part.fieldname}`, message: 'is not an allowed field; send the image as `file`' }])
        }
        const { head, body } = await peek(part.file, SNIFF_BYTES)
        if (head.byteLength === 0) throw errors.emptyFile(part.filename)
        const type = await detectType(head, part.mimetype, imageTypes)
        spooled = await scratch.write(limited(body, config.uploadMaxBytes, Infinity, config.uploadQuotaBytes))
        await readImageHeader(spooled, type, config.uploadMaxImagePixels)
        await files.renderPool.run(userClient(userId), async () => { await renderSizes(spooled as string, avatarId) })
        received = true
      }
      if (!received) throw errors.missingFile()
    } catch (error) {
      await storage.deletePrefix(avatarPrefix(avatarId))
      throw multipartError(error)
    } finally {
      await scratch.remove(spooled)
    }
  }

  return {
    async set (userId: string, request: FastifyRequest): Promise<User> {
      const avatarId = randomUUID()
      await receive(request, userId, avatarId)
      let stored
      try {
        stored = await prisma.$transaction(async (tx) => {
          const previous = await tx.avatar.findUnique({ where: { userId } })
          if (previous !== null) await tx.avatar.delete({ where: { userId } })
          await tx.avatar.create({ data: { id: avatarId, userId, createdAt: now() } })
          const user = await tx.user.update({ where: { id: userId }, data: { avatarUrl: `${config.publicUrl}/v1/avatars/${avatarId}` } })
          return { previous, user }
        })
      } catch (error) {
        await storage.deletePrefix(avatarPrefix(avatarId))
        throw error
      }
      if (stored.previous !== null) await discard(stored.previous.id)
      return toUser(stored.user, config.publicUrl)
    },

    async remove (userId: string): Promise<void> {
      const previous = await prisma.$transaction(async (tx) => {
        const previous = await tx.avatar.findUnique({ where: { userId } })
        if (previous !== null) await tx.avatar.delete({ where: { userId } })
        await tx.user.update({ where: { id: userId }, data: { avatarUrl: null } })
        return previous
      })
      if (previous !== null) await discard(previous.id)
    },

    /** The stored size of a current avatar; a replaced or deleted one is 404. */
    async find (avatarId: string, size: AvatarSize) {
      const avatar = await prisma.avatar.findUnique({ where: { id: avatarId } })
      const stat = avatar === null ? null : await storage.stat(avatarKey(avatarId, size))
      if (avatar === null || stat === null) throw errors.notFound('No such avatar.')
      return { key: avatarKey(avatarId, size), size: stat.size, modifiedAt: avatar.createdAt }
    }
  }
}
