import type { Config } from '../../config.js'
import { createAttemptLimiter } from './attempt-limiter.js'

/** The texts an account can be signed in with. */
export interface LoginNames {
  email: string
  username: string
}

/**
 * The login throttle: failed passwords counted per login text (an email or a
 * username, known or not), so the answer for one text never depends on
 * another's count and a 429 cannot tell which email belongs to which username.
 * A wrong `currentPassword` on a credential-changing route counts for every
 * text of the account.
 */
export function createLoginThrottle ({ config, now }: { config: Config, now: () => Date }) {
  const attempts = createAttemptLimiter({
    max: config.loginAccountRateLimitMax,
    windowSeconds: config.loginAccountRateLimitWindow,
    now
  })
  const namesOf = (account: LoginNames) => [account.email, account.username]
  return {
    /** Seconds until this login text may try again; 0 when it may now. */
    blockedFor: (login: string) => attempts.blockedFor(login),
    fail: (login: string) => { attempts.fail(login) },
    succeeded: (login: string) => { attempts.reset(login) },
    failAccount: (account: LoginNames) => { for (const name of namesOf(account)) attempts.fail(name) },
    /** After a password reset: the account starts afresh. */
    clear: (account: LoginNames) => { for (const name of namesOf(account)) attempts.reset(name) }
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>
