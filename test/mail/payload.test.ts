import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import t from 'tap'
import { sqliteFilePath } from '../../src/db/database-url.js'
import { deriveKey } from '../../src/crypto.js'
import { openPayload, sealPayload } from '../../src/mail/payload.js'
import { build, freshSqliteDatabase, TEST_JWT_SECRET } from '../helpers/build.js'

const token = 'secret-link-token-Zm9vYmFyYmF6cXV4'

t.test('the outbox row holds the variables encrypted: the token is nowhere in the database files', async (t) => {
  // The files are SQLite's (the row is sealed before any database sees it).
  const app = await build(t, { databaseUrl: `file:${await freshSqliteDatabase(t)}` })
  const link = app.mail.link('resetPassword', token)
  const row = await app.prisma.outboxMessage.create({
    data: app.mail.message('hal@example.com', 'reset-password', { username: 'hal', link, expiresIn: '1 hour' })
  })
  t.equal(row.to, 'hal@example.com', 'the address itself, so a notice outlives the account')
  t.match(row.payload, /^v1\./)
  t.notMatch(row.payload, token)
  const files = readdirSync(dirname(sqliteFilePath(app.config.databaseUrl)))
    .filter((name) => name.startsWith('app.db'))
  t.ok(files.length > 0)
  for (const name of files) {
    const bytes = readFileSync(join(dirname(sqliteFilePath(app.config.databaseUrl)), name))
    t.notOk(bytes.includes(token), `not in ${name}`)
    t.notOk(bytes.includes(Buffer.from(token).toString('base64')), `not in ${name}, even base64-encoded`)
  }
  const key = deriveKey(TEST_JWT_SECRET, 'mail-outbox')
  t.same(openPayload(key, row.id, row.payload ?? ''), { username: 'hal', link, expiresIn: '1 hour' })
})

t.test('a payload opens only on its own row, under its own key, unaltered', async (t) => {
  const key = deriveKey(TEST_JWT_SECRET, 'mail-outbox')
  const sealed = sealPayload(key, 'row-1', { link: token })
  t.same(openPayload(key, 'row-1', sealed), { link: token })
  t.throws(() => openPayload(key, 'row-2', sealed), 'moved to another row')
  t.throws(() => openPayload(deriveKey(TEST_JWT_SECRET, 'other'), 'row-1', sealed), 'another key')
  const [version, iv, tag, ciphertext] = sealed.split('.')
  const flipped = Buffer.from(ciphertext, 'base64url')
  flipped[0] ^= 1
  t.throws(() => openPayload(key, 'row-1', [version, iv, tag, flipped.toString('base64url')].join('.')), 'altered')
  t.throws(() => openPayload(key, 'row-1', [version, iv, tag.slice(0, 8), ciphertext].join('.')), 'a short tag')
  t.throws(() => openPayload(key, 'row-1', 'v0.x'), /unreadable/)
})

t.test('a row whose payload cannot be opened (the secret changed) fails for good instead of retrying', async (t) => {
  const app = await build(t)
  const row = await app.prisma.outboxMessage.create({
    data: app.mail.message('ivy@example.com', 'password-changed', { username: 'ivy' })
  })
  await app.prisma.outboxMessage.update({
    where: { id: row.id },
    data: { payload: sealPayload(deriveKey('another-secret-another-secret-another', 'mail-outbox'), row.id, {}) }
  })
  await app.mail.flush()
  const stored = await app.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })
  t.equal(stored.status, 'failed')
  t.equal(stored.payload, null)
  t.ok(stored.lastError)
})
