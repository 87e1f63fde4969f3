// A real SMTP server in the test process (smtp-server), so mail goes through
// nodemailer and the wire exactly as in production, and tests read links out
// of the delivered messages.
import { simpleParser } from 'mailparser'
import { type AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server'
import type { Test } from 'tap'

export interface ReceivedMail {
  /** The message as it came over the wire. */
  raw: string
  /** The envelope recipient (RCPT TO). */
  to: string
  /** The From header's address. */
  from: string
  subject: string
  text: string
  html: string
  messageId: string
  /** The AUTH user the client signed in as, if any. */
  user: string | null
}

export interface SmtpServer {
  url: string
  port: number
  /** Every message delivered so far, in order. */
  messages: ReceivedMail[]
  /**
   * The first delivered message that matches and was not handed out by an earlier call (so successive calls
   * give successive messages); waits for one up to `timeoutMs`.
   */
  waitForMessage: (predicate?: (message: ReceivedMail) => boolean, timeoutMs?: number) => Promise<ReceivedMail>
  /** Answer `code` to every RCPT and DATA until called with null (451: try later; 550: never). */
  failWith: (code: number | null) => void
  /** How many RCPT or DATA commands were refused by `failWith`. */
  refused: () => number
  /** The most client connections that were open at once. */
  peakConnections: () => number
}

class SmtpReply extends Error {
  constructor (readonly responseCode: number) { super(`test server answers ${responseCode}`) }
}

async function streamText (stream: SMTPServerDataStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Starts an SMTP server on 127.0.0.1 (a free port), closed when the test ends. */
export async function startSmtpServer (t: Test, options: { closeTimeoutMs?: number } = {}): Promise<SmtpServer> {
  const messages: ReceivedMail[] = []
  const handedOut = new Set<ReceivedMail>()
  const waiters = new Set<() => void>()
  let failCode: number | null = null
  let refused = 0
  let open = 0
  let peak = 0

  const refusal = () => {
    if (failCode === null) return null
    refused += 1
    return new SmtpReply(failCode)
  }

  const server = new SMTPServer({
    // Its self-signed STARTTLS certificate would otherwise make nodemailer refuse the connection.
    hideSTARTTLS: true,
    authOptional: true,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: options.closeTimeoutMs ?? 1000,
    onConnect (_session, callback) {
      open += 1
      peak = Math.max(peak, open)
      callback()
    },
    onClose () { open -= 1 },
    onAuth (auth, _session, callback) {
      callback(null, { user: auth.username })
    },
    onRcptTo (_address, _session, callback) {
      callback(refusal())
    },
    onData (stream, session, callback) {
      streamText(stream).then(async (raw) => {
        const error = refusal()
        if (error !== null) return callback(error)
        const parsed = await simpleParser(raw)
        messages.push({
          raw,
          to: session.envelope.rcptTo[0]?.address ?? '',
          from: parsed.from?.value[0]?.address ?? '',
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
          messageId: parsed.messageId ?? '',
          user: typeof session.user === 'string' ? session.user : null
        })
        callback()
        for (const wake of waiters) wake()
      }).catch((error: Error) => callback(error))
    }
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => { server.off('error', reject); resolve() })
  })
  t.teardown(() => new Promise<void>((resolve) => { server.close(() => resolve()) }))
  const { port } = server.server.address() as AddressInfo

  function waitForMessage (predicate: (message: ReceivedMail) => boolean = () => true, timeoutMs = 5000) {
    return new Promise<ReceivedMail>((resolve, reject) => {
      const check = () => {
        const found = messages.find((message) => !handedOut.has(message) && predicate(message))
        if (found === undefined) return false
        handedOut.add(found)
        waiters.delete(check)
        clearTimeout(timer)
        resolve(found)
        return true
      }
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`no matching message within ${timeoutMs} ms (${messages.length} received)`))
      }, timeoutMs)
      if (!check()) waiters.add(check)
    })
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitForMessage,
    failWith: (code) => { failCode = code },
    refused: () => refused,
    peakConnections: () => peak
  }
}

/** The token a mailed link carries in its fragment (`#token=...`); throws if the message has none. */
export function tokenFrom (message: Pick<ReceivedMail, 'text'>): string {
  const match = /#token=([A-Za-z0-9_-]+)/.exec(message.text)
  if (match === null) throw new Error(`no #token= link in the message: ${message.text}`)
  return match[1]
}
