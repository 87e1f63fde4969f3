// Client-side helpers of the bench: JSON posts for set-up and checks, per-connection
// tokens and bodies for autocannon, and the pool of unused refresh tokens.
import type autocannon from 'autocannon'

export interface Reply { status: number, body: Record<string, unknown>, error?: string }

export async function postJson (url: string, body: unknown): Promise<Reply> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      // A deadlock shows up as a failure here, not as a bench that never ends.
      signal: AbortSignal.timeout(120_000)
    })
    const text = await response.text()
    return { status: response.status, body: text === '' ? {} : JSON.parse(text) as Record<string, unknown> }
  } catch (error) {
    return { status: 0, body: {}, error: (error as Error).message }
  }
}

export function tally (replies: Reply[], ok: number): { ok: number, failures: string[] } {
  const failures = replies.filter((reply) => reply.status !== ok)
    .map((reply) => reply.error ?? `${reply.status} ${String(reply.body.code ?? '')}`)
  return { ok: replies.length - failures.length, failures }
}

/** One token or body per connection (autocannon calls setupClient once per connection). */
export function perConnection (values: string[], apply: (client: autocannon.Client, value: string) => void) {
  let next = 0
  return (client: autocannon.Client) => apply(client, values[next++ % values.length])
}
export const withToken = (client: autocannon.Client, token: string) => client.setHeaders({ authorization: `Bearer ${token}` })

/**
 * Refresh tokens rotate, so every request needs an unused one. A FIFO pool of
 * live refresh tokens: setupRequest takes one from the head, and each 200 puts the
 * rotated token it returns at the tail, so no token is ever presented twice (the
 * replay path is not what is measured). Counted, to show it.
 */
export function refreshPool (seed: string[]) {
  const queue = [...seed]
  const handedOut = new Set<string>()
  const stats = { seeded: seed.length, handedOut: 0, replayed: 0, exhausted: 0, refused: 0 }
  const requests: autocannon.Request[] = [{
    method: 'POST',
    setupRequest: (request) => {
      const token = queue.shift()
      if (token === undefined) stats.exhausted++
      else if (handedOut.has(token)) stats.replayed++
      else handedOut.add(token)
      stats.handedOut++
      return { ...request, body: JSON.stringify({ refreshToken: token ?? 'pool-exhausted' }) }
    },
    onResponse: (status, body) => {
      if (status === 200) queue.push((JSON.parse(body) as { refreshToken: string }).refreshToken)
      else stats.refused++
    }
  }]
  return { requests, stats, left: () => queue.length }
}
