import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { deriveKey } from '../crypto.js'
import { runPeriodically } from '../periodic.js'
import { isDatabaseUnavailable } from '../db/unavailable.js'
import type { OutboxMessage, Prisma } from '../generated/prisma/client.js'
import { createOutbox, describeError } from './outbox.js'
import { openPayload, sealPayload } from './payload.js'
import { isMailTemplate, loadTemplates, MAIL_TEMPLATES, type MailTemplate } from './templates.js'
import { createOutboxTransport, createSmtpTransport } from './transport.js'

export { MAIL_TEMPLATES, type MailTemplate }
export type LinkFlow = 'verifyEmail' | 'resetPassword' | 'changeEmail'

declare module 'fastify' {
  interface FastifyInstance { mail: Mail }
}

export interface Mail {
  /** The outbox row's data for one message. Callers write it in the same transaction as the change it
   *  announces: `tx.outboxMessage.create({ data: app.mail.message(to, 'verify-email', { username, link }) })`,
   *  or in a `prisma.$transaction([...])` batch. Variables are strings. */
  message (to: string, template: MailTemplate, variables: Record<string, string>): Prisma.OutboxMessageCreateInput
  /** PUBLIC_APP_URL + the flow's configured path + '#token=' + token (the token in the fragment, never the query). */
  link (flow: LinkFlow, token: string): string
  /** Wakes the sender now (call after the transaction that wrote rows has committed); else it polls about every
   *  second. */
  kick (): void
  /** Delivers every message due now and resolves when done (tests and the loop use it). */
  flush (): Promise<void>
}

/** How often the sender looks for due rows when nobody kicks it (rows written by another node, retries). */
export const POLL_INTERVAL_MS = 1000
/** Rows claimed and sent at once: a burst of mail never opens an unbounded number of connections. */
export const SEND_BATCH = 5
/** Sent and failed rows are kept this long, as a record of what was mailed when, then purged. */
export const KEEP_FINISHED_MS = 30 * 24 * 3600 * 1000
const PURGE_INTERVAL_MS = 3600 * 1000
/** A close waits this long for sends in flight; one cut short is sent again after its lease, same Message-ID. */
const CLOSE_WAIT_MS = 5000
/** How often a database outage is logged by the sender, which meets it on every poll. */
const OUTAGE_LOG_INTERVAL_MS = 60_000

const LINK_PATHS = {
  verifyEmail: 'verifyEmailLinkPath',
  resetPassword: 'resetPasswordLinkPath',
  changeEmail: 'changeEmailLinkPath'
} as const satisfies Record<LinkFlow, keyof Config>

/** The domain of MAIL_FROM's address, for Message-IDs (`localhost` if it has none usable). */
export function messageIdHost (mailFrom: string): string {
  const address = /<([^>]*)>/.exec(mailFrom)?.[1] ?? mailFrom
  const domain = address.slice(address.lastIndexOf('@') + 1).trim()
  return address.includes('@') && /^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'localhost'
}

/** `2025-01-31T12-00-00Z-<row id>`: outbox files sort by when the message was written. */
const outboxFileName = (row: OutboxMessage) =>
  `${row.createdAt.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')}-${row.id}`

