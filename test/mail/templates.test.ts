import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { BUILT_IN_TEMPLATES_DIR, loadTemplates, MAIL_TEMPLATES, type MailTemplate } from '../../src/mail/templates.js'
import { build, freshDatabase, testConfig } from '../helpers/build.js'
import { startSmtpServer, tokenFrom } from '../helpers/smtp.js'
import { tempDir } from '../helpers/server-process.js'

/** The variables the features pass to each template (every one also gets username). */
const VARIABLES: Record<MailTemplate, string[]> = {
  'verify-email': ['link', 'expiresIn'],
  'reset-password': ['link', 'expiresIn'],
  'confirm-email-change': ['link', 'expiresIn', 'newEmail'],
  'email-change-requested': ['newEmail'],
  'password-changed': [],
  'account-deleted': [],
  'signin-throttled': ['retryAfterMinutes'],
  'new-signin': ['ip', 'userAgent', 'time']
}

const placeholders = (text: string) => new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]))

t.test('each built-in template has a subject, both parts, and uses exactly the variables it is given', async (t) => {
  t.same(readdirSync(BUILT_IN_TEMPLATES_DIR).sort(),
    MAIL_TEMPLATES.flatMap((name) => [`${name}.html`, `${name}.txt`]).sort(), 'no file missing or stray')
  const templates = loadTemplates(null)
  for (const name of MAIL_TEMPLATES) {
    const expected = ['username', ...VARIABLES[name]].sort()
    for (const extension of ['txt', 'html']) {
      const used = placeholders(readFileSync(join(BUILT_IN_TEMPLATES_DIR, `${name}.${extension}`), 'utf8'))
      t.same([...used].sort(), expected, `${name}.${extension}`)
    }
    const values = Object.fromEntries(expected.map((variable) => [variable, `<${variable}-value>`]))
    const mail = templates.render(name, values)
    t.ok(mail.subject.length > 0 && !mail.subject.includes('{{'), `${name}: subject`)
    t.notMatch(mail.text, /\{\{|Subject:/, `${name}: text filled, subject line not in the body`)
    t.notMatch(mail.html, /\{\{/, `${name}: html filled`)
  }
  const change = templates.render('email-change-requested', { username: 'u', newEmail: 'n@example.com' })
  t.notMatch(change.text + change.html, /https?:|href=/, 'the notice to the old address offers no link to act on')
  t.match(change.text, /reset/i)
})

t.test('rendering: HTML escaped in the HTML part only, unknown names empty, no template injection', async (t) => {
  const templates = loadTemplates(null)
  const evil = { username: '<script>alert("x")</script> & \'{{link}}\'', link: 'https://app.example/v#token=t' }
  const mail = templates.render('verify-email', { ...evil, expiresIn: '{{username}}' })
  t.match(mail.html, 'Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;{{link}}&#39;,')
  t.notMatch(mail.html, '<script>')
  t.match(mail.text, 'Hello <script>alert("x")</script> & \'{{link}}\',', 'text is not HTML')
  t.match(mail.text, 'expires in {{username}}.', 'a value is never expanded again')
  t.equal(templates.render('password-changed', {}).text.split('\n')[0], 'Hello ,', 'a missing variable is empty')
  const prototype = templates.render('password-changed', JSON.parse('{"__proto__": {"username": "x"}}'))
  t.match(prototype.text, 'Hello ,', 'only own properties are variables')
  t.equal(templates.render('password-changed', { username: 'a\r\nBcc: x@evil.example' }).subject,
    'Your password was changed', 'variables in a subject cannot add header lines')
})

t.test('MAIL_TEMPLATES_DIR overrides the files it holds; the others fall back to the built-in ones', async (t) => {
  const dir = tempDir(t, 'mail-templates-')
  writeFileSync(join(dir, 'verify-email.txt'), 'Subject: Welcome aboard, {{username}}\n\nOur own words: {{link}}\n')
  const smtp = await startSmtpServer(t)
  const app = await build(t, { config: { smtpUrl: smtp.url, mailTemplatesDir: dir } })
  const link = app.mail.link('verifyEmail', 'override-token')
  await app.prisma.outboxMessage.create({
    data: app.mail.message('gus@example.com', 'verify-email', { username: 'gus', link, expiresIn: '24 hours' })
  })
  await app.prisma.outboxMessage.create({
    data: app.mail.message('gus@example.com', 'password-changed', { username: 'gus' })
  })
  await app.mail.flush()
  const welcome = await smtp.waitForMessage((message) => message.subject === 'Welcome aboard, gus')
  t.equal(welcome.text.trim(), `Our own words: ${link}`)
  t.equal(tokenFrom(welcome), 'override-token')
  t.match(welcome.html, 'Confirm my address', 'the HTML part it does not override is the built-in one')
  const notice = await smtp.waitForMessage((message) => message.subject === 'Your password was changed')
  t.match(notice.text, 'Hello gus,')
})

t.test('a template folder that is missing or a template without a Subject line fails the start', async (t) => {
  const file = await freshDatabase(t)
  await t.rejects(buildApp({ config: testConfig(file, { mailTemplatesDir: '/nonexistent/mail-templates' }) }),
    /MAIL_TEMPLATES_DIR \/nonexistent\/mail-templates does not exist/)
  const dir = mkdtempSync(join(tempDir(t), 'templates-'))
  writeFileSync(join(dir, 'new-signin.txt'), 'New sign-in, {{username}}\n')
  await t.rejects(buildApp({ config: testConfig(file, { mailTemplatesDir: dir }) }), /new-signin\.txt must start/)
})
