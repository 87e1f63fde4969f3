import { availableParallelism } from 'node:os'
import { dictionary } from '@zxcvbn-ts/language-common'
import * as argon2 from 'argon2'
import type { Config } from '../../config.js'
import { createSemaphore } from '../../media/semaphore.js'

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'matches_identity'

// zxcvbn-ts's list of the most common passwords (about 49,000, from leaked sets).
const commonPasswords = new Set(dictionary['passwords-common'] as string[])

/** NFKC, as NIST SP 800-63B asks; the normalised form is what is hashed and checked. */
export const normalizePassword = (password: string) => password.normalize('NFKC')

/**
 * NIST SP 800-63B: length 8..128 (code points, after normalisation), no
 * composition rules, refused when common or equal to the account's identity.
 */
export function checkPasswordPolicy (
  password: string,
  identity: { email: string, username: string }
): PasswordProblem[] {
  const problems: PasswordProblem[] = []
  const length = [...password].length
  if (length < 8) problems.push('too_short')
  if (length > 128) problems.push('too_long')
  const lower = password.toLowerCase()
  if (commonPasswords.has(lower)) problems.push('common')
  const identities = [identity.email, identity.username, identity.email.split('@')[0]]
    .filter((value) => value.length > 0)
  if (identities.includes(lower)) problems.push('matches_identity')
  return problems
}

export function createPasswordHasher (
  config: Pick<Config, 'argon2MemoryKib' | 'argon2Iterations' | 'argon2Parallelism'>,
  concurrency = Math.max(2, availableParallelism())
) {
  const options: argon2.Options & { raw?: false } = {
    type: argon2.argon2id,
    memoryCost: config.argon2MemoryKib,
    timeCost: config.argon2Iterations,
    parallelism: config.argon2Parallelism
  }
  // Bounds how many hashes run at once, so argon2 cannot fill libuv's pool (shared with fs).
  const { run: limit } = createSemaphore(concurrency)
  // Verified when the account does not exist, so unknown logins take as long as
  // wrong passwords. Made at start-up, so the first unknown login is not slower.
  const dummyHash = argon2.hash('dummy password for timing equality', options)

  return {
    hash: async (password: string) => await limit(async () => await argon2.hash(password, options)),
    verify: async (hash: string, password: string) => await limit(async () => await argon2.verify(hash, password)),
    async verifyDummy (password: string): Promise<false> {
      const hash = await dummyHash
      await limit(async () => await argon2.verify(hash, password))
      return false
    },
    needsRehash: (hash: string) => argon2.needsRehash(hash, options)
  }
}

export type PasswordHasher = ReturnType<typeof createPasswordHasher>
