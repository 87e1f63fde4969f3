import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const MAIL_TEMPLATES = ['verify-email', 'reset-password', 'confirm-email-change', 'email-change-requested',
  'password-changed', 'account-deleted', 'signin-throttled', 'new-signin'] as const
export type MailTemplate = typeof MAIL_TEMPLATES[number]

/**
 * The built-in templates, found from the project root: tsc copies no .txt/.html into dist/, and both
 * src/mail/ and dist/mail/ sit two levels under it.
 */
export const BUILT_IN_TEMPLATES_DIR = fileURLToPath(new URL('../../src/mail/templates/', import.meta.url))

export interface RenderedMail {
  subject: string
  text: string
  html: string
}

interface TemplateFiles {
  subject: string
  text: string
  html: string
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character])

/**
 * One pass over the template: a value is inserted as it is and never read again, so a variable holding
 * `{{link}}` stays that text (no injection). Unknown names render empty.
 */
function fill (template: string, variables: Record<string, string>, escape: (text: string) => string): string {
  return template.replace(PLACEHOLDER, (_match, name: string) =>
    Object.hasOwn(variables, name) ? escape(String(variables[name])) : '')
}

function readTemplate (name: MailTemplate, overrideDir: string | null): TemplateFiles {
  const read = (extension: string) => {
    const file = `${name}.${extension}`
    const override = overrideDir === null ? null : join(overrideDir, file)
    const found = override !== null && existsSync(override) ? override : join(BUILT_IN_TEMPLATES_DIR, file)
    return readFileSync(found, 'utf8')
  }
  const [firstLine, ...rest] = read('txt').split(/\r?\n/)
  const subject = /^Subject:\s*(.*)$/i.exec(firstLine)
  if (subject === null) throw new Error(`mail template ${name}.txt must start with a "Subject: ..." line`)
  return { subject: subject[1].trim(), text: rest.join('\n').replace(/^\n+/, ''), html: read('html') }
}

/** Reads every template once (a missing or malformed one fails the start); each file in `overrideDir` wins. */
export function loadTemplates (overrideDir: string | null) {
  if (overrideDir !== null && !existsSync(overrideDir)) {
    throw new Error(`MAIL_TEMPLATES_DIR ${overrideDir} does not exist`)
  }
  const files = new Map(MAIL_TEMPLATES.map((name) => [name, readTemplate(name, overrideDir)]))
  return {
    render (name: MailTemplate, variables: Record<string, string>): RenderedMail {
      const template = files.get(name)
      if (template === undefined) throw new Error(`unknown mail template ${name}`)
      return {
        // A header is one line, whatever a variable holds.
        subject: fill(template.subject, variables, (text) => text.replace(/[\r\n]+/g, ' ')),
        text: fill(template.text, variables, (text) => text),
        html: fill(template.html, variables, escapeHtml)
      }
    }
  }
}

export type Templates = ReturnType<typeof loadTemplates>

export function isMailTemplate (name: string): name is MailTemplate {
  return (MAIL_TEMPLATES as readonly string[]).includes(name)
}
