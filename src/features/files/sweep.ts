import type { PrismaClient } from '../../generated/prisma/client.js'
import type { Scratch } from '../../storage/scratch.js'
import { parseKey, type BlobStorage } from '../../storage/types.js'

export const avatarPrefix = (avatarId: string) => `avatars/${avatarId}/`

/** Rows first, blobs second: a crash in between leaves only blobs without rows, which `sweep` removes. */
export function createSweeper ({ prisma, storage, scratch }: {
  prisma: PrismaClient
  storage: BlobStorage
  scratch: Scratch
}) {
  /** Whether a row still names this blob. */
  async function isReferenced (key: string): Promise<boolean> {
    const { group, id, name } = parseKey(key)
    if (group === 'avatars') return await prisma.avatar.findUnique({ where: { id }, select: { id: true } }) !== null
    if (group !== 'files') return true // not ours to judge
    if (name === 'original') return await prisma.file.findUnique({ where: { id }, select: { id: true } }) !== null
    if (name.startsWith('v-')) {
      return await prisma.fileVariant.findFirst({ where: { id: name.slice(2), fileId: id }, select: { id: true } }) !== null
    }
    return false
  }

  return {
    async sweep (before: Date): Promise<{ temporary: number, orphans: number }> {
      const temporary = await storage.sweepTemporary(before) + await scratch.sweep(before)
      let orphans = 0
      for (const group of ['files/', 'avatars/']) {
        for await (const blob of storage.list(group)) {
          if (blob.modifiedAt >= before || await isReferenced(blob.key)) continue
          await storage.delete(blob.key)
          orphans++
        }
      }
      return { temporary, orphans }
    },

    async purgeUser (userId: string): Promise<void> {
      const files = await prisma.file.findMany({ where: { userId }, select: { id: true } })
      const avatar = await prisma.avatar.findUnique({ where: { userId }, select: { id: true } })
      await prisma.$transaction([
        prisma.file.deleteMany({ where: { userId } }),
        prisma.avatar.deleteMany({ where: { userId } }),
        prisma.storageUsage.deleteMany({ where: { userId } }),
        prisma.user.updateMany({ where: { id: userId }, data: { avatarUrl: null } })
      ])
      await Promise.all(files.map(async (file) => await storage.deletePrefix(`files/${file.id}/`)))
      if (avatar !== null) await storage.deletePrefix(avatarPrefix(avatar.id))
    }
  }
}
