import { createHmac } from 'node:crypto'
import { deriveKey } from '../../crypto.js'

/**
 * A session's refresh tokens form a chain: each token's successor is derived
 * from it (HMAC-SHA256 under a key of its own), so a replay within the reuse
 * window can be answered with the session's live token although only hashes
 * of tokens are ever stored.
 */
export function createRefreshChain (jwtSecret: string) {
  const key = deriveKey(jwtSecret, 'refresh-token-chain')
  const child = (token: string) => createHmac('sha256', key).update(token).digest('base64url')
  return {
    child,
    /** The token `steps` generations after `token`. */
    descendant (token: string, steps: number): string {
      let current = token
      for (let step = 0; step < steps; step++) current = child(current)
      return current
    }
  }
}

export type RefreshChain = ReturnType<typeof createRefreshChain>
