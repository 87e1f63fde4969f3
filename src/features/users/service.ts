import type { PrismaClient } from '../../generated/prisma/client.js'
import { ApiError, errors } from '../../errors.js'
import type { Account } from '../../plugins/session-status-cache.js'
import type { PublicProfile, User } from '../../schemas.js'

// Names a user could use to pass for the service or collide with routes.
const RESERVED_USERNAMES = new Set([
  'admin', 'administrator', 'root', 'system', 'sysadmin', 'superuser', 'support', 'help', 'security',
  'api', 'app', 'www', 'mail', 'email', 'postmaster', 'hostmaster', 'webmaster', 'abuse', 'noreply', 'no-reply',
  'me', 'self', 'user', 'users', 'account', 'accounts', 'auth', 'login', 'logout', 'signup', 'signin', 'register',
  'settings', 'profile', 'docs', 'openapi', 'health', 'ready', 'status', 'null', 'undefined', 'anonymous',
  'moderator', 'mod', 'staff', 'official', 'owner', 'billing', 'files', 'images', 'avatar', 'static', 'public'
])

export function assertUsernameAllowed (username: string): void {
  if (RESERVED_USERNAMES.has(username)) {
    throw errors.validation([{ path: '/username', message: 'is reserved', code: 'reserved' }], 'This username is reserved.')
  }
}

/** A user without an uploaded avatar shows a generated one, seeded by their id (never their email). */
export const avatarUrlOf = (row: { id: string, avatarUrl: string | null }, publicUrl: string) =>
  row.avatarUrl ?? `${publicUrl}/v1/images/avatar/${row.id}.png`

export function toUser (row: Account, publicUrl: string): User {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    displayName: row.displayName,
    bio: row.bio,
    avatarUrl: avatarUrlOf(row, publicUrl),
    emailVerified: row.emailVerified,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}

/** Which unique field a colliding email/username hits, as the public 409. */
export async function conflictFor (prisma: PrismaClient, email: string | undefined, username: string | undefined): Promise<ApiError | null> {
  if (email !== undefined && await prisma.user.findUnique({ where: { email }, select: { id: true } }) !== null) return errors.emailTaken()
  if (username !== undefined && await prisma.user.findUnique({ where: { username }, select: { id: true } }) !== null) return errors.usernameTaken()
  return null
}

export const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002'

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

    async updateMe (userId: string, changes: { displayName?: string | null, username?: string, bio?: string | null }): Promise<User> {
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
        select: { id: true, username: true, displayName: true, bio: true, avatarUrl: true, createdAt: true }
      })
      if (user === null) throw errors.notFound(`No user is called "${username}".`)
      return { ...user, avatarUrl: avatarUrlOf(user, publicUrl), createdAt: user.createdAt.toISOString() }
    }
  }
}
