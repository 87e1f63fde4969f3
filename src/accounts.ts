// What several features need of a user account: how it is shown (auth,
// users and avatars all answer with a user), its name rules and how a
// collision on its unique fields is reported, and the last-admin rule.
import { ApiError, errors } from './errors.js'
import type { Prisma, PrismaClient } from './generated/prisma/client.js'
import type { Account } from './plugins/session-status-cache.js'
import type { User } from './schemas.js'

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

/**
 * The uploaded avatar's URL, built from PUBLIC_URL now (only the id is stored, so a new PUBLIC_URL leaves no old
 * host behind); without one, a generated avatar seeded by the user's id (never their email).
 */
export const avatarUrlOf = (row: { id: string, avatarId: string | null }, publicUrl: string) =>
  row.avatarId !== null ? `${publicUrl}/v1/avatars/${row.avatarId}` : `${publicUrl}/v1/images/avatar/${row.id}.png`

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
export async function conflictFor (
  prisma: PrismaClient,
  email: string | undefined,
  username: string | undefined
): Promise<ApiError | null> {
  if (email !== undefined && await prisma.user.findUnique({ where: { email }, select: { id: true } }) !== null) {
    return errors.emailTaken()
  }
  if (username !== undefined && await prisma.user.findUnique({ where: { username }, select: { id: true } }) !== null) {
    return errors.usernameTaken()
  }
  return null
}

export const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002'

/** An admin who can still act: the one the last-admin rule protects. */
export const isActiveAdmin = (user: { role: string, disabled: boolean }) => user.role === 'admin' && !user.disabled

/**
 * Takes the row locks of every active admin (a write that changes nothing) before the
 * last-admin rule is checked. A lone conditional UPDATE is not enough under READ COMMITTED:
 * two admins demoting each other would each count the other as still active (the other's
 * change is uncommitted) and both succeed. With the locks taken first, the second waits for
 * the first to commit, no longer finds the demoted row, and its count sees the change. On
 * SQLite this first write takes the database's write lock, which serialises the same way.
 */
export async function lockActiveAdmins (db: Prisma.TransactionClient): Promise<void> {
  await db.$executeRaw`UPDATE "User" SET "role" = "role" WHERE "role" = 'admin' AND "disabled" = false`
}

export async function assertAnotherActiveAdmin (db: Prisma.TransactionClient, userId: string): Promise<void> {
  const others = await db.user.count({ where: { role: 'admin', disabled: false, id: { not: userId } } })
  if (others === 0) throw errors.lastAdmin()
}
