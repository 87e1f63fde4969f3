// Avatars: one uploaded image, cropped square and stored at fixed sizes under
// a fresh id per upload. The id is the version in the public URL, so a new
// avatar is never served stale from a cache and a replaced one stops loading.
import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { FastifyBaseLogger } from 'fastify'
import sharp, { type OutputInfo } from 'sharp'
import { toUser } from '../../accounts.js'
import type { Config } from '../../config.js'
import { errors } from '../../errors.js'
import type { PrismaClient } from '../../generated/prisma/client.js'
import { encode, formatNamed, isImageType } from '../../media/formats.js'
import { openImage } from '../../media/image.js'
import { limited, sniffed, spoolImage, type IncomingBlob } from '../../media/ingest.js'
import { blobKeys, type BlobOwner } from '../../media/keys.js'
import type { Media } from '../../media/plugin.js'
import { userClient } from '../../media/render-pool.js'
import type { User } from '../../schemas.js'

export const AVATAR_SIZES = [64, 128, 256, 512] as const
export type AvatarSize = typeof AVATAR_SIZES[number]
export const DEFAULT_AVATAR_SIZE: AvatarSize = 256
/** WebP: every browser shows it. */
export const AVATAR_FORMAT = formatNamed('webp')
const AVATAR_QUALITY = 85

const avatarPrefix = (avatarId: string) => blobKeys.prefix('avatars', avatarId)

export function createAvatarService ({ prisma, media, config, now, log }: {
  prisma: PrismaClient
  media: Pick<Media, 'storage' | 'scratch' | 'renderPool'>
  config: Config
  now: () => Date
  log: FastifyBaseLogger
}) {
  const { storage, scratch } = media
  const imageTypes = config.uploadAllowedTypes.filter(isImageType)

  /**
   * Removes a replaced or deleted avatar's blobs once its row is gone. A failure
   * here must not fail the request (the change is already stored); the sweep
   * removes blobs that no row names.
   */
  async function discard (avatarId: string): Promise<void> {
    await storage.deletePrefix(avatarPrefix(avatarId))
      .catch((error: unknown) => {
        log.warn({ err: error, avatarId }, 'could not remove an old avatar; the sweep will')
      })
  }

  /**
   * Square crops at every size, oriented, without metadata. The original is decoded once, into the largest
   * crop (a few MB of pixels whatever the upload), and the smaller sizes are scaled from that.
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
      const output = await scratch.path(AVATAR_FORMAT.extensions[0])
      try {
        const resized = sharp(crop.data, { raw: { width, height, channels } }).resize(size, size)
        await encode(resized, 'webp', { quality: AVATAR_QUALITY }).toFile(output)
        await storage.put(blobKeys.avatar(avatarId, size), createReadStream(output))
      } finally {
        await scratch.remove(output)
      }
    }
  }

  return {
    /**
     * Checks an uploaded image and stores its sizes under a new avatar id, decoded on the uploader's share of
     * the render pool. Nothing is shown until `set`; a refusal leaves nothing behind.
     */
    async prepare (userId: string, incoming: IncomingBlob): Promise<string> {
      const avatarId = randomUUID()
      const { contentType, body } = await sniffed(incoming, imageTypes)
      const limits = { maxBytes: config.uploadMaxBytes, quotaLeft: Infinity, quotaBytes: config.uploadQuotaBytes }
      const image = await spoolImage(limited(body, limits), contentType, scratch, config.uploadMaxImagePixels)
      try {
        await media.renderPool.run(userClient(userId), async () => { await renderSizes(image.path, avatarId) })
        return avatarId
      } catch (error) {
        await storage.deletePrefix(avatarPrefix(avatarId))
        throw error
      } finally {
        await scratch.remove(image.path)
      }
    },

    /** Drops a prepared avatar that will not be set (the request failed after it). */
    discard,

    /** Makes a prepared avatar the user's; the previous one stops loading. */
    async set (userId: string, avatarId: string): Promise<User> {
      let stored
      try {
        stored = await prisma.$transaction(async (tx) => {
          const previous = await tx.avatar.findUnique({ where: { userId } })
          if (previous !== null) await tx.avatar.delete({ where: { userId } })
          await tx.avatar.create({ data: { id: avatarId, userId, createdAt: now() } })
          const user = await tx.user.update({ where: { id: userId }, data: { avatarId }, omit: { passwordHash: true } })
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
        await tx.user.update({ where: { id: userId }, data: { avatarId: null } })
        return previous
      })
      if (previous !== null) await discard(previous.id)
    },

    /** The stored size of a current avatar; a replaced or deleted one is 404. */
    async find (avatarId: string, size: AvatarSize) {
      const key = blobKeys.avatar(avatarId, size)
      const avatar = await prisma.avatar.findUnique({ where: { id: avatarId } })
      const stat = avatar === null ? null : await storage.stat(key)
      if (avatar === null || stat === null) throw errors.notFound('No such avatar.')
      return { key, size: stat.size, modifiedAt: avatar.createdAt, contentType: AVATAR_FORMAT.type }
    },

    /** For the sweeper: does an avatar row still name this blob? */
    async isReferenced ({ id }: BlobOwner): Promise<boolean> {
      return await prisma.avatar.findUnique({ where: { id }, select: { id: true } }) !== null
    },

    /** For the sweeper: where a user's avatar is stored. */
    async blobPrefixesOf (userId: string): Promise<string[]> {
      const avatar = await prisma.avatar.findUnique({ where: { userId }, select: { id: true } })
      return avatar === null ? [] : [avatarPrefix(avatar.id)]
    }
  }
}

export type AvatarService = ReturnType<typeof createAvatarService>
