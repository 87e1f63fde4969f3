import type { Session } from './session.js'
import { unref } from './util.js'

/** What one tab tells the others that share its session. */
export type TabMessage =
  | { type: 'session', session: Session, csrfToken?: string }
  | { type: 'signed-out' }

/** The tabs' BroadcastChannel (same origin only); null where there is none or sharing is off. */
export function createTabChannel (name: string | null, onMessage: (message: TabMessage) => void) {
  if (name === null || typeof BroadcastChannel !== 'function') return null
  const channel = new BroadcastChannel(name)
  channel.onmessage = (event: { data: unknown }) => {
    const message = event.data as Partial<TabMessage> | null
    if (message?.type === 'signed-out') onMessage({ type: 'signed-out' })
    else if (message?.type === 'session' && typeof message.session?.accessToken === 'string') onMessage(message as TabMessage)
  }
  unref(channel)
  return {
    post: (message: TabMessage) => { channel.postMessage(message) },
    close: () => { channel.close() }
  }
}