async function mailPlugin (app: FastifyInstance) {
  const { config } = app
  const templates = loadTemplates(config.mailTemplatesDir)
  const key = deriveKey(config.jwtSecret, 'mail-outbox')
  const transport = config.smtpUrl === null
    ? createOutboxTransport(config.mailOutboxDir)
    : createSmtpTransport(config.smtpUrl)
  const outbox = createOutbox({
    prisma: app.prisma,
    now: app.now,
    retryForSeconds: config.mailRetryFor,
    onFailure: (outcome) => { app.metrics.mailFailures.inc({ outcome }) }
  })
  app.metrics.sources.outboxPending = outbox.pending
  const host = messageIdHost(config.mailFrom)

  /** Renders one claimed row and hands it to the transport (the dev outbox says which file it wrote). */
  async function send (row: OutboxMessage): Promise<{ file?: string, link?: string }> {
    if (row.payload === null) throw new Error('the message has no payload')
    if (!isMailTemplate(row.template)) throw new Error(`unknown mail template ${row.template}`)
    const variables = openPayload(key, row.id, row.payload)
    const { subject, text, html } = templates.render(row.template, variables)
    const { file } = await transport.send({
      from: config.mailFrom, to: row.to, messageId: row.messageId, date: row.createdAt, subject, text, html
    }, outboxFileName(row))
    return { file, link: variables.link }
  }

  /** One claimed row: sent and marked, or its failure recorded (the reason, never the content). */
  async function deliver (row: OutboxMessage) {
    const about = { outboxId: row.id, template: row.template, attempts: row.attempts }
    let sent: { file?: string, link?: string }
    try {
      sent = await send(row)
    } catch (error) {
      const { retryAt } = await outbox.markFailed(row, error)
      const reason = describeError(error)
      if (retryAt === null) app.log.warn({ ...about, reason }, 'mail failed for good')
      else app.log.warn({ ...about, reason, retryAt }, 'mail not delivered; will retry')
      return
    }
    await outbox.markSent(row)
    // Only the dev outbox names the link: it is how a newcomer follows a flow with no mail server.
    const { file, link } = sent
    if (file !== undefined) app.log.info({ ...about, file, link }, 'mail written to the outbox')
    else app.log.info(about, 'mail sent')
  }

  // `wanted`: a pass was asked for since the current one began; `closing`: no new claims.
  const sender = { closing: false, wanted: false, pass: null as Promise<void> | null, outageLoggedAt: -Infinity }

  async function deliverDue () {
    while (!sender.closing) {
      const rows = await outbox.claim(SEND_BATCH)
      if (rows.length === 0) return
      // A row whose outcome cannot be recorded keeps its lease, and is tried again once that ends.
      await Promise.all(rows.map((row) => deliver(row).catch((error: unknown) => {
        app.log.error({ outboxId: row.id, err: error }, 'could not record a mail delivery')
      })))
    }
  }

  /** Passes run one at a time; a flush during a pass asks for one more, so it also covers rows written since. */
  async function run () {
    try {
      while (sender.wanted && !sender.closing) {
        sender.wanted = false
        await deliverDue()
      }
    } catch (error) {
      // While the database is away every poll fails: once a minute is enough to say so.
      const at = Date.now()
      if (!isDatabaseUnavailable(error)) {
        app.log.error({ err: error }, 'could not deliver mail')
      } else if (at - sender.outageLoggedAt >= OUTAGE_LOG_INTERVAL_MS) {
        sender.outageLoggedAt = at
        app.log.error({ err: error }, 'could not deliver mail: the database is unavailable (said once a minute)')
      }
    } finally {
      sender.pass = null // in the same tick as the last look at `wanted`: no flush falls between
    }
  }

  function flush (): Promise<void> {
    sender.wanted = true
    // Started on the next microtask, so `pass` is set before `run` can clear it.
    sender.pass ??= Promise.resolve().then(run)
    return sender.pass
  }

  app.decorate('mail', {
    message (to, template, variables) {
      if (!isMailTemplate(template)) throw new TypeError(`unknown mail template ${template}`)
      const id = randomUUID()
      const now = app.now()
      return {
        id,
        messageId: `<${randomUUID()}@${host}>`,
        to,
        template,
        payload: sealPayload(key, id, variables),
        status: 'pending',
        nextAttemptAt: now,
        createdAt: now
      }
    },
    link (flow, token) {
      return `${config.publicAppUrl}${config[LINK_PATHS[flow]]}#token=${encodeURIComponent(token)}`
    },
    kick () { flush().catch(() => {}) },
    flush
  } satisfies Mail)

  runPeriodically(app, {
    name: 'purge finished mail',
    intervalMs: PURGE_INTERVAL_MS,
    task: async function purgeFinishedMail () {
      const purged = await outbox.purgeFinished(new Date(app.now().getTime() - KEEP_FINISHED_MS))
      if (purged > 0) app.log.info({ purged }, 'purged finished mail')
    }
  })

  let timer: NodeJS.Timeout | undefined
  app.addHook('onReady', async function startMailSender () {
    timer = setInterval(flush, POLL_INTERVAL_MS).unref()
    flush().catch(() => {})
  })
  app.addHook('onClose', async function stopMailSender () {
    sender.closing = true
    clearInterval(timer)
    let waited: NodeJS.Timeout | undefined
    await Promise.race([sender.pass, new Promise((resolve) => { waited = setTimeout(resolve, CLOSE_WAIT_MS) })])
    clearTimeout(waited)
    transport.close()
  })
}

export default fp(mailPlugin, { name: 'mail', dependencies: ['config', 'database', 'metrics'] })
