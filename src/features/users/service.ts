import { assertUsernameAllowed, avatarUrlOf, isUniqueViolation, toUser } from '../../accounts.js'
import { errors } from '../../errors.js'
import type { PrismaClient } from '../../generated/prisma/client.js'
import type { Account } from '../../plugins/session-status-cache.js'
import type { PublicProfile, User } from '../../schemas.js'

export function createUserService ({ prisma, publicUrl }: { prisma: PrismaClient, publicUrl: string }) {
  async function requireUser (userId: string): Promise<Account> {
    const user = await prisma.user.findUnique({ where: { id: userId }, omit: { passwordHash: true } })
    if (user === null) throw errors.invalidToken('The account of this access token no longer exists.')
    return user
  }

  return {
    /** The signed-in user; `account` is the row the session check already read, when there is one. */
    async getMe (userId: string, account: Account | null = null): Promise<User> {
      return toUser(account ?? await requireUser(userId), publicUrl)
    },

    async updateMe (
      userId: string,
      changes: { displayName?: string | null, username?: string, bio?: string | null }
    ): Promise<User> {
      if (changes.username !== undefined) assertUsernameAllowed(changes.username)
      try {
        const user = await prisma.user.update({ where: { id: userId }, data: changes, omit: { passwordHash: true } })
        return toUser(user, publicUrl)
      } catch (error) {
        if (!isUniqueViolation(error)) throw error
        throw errors.usernameTaken()
      }
    },

    async getPublicProfile (username: string): Promise<PublicProfile> {
      const user = await prisma.user.findUnique({
        where: { username },
        select: { id: true, username: true, displayName: true, bio: true, avatarId: true, createdAt: true }
      })
      if (user === null) throw errors.notFound(`No user is called "${username}".`)
      return {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        bio: user.bio,
        avatarUrl: avatarUrlOf(user, publicUrl),
        createdAt: user.createdAt.toISOString()
      }
    }
  }
}
