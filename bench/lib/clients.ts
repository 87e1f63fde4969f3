// Client-side helpers of the bench: JSON posts for set-up and checks, and per-connection
// bodies for autocannon (wrk's per-request tokens and refresh pool are in bench/wrk/).
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
