import type { Audit, AuditClient } from '../../audit/plugin.js'
import type { Config, SecurityNotice } from '../../config.js'
import { errors } from '../../errors.js'
import type { Prisma, PrismaClient, User as UserRow } from '../../generated/prisma/client.js'
import type { MailTemplate, Mail } from '../../mail/plugin.js'
import type { Sweeper } from '../../media/sweeper.js'
import { assertAnotherActiveAdmin, conflictFor, isActiveAdmin, isUniqueViolation, lockActiveAdmins, toUser } from '../../accounts.js'
import type { User } from '../../schemas.js'
import { memoryAttemptLimiters, type AttemptLimiterFactory } from '../../redis/attempt-limiter.js'
import type { LinkPurpose, LinkTokens } from './link-tokens.js'
import type { LoginThrottle } from './login-throttle.js'
import { checkPasswordPolicy, type PasswordHasher } from './passwords.js'
import type { SessionManager } from './sessions.js'

type Db = Prisma.TransactionClient

/** `86400` → "24 hours", `3600` → "1 hour", `5400` → "90 minutes": how long a mailed link works. */
export function describeDuration (seconds: number): string {
  const [amount, unit] = seconds % 3600 === 0 ? [seconds / 3600, 'hour'] : [Math.ceil(seconds / 60), 'minute']
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`
}

/** The mails that carry a link, by the link's purpose. */
const linkMail: Record<LinkPurpose, { template: MailTemplate, flow: 'verifyEmail' | 'resetPassword' | 'changeEmail' }> = {
  verify_email: { template: 'verify-email', flow: 'verifyEmail' },
  reset_password: { template: 'reset-password', flow: 'resetPassword' },
  change_email: { template: 'confirm-email-change', flow: 'changeEmail' }
}

/**
 * The account's lifecycle after sign-up: proving the address, resetting and
 * changing the password, moving to a new address, and deletion. Every mail is
 * an outbox row written in the same transaction as the change it announces.
 */
export function createAccountService ({
  prisma, config, now, hasher, sessions, loginThrottle, linkTokens, mail, sweeper, audit,
  limiters = memoryAttemptLimiters
}: {
  prisma: PrismaClient
  config: Config
  now: () => Date
  hasher: PasswordHasher
  sessions: SessionManager
  loginThrottle: LoginThrottle
  linkTokens: LinkTokens
  mail: Mail
  sweeper: Sweeper
  audit: Audit
  /** Where the mail counts live (`app.attemptLimiter`: Redis when configured); this process by default. */
  limiters?: AttemptLimiterFactory
}) {
  // Mails a user can make us send to an address (a reset, a verification), counted per account and flow.
  const mailRequests = limiters('mail-requests', {
    max: config.mailAccountRateLimitMax,
    windowSeconds: config.mailAccountRateLimitWindow,
    now
  })

  /** Writes the notice when SECURITY_NOTICES has it on. */
  async function notify (db: Db, notice: SecurityNotice, to: string, variables: Record<string, string>) {
    if (!config.securityNotices.includes(notice)) return
    await db.outboxMessage.create({ data: mail.message(to, notice.replaceAll('_', '-') as MailTemplate, variables) })
  }

  /** Issues a link token and writes its mail, in the caller's transaction. */
  async function mailLink (db: Db, user: UserRow, purpose: LinkPurpose, to: string) {
    const token = await linkTokens.issue(db, user.id, purpose, to)
    const { template, flow } = linkMail[purpose]
    await db.outboxMessage.create({
      data: mail.message(to, template, {
        username: user.username,
        newEmail: to,
        link: mail.link(flow, token),
        expiresIn: describeDuration(linkTokens.ttlSeconds(purpose))
      })
    })
  }

  /** Silently false once the account has asked for this mail too often (the answer stays 202). */
  async function mayMail (userId: string, purpose: LinkPurpose): Promise<boolean> {
    // One step: two requests at once (on two nodes) cannot both take the last mail.
    return await mailRequests.take(`${purpose}:${userId}`)
  }

  /**
   * The credential check of credential-changing routes: a valid access token is
   * not enough. A wrong password counts toward the login throttle, so a stolen
   * token cannot become a password oracle; a throttled account is refused before hashing.
   */
  async function checkCurrentPassword (userId: string, currentPassword: string): Promise<UserRow> {
    const user = await prisma.user.findUnique({ where: { id: userId } })
    if (user === null) throw errors.invalidToken('The account of this access token no longer exists.')
    const retryAfter = Math.max(
      ...await Promise.all([loginThrottle.blockedFor(user.email), loginThrottle.blockedFor(user.username)]))
    if (retryAfter > 0) throw errors.accountThrottled(retryAfter)
    if (!await hasher.verify(user.passwordHash, currentPassword)) {
      await loginThrottle.failAccount(user)
      throw errors.invalidCurrentPassword()
    }
    return user
  }

  async function newPasswordHash (user: UserRow, newPassword: string): Promise<string> {
    const problems = checkPasswordPolicy(newPassword, user)
    if (problems.length > 0) throw errors.weakPassword(problems, '/newPassword')
    return await hasher.hash(newPassword)
  }

  return {
    /** Mails a verification link to the account's address (nothing when it is verified already). */
    async requestEmailVerification (userId: string): Promise<void> {
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } })
      if (user.emailVerified || !await mayMail(user.id, 'verify_email')) return
      await prisma.$transaction(async (tx) => { await mailLink(tx, user, 'verify_email', user.email) })
      mail.kick()
    },

    /** The verification mail of a new account, in the transaction that creates it. */
    async mailVerification (db: Db, user: UserRow): Promise<void> {
      await mailLink(db, user, 'verify_email', user.email)
    },

    /**
     * Follows a verification or email-change link. An email change takes effect
     * only here, and never onto an address another account took meanwhile.
     */
    async verifyEmail (token: string, client: AuditClient): Promise<User> {
      let changedEmail = false
      const user = await prisma.$transaction(async (tx) => {
        const link = await linkTokens.consume(tx, token, ['verify_email', 'change_email'])
        if (link === null) throw errors.invalidLinkToken()
        changedEmail = link.purpose === 'change_email'
        if (link.purpose === 'verify_email') {
          // A link mailed to an address the account has since left proves nothing.
          const { count } = await tx.user.updateMany({
            where: { id: link.userId, email: link.email },
            data: { emailVerified: true }
          })
          if (count === 0) throw errors.invalidLinkToken()
        } else {
          try {
            await tx.user.update({ where: { id: link.userId }, data: { email: link.email, emailVerified: true } })
          } catch (error) {
            if (isUniqueViolation(error)) throw errors.emailTaken()
            throw error
          }
          // Pending verifications of the old address are moot.
          await tx.linkToken.deleteMany({ where: { userId: link.userId, purpose: 'verify_email' } })
        }
        return await tx.user.findUniqueOrThrow({ where: { id: link.userId }, omit: { passwordHash: true } })
      })
      await audit.record({ type: changedEmail ? 'email_changed' : 'email_verified', userId: user.id, client })
      return toUser(user, config.publicUrl)
    },

    /**
     * The work behind `forgotPassword`, done after the 202 has been sent: whether
     * the address exists changes nothing the client sees.
     */
    async forgotPassword (email: string): Promise<void> {
      const user = await prisma.user.findUnique({ where: { email } })
      if (user === null || !await mayMail(user.id, 'reset_password')) return
      await prisma.$transaction(async (tx) => { await mailLink(tx, user, 'reset_password', user.email) })
      mail.kick()
    },

    /**
     * Sets a new password from a reset link: every session, refresh token,
     * device token and mailed link of the account ends, and the login throttle
     * starts afresh (the owner proved control of the address).
     */
    async resetPassword (token: string, newPassword: string, client: AuditClient): Promise<void> {
      const link = await linkTokens.find(prisma, token, ['reset_password'])
      const holder = link === null ? null : await prisma.user.findUnique({ where: { id: link.userId } })
      if (holder === null) throw errors.invalidLinkToken()
      // Hashed before the transaction: no lock is held across argon2.
      const passwordHash = await newPasswordHash(holder, newPassword)
      const user = await prisma.$transaction(async (tx) => {
        const used = await linkTokens.consume(tx, token, ['reset_password'])
        if (used === null) throw errors.invalidLinkToken()
        await linkTokens.revokeAll(tx, used.userId)
        const updated = await tx.user.update({
          where: { id: used.userId },
          data: { passwordHash, devicesRevokedAt: now() }
        })
        await notify(tx, 'password_changed', updated.email, { username: updated.username })
        return updated
      })
      const sessionsEnded = await sessions.endAllOf(user.id, 'password_reset')
      await loginThrottle.clear(user)
      mail.kick()
      await audit.record({ type: 'password_reset', userId: user.id, client, detail: { sessionsEnded } })
    },

    /** A new password for the signed-in user: every other session and outstanding link ends. */
    async changePassword (
      userId: string, sessionId: string, currentPassword: string, newPassword: string, client: AuditClient
    ) {
      const user = await checkCurrentPassword(userId, currentPassword)
      const passwordHash = await newPasswordHash(user, newPassword)
      await prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { passwordHash } })
        await linkTokens.revokeAll(tx, user.id)
        await notify(tx, 'password_changed', user.email, { username: user.username })
      })
      const sessionsEnded = await sessions.endAllOf(user.id, 'password_changed', sessionId)
      mail.kick()
      await audit.record({ type: 'password_changed', userId: user.id, client, detail: { sessionsEnded } })
    },

    /**
     * Mails a confirmation link to the new address and a notice (with no link)
     * to the old one; the address changes when the link is followed.
     */
    async changeEmail (userId: string, newEmail: string, currentPassword: string, client: AuditClient): Promise<void> {
      const user = await checkCurrentPassword(userId, currentPassword)
      if (newEmail === user.email) {
        throw errors.validation([{ path: '/newEmail', message: 'is already your address' }])
      }
      const conflict = await conflictFor(prisma, newEmail, undefined)
      if (conflict !== null) throw errors.emailTaken('/newEmail')
      await prisma.$transaction(async (tx) => {
        await mailLink(tx, user, 'change_email', newEmail)
        await notify(tx, 'email_change_requested', user.email, { username: user.username, newEmail })
      })
      mail.kick()
      // No address in the detail: events outlive the account, its addresses must not.
      await audit.record({ type: 'email_change_requested', userId: user.id, client })
    },

    /**
     * Deletes the account: its rows in one transaction (the user's row cascades
     * to sessions, tokens, files, variants, avatar and usage), then its blobs.
     * The notice keeps the address, so it outlives the account.
     */
    async deleteAccount (userId: string, currentPassword: string, client: AuditClient): Promise<void> {
      const user = await checkCurrentPassword(userId, currentPassword)
      await sweeper.purgeUser(user.id, async () => {
        await prisma.$transaction(async (tx) => {
          // The last admin cannot leave: promote another first.
          await lockActiveAdmins(tx)
          const current = await tx.user.findUniqueOrThrow({
            where: { id: user.id }, select: { role: true, disabled: true }
          })
          if (isActiveAdmin(current)) await assertAnotherActiveAdmin(tx, user.id)
          await notify(tx, 'account_deleted', user.email, { username: user.username })
          await tx.user.delete({ where: { id: user.id } })
        })
      })
      mail.kick()
      // Kept after the account (no foreign key), with its id and never its address.
      await audit.record({ type: 'account_deleted', userId: user.id, client })
    }
  }
}

export type AccountService = ReturnType<typeof createAccountService>
