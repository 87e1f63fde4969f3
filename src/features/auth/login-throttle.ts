import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../../config.js'
import type { PrismaClient } from '../../generated/prisma/client.js'
import type { Mail } from '../../mail/plugin.js'
import { memoryAttemptLimiters, type AttemptLimiterFactory } from '../../redis/attempt-limiter.js'

/** The texts an account can be signed in with. */
export interface LoginNames {
  email: string
  username: string
}

/** Where the "sign-in throttled" notice is written. */
export interface NoticeOutbox {
  prisma: PrismaClient
  mail: Mail
  log: FastifyBaseLogger
}

/**
 * The login throttle. Failed passwords are counted per login text (an email or
 * a username, known or not), so the answer for one text never depends on
 * another's count and a 429 cannot tell which email belongs to which username.
 * A client presenting a valid device token for the account is exempt from the
 * login text's lock (an attacker's failures cannot lock the owner out of a
 * device they signed in on before) and has its own, smaller, counter instead.
 * A wrong `currentPassword` on a credential-changing route counts for every
 * text of the account. The account is told once per window when one of its
 * texts becomes throttled. The per-IP limits are the routes' own and apply to all.
 */
export function createLoginThrottle ({ config, now, outbox, limiters = memoryAttemptLimiters }: {
  config: Config
  now: () => Date
  /** Without one (a test of the service alone) no notice is written. */
  outbox?: NoticeOutbox
  /** Where the counts live (`app.attemptLimiter`: Redis when configured); this process by default. */
  limiters?: AttemptLimiterFactory
}) {
  const windowSeconds = config.loginAccountRateLimitWindow
  const texts = limiters('login-texts', { max: config.loginAccountRateLimitMax, windowSeconds, now })
  const devices = limiters('login-devices', { max: config.loginDeviceRateLimitMax, windowSeconds, now })
  // One count per account told in this window: only the first take() of the window writes the notice.
  const notified = limiters('login-notified', { max: 1, windowSeconds, now })
  const namesOf = (account: LoginNames) => [account.email, account.username]
  const noticeWanted = outbox !== undefined && config.securityNotices.includes('signin_throttled')

  /** The notice, written outside any request's fate: a failure to write it is logged, never answered. */
  async function notify (account: LoginNames, retryAfterSeconds: number): Promise<void> {
    if (outbox === undefined || !noticeWanted) return
    const { prisma, mail, log } = outbox
    try {
      await prisma.outboxMessage.create({
        data: mail.message(account.email, 'signin-throttled', {
          username: account.username, retryAfterMinutes: String(Math.ceil(retryAfterSeconds / 60))
        })
      })
      mail.kick()
    } catch (error) {
      log.error({ err: error }, 'could not write the sign-in throttled notice')
    }
  }

  async function countFailure (login: string, account: LoginNames | null): Promise<void> {
    const retryAfter = await texts.fail(login)
    // take(): the first failure of the window to see the throttle tells the account, whichever node it is on.
    if (retryAfter === 0 || account === null || !await notified.take(account.email)) return
    await notify(account, retryAfter)
  }

  return {
    /** Seconds until this login text may try again; 0 when it may now. */
    blockedFor: async (login: string) => await texts.blockedFor(login),
    /** A wrong password for `login`; `account` is the account it names, if any (for the notice). */
    fail: async (login: string, account: LoginNames | null) => { await countFailure(login, account) },
    succeeded: async (login: string) => { await texts.reset(login) },

    /** Seconds until this device (the id of a valid device token) may try again. */
    deviceBlockedFor: async (deviceId: string) => await devices.blockedFor(deviceId),
    failDevice: async (deviceId: string) => { await devices.fail(deviceId) },
    deviceSucceeded: async (deviceId: string) => { await devices.reset(deviceId) },

    /** A wrong `currentPassword`: counts for every text of the account. */
    failAccount: async (account: LoginNames) => {
      // One after the other: the second text sees the first's notice, so the account is told once.
      for (const name of namesOf(account)) await countFailure(name, account)
    },
    /** After a password reset: the account starts afresh (its device tokens are revoked apart). */
    clear: async (account: LoginNames) => {
      await Promise.all([...namesOf(account).map(texts.reset), notified.reset(account.email)])
    }
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>
