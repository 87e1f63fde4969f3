import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../../config.js'
import type { PrismaClient } from '../../generated/prisma/client.js'
import type { Mail } from '../../mail/plugin.js'
import { createAttemptLimiter } from './attempt-limiter.js'

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
export function createLoginThrottle ({ config, now, outbox }: {
  config: Config
  now: () => Date
  /** Without one (a test of the service alone) no notice is written. */
  outbox?: NoticeOutbox
}) {
  const windowSeconds = config.loginAccountRateLimitWindow
  const texts = createAttemptLimiter({ max: config.loginAccountRateLimitMax, windowSeconds, now })
  const devices = createAttemptLimiter({ max: config.loginDeviceRateLimitMax, windowSeconds, now })
  // One entry per account told in this window: a notice "failed" once blocks the next.
  const notified = createAttemptLimiter({ max: 1, windowSeconds, now })
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
    texts.fail(login)
    const retryAfter = texts.blockedFor(login)
    if (retryAfter === 0 || account === null || notified.blockedFor(account.email) > 0) return
    notified.fail(account.email)
    await notify(account, retryAfter)
  }

  return {
    /** Seconds until this login text may try again; 0 when it may now. */
    blockedFor: (login: string) => texts.blockedFor(login),
    /** A wrong password for `login`; `account` is the account it names, if any (for the notice). */
    fail: async (login: string, account: LoginNames | null) => { await countFailure(login, account) },
    succeeded: (login: string) => { texts.reset(login) },

    /** Seconds until this device (the id of a valid device token) may try again. */
    deviceBlockedFor: (deviceId: string) => devices.blockedFor(deviceId),
    failDevice: (deviceId: string) => { devices.fail(deviceId) },
    deviceSucceeded: (deviceId: string) => { devices.reset(deviceId) },

    /** A wrong `currentPassword`: counts for every text of the account (awaiting it is optional). */
    failAccount: async (account: LoginNames) => {
      await Promise.all(namesOf(account).map((name) => countFailure(name, account)))
    },
    /** After a password reset: the account starts afresh (its device tokens are revoked apart). */
    clear: (account: LoginNames) => {
      for (const name of namesOf(account)) texts.reset(name)
      notified.reset(account.email)
    }
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>
