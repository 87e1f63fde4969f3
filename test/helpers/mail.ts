// An app whose mail goes through a real SMTP server in the test process.
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import type { Config } from '../../src/config.js'
import { build, testClock } from './build.js'
import { startSmtpServer, tokenFrom, type ReceivedMail, type SmtpServer } from './smtp.js'

export interface MailedApp {
  app: FastifyInstance
  smtp: SmtpServer
  clock: ReturnType<typeof testClock>
  /** The next message delivered to `to` (optionally also matching `subject`). */
  mailTo: (to: string, subject?: RegExp) => Promise<ReceivedMail>
  /** The token of the next link mailed to `to`. */
  linkTo: (to: string, subject?: RegExp) => Promise<string>
  /** The token of the newest link mailed to `to` once everything due is delivered (older ones may be void). */
  latestLinkTo: (to: string, subject?: RegExp) => Promise<string>
}

export async function buildWithMail (t: Test, config: Partial<Config> = {}): Promise<MailedApp> {
  const smtp = await startSmtpServer(t)
  const clock = testClock()
  const app = await build(t, { now: clock.now, config: { smtpUrl: smtp.url, ...config } })
  const matching = (to: string, subject?: RegExp) => (message: ReceivedMail) =>
    message.to === to && (subject?.test(message.subject) ?? true)
  const mailTo = async (to: string, subject?: RegExp) => {
    await app.mail.flush()
    return await smtp.waitForMessage(matching(to, subject))
  }
  async function latestLinkTo (to: string, subject?: RegExp) {
    await app.mail.flush() // a message is recorded before the server accepts it, so it is here now
    const latest = smtp.messages.filter(matching(to, subject)).at(-1)
    if (latest === undefined) throw new Error(`no message to ${to}`)
    return tokenFrom(latest)
  }
  return {
    app, smtp, clock, mailTo, latestLinkTo, linkTo: async (to, subject) => tokenFrom(await mailTo(to, subject))
  }
}
