import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import nodemailer from 'nodemailer'

export interface OutgoingMail {
  from: string
  to: string
  subject: string
  text: string
  html: string
  /** Fixed when the row was written, so a resend is recognisably the same message. */
  messageId: string
  date: Date
}

export interface MailTransport {
  /** Delivers one message; for the dev outbox, resolves with the file it wrote. */
  send: (mail: OutgoingMail, name: string) => Promise<{ file?: string }>
  close: () => void
}

// A dead or stalling server fails the attempt instead of holding its claim (and the close) for ever.
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }

/**
 * nodemailer over SMTP_URL: smtp:// upgrades with STARTTLS when the server offers it (`?requireTLS=true`
 * insists), smtps:// is TLS from the start; user:password in the URL authenticate. One connection per
 * message: sends are few, and nothing stays open between them.
 */
export function createSmtpTransport (url: string): MailTransport {
  const transport = nodemailer.createTransport({ ...SMTP_TIMEOUTS, url })
  return {
    async send (mail) {
      await transport.sendMail(mail)
      return {}
    },
    close: () => { transport.close() }
  }
}

/** The dev outbox could not write its file: retried like a connection error (a full disk gets fixed). */
export class OutboxWriteError extends Error {
  readonly code = 'EOUTBOX'
}

/**
 * No SMTP_URL: each message becomes `<name>.eml` in `dir`, written to a temporary file and renamed, so a
 * reader never sees half a message. A resend of the same row overwrites its own file.
 */
export function createOutboxTransport (dir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    async send (mail, name) {
      const { message } = await composer.sendMail(mail)
      const file = join(dir, `${name}.eml`)
      const temporary = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`)
      try {
        await mkdir(dir, { recursive: true })
        await writeFile(temporary, message as Buffer, { mode: 0o600 })
        await rename(temporary, file)
      } catch (error) {
        await rm(temporary, { force: true }).catch(() => {})
        throw new OutboxWriteError(`could not write ${file}: ${(error as Error).message}`, { cause: error })
      }
      return { file }
    },
    close: () => { composer.close() }
  }
}
