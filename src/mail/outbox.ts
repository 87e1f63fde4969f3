import type { OutboxMessage, PrismaClient } from '../generated/prisma/client.js'

/** A claimed row is this sender's for so long: long enough for any send, short enough to recover from a crash. */
export const LEASE_MS = 5 * 60_000
export const BACKOFF_START_SECONDS = 30
export const BACKOFF_CAP_SECONDS = 60 * 60

/** Seconds before attempt `attempts + 1`: doubling from 30 s up to an hour, plus up to 25% so rows spread out. */
export function retryDelaySeconds (attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_START_SECONDS * 2 ** Math.max(attempts - 1, 0), BACKOFF_CAP_SECONDS)
  return base * (1 + random() * 0.25)
}

// Connection-level failures say nothing about the message: the next attempt may well succeed.
// (EOUTBOX: the dev outbox could not write its file.)
const TEMPORARY_CODES = new Set([
  'ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH',
  'ENETUNREACH', 'EAI_AGAIN', 'EOUTBOX'
])

/** SMTP 4xx replies and connection errors are worth retrying; 5xx replies and anything else are final. */
export function isTemporaryFailure (error: unknown): boolean {
  const { responseCode, code } = (error ?? {}) as { responseCode?: unknown, code?: unknown }
  if (typeof responseCode === 'number') return responseCode >= 400 && responseCode < 500
  return typeof code === 'string' && TEMPORARY_CODES.has(code)
}

/** What is kept of an error in the row and the log: its code and message, never the message's content. */
export function describeError (error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown, message?: unknown }
  const text = typeof message === 'string' ? message : String(error)
  return (typeof code === 'string' ? `${code}: ${text}` : text).slice(0, 500)
}

/** Rows a sender may take now: pending, due, and not under another sender's live lease. */
function claimable (now: Date) {
  return {
    status: 'pending',
    nextAttemptAt: { lte: now },
    OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }]
  }
}

export interface OutboxOptions {
  prisma: PrismaClient
  now: () => Date
  /** Seconds after a message's creation when a temporary failure becomes final. */
  retryForSeconds: number
  /** Told of each failed attempt this sender recorded: retried later, or failed for good (metrics count them). */
  onFailure?: (outcome: 'retry' | 'gave_up') => void
}

export function createOutbox ({ prisma, now, retryForSeconds, onFailure = () => {} }: OutboxOptions) {
  return {
    /** Messages not yet sent nor failed for good (metrics sample it). */
    async pending (): Promise<number> {
      return await prisma.outboxMessage.count({ where: { status: 'pending' } })
    },

    /**
     * Takes up to `limit` due rows under a lease. Each take is a conditional UPDATE on the attempts read (a
     * compare-and-set): of two senders that read the same row, only one update matches.
     */
    async claim (limit: number): Promise<OutboxMessage[]> {
      const at = now()
      const due = await prisma.outboxMessage.findMany({
        where: claimable(at), orderBy: { nextAttemptAt: 'asc' }, take: limit
      })
      const leaseUntil = new Date(at.getTime() + LEASE_MS)
      const claimed: OutboxMessage[] = []
      for (const row of due) {
        const { count } = await prisma.outboxMessage.updateMany({
          where: { id: row.id, attempts: row.attempts, ...claimable(at) },
          data: { leaseUntil, attempts: { increment: 1 } }
        })
        if (count === 1) claimed.push({ ...row, leaseUntil, attempts: row.attempts + 1 })
      }
      return claimed
    },

    /** Deletes sent and failed rows written before `before` (they hold no payload: only a delivery record). */
    async purgeFinished (before: Date): Promise<number> {
      const { count } = await prisma.outboxMessage.deleteMany({
        where: { status: { in: ['sent', 'failed'] }, createdAt: { lt: before } }
      })
      return count
    },

    async markSent (row: OutboxMessage): Promise<void> {
      await prisma.outboxMessage.update({
        where: { id: row.id },
        data: { status: 'sent', sentAt: now(), payload: null, leaseUntil: null, lastError: null }
      })
    },

    /**
     * Records a failed attempt: a temporary one inside the retry window is tried again later (never later than
     * the window's end, so the last try falls on it); anything else fails for good and the payload goes.
     * Only the sender still holding the claim writes.
     */
    async markFailed (row: OutboxMessage, error: unknown): Promise<{ retryAt: Date | null }> {
      const at = now()
      const giveUpAt = row.createdAt.getTime() + retryForSeconds * 1000
      const lastError = describeError(error)
      const mine = { id: row.id, attempts: row.attempts, status: 'pending' }
      if (isTemporaryFailure(error) && at.getTime() < giveUpAt) {
        const retryAt = new Date(Math.min(at.getTime() + retryDelaySeconds(row.attempts) * 1000, giveUpAt))
        const { count } = await prisma.outboxMessage.updateMany({
          where: mine, data: { nextAttemptAt: retryAt, leaseUntil: null, lastError }
        })
        if (count === 1) onFailure('retry')
        return { retryAt }
      }
      const { count } = await prisma.outboxMessage.updateMany({
        where: mine, data: { status: 'failed', payload: null, leaseUntil: null, lastError }
      })
      if (count === 1) onFailure('gave_up')
      return { retryAt: null }
    }
  }
}

export type Outbox = ReturnType<typeof createOutbox>
