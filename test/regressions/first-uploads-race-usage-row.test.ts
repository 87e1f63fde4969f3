// A user's first uploads, sent at once, each created the StorageUsage row: Prisma's `upsert` with an empty update
// reads, then inserts, so on PostgreSQL (parallel connections) all but one insert failed on the primary key and
// answered 500. SQLite's single writer hid it.
import t from 'tap'
import { build } from '../helpers/build.js'
import { filePart, upload } from '../helpers/files.js'
import { signUp } from '../helpers/users.js'

t.test("a new user's first uploads at once are all stored, none is a 500", async (t) => {
  const app = await build(t)
  const { accessToken, user } = await signUp(app)
  const responses = await Promise.all(Array.from({ length: 8 }, async (_, index) =>
    await upload(app, accessToken, [filePart(`file ${index}`, `f${index}.txt`, 'text/plain')])))
  t.same(responses.map((response) => response.statusCode), Array(8).fill(201))
  const usage = await app.prisma.storageUsage.findUniqueOrThrow({ where: { userId: user.id } })
  t.equal(usage.files, 8, 'every file counted once, in one row')
})
