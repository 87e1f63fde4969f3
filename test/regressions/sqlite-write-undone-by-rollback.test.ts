// On SQLite every query runs on one connection. The adapter queued transactions behind each other but not the
// queries outside them: a request's write that arrived while another request's transaction was open ran inside
// it, was answered as done, and was undone when that transaction rolled back.
import t from 'tap'
import { build } from '../helpers/build.js'
import { bearer, signUp } from '../helpers/users.js'

t.test("a write made while another transaction is open survives that transaction's rollback", async (t) => {
  const app = await build(t)
  const writer = await signUp(app)
  const other = await signUp(app)

  let opened!: () => void
  let finish!: () => void
  const open = new Promise<void>((resolve) => { opened = resolve })
  const held = new Promise<void>((resolve) => { finish = resolve })
  const transaction = app.prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: other.user.id }, data: { bio: 'never committed' } })
    opened()
    await held
    throw new Error('rolled back on purpose')
  })
  await open

  const update = app.inject({
    method: 'PATCH',
    url: '/v1/me',
    headers: bearer(writer.accessToken),
    payload: { displayName: 'Saved' }
  })
  // Let the request reach the database before the transaction ends.
  await new Promise((resolve) => setTimeout(resolve, 50))
  finish()
  await t.rejects(transaction, /rolled back on purpose/)
  t.equal((await update).statusCode, 200)

  const saved = await app.prisma.user.findUniqueOrThrow({ where: { id: writer.user.id } })
  t.equal(saved.displayName, 'Saved', 'the answered write is stored')
  const untouched = await app.prisma.user.findUniqueOrThrow({ where: { id: other.user.id } })
  t.equal(untouched.bio, null, 'the rolled-back write is not')
})
