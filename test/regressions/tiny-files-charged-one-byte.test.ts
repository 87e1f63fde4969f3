// A 1-byte file cost a row, a directory and an inode but was charged one byte against the quota.
import t from 'tap'
import { build } from '../helpers/build.js'
import { filePart, upload, uploadOk } from '../helpers/files.js'
import { signUp } from '../helpers/users.js'

t.test('each file is charged at least 4 KiB', async (t) => {
  const app = await build(t, { config: { uploadQuotaBytes: 3 * 4096 } })
  const { accessToken, user } = await signUp(app)
  const usage = async () =>
    Number((await app.prisma.storageUsage.findUnique({ where: { userId: user.id } }))?.bytes ?? 0n)
  const [file] = await uploadOk(app, accessToken, [filePart('x', 'one.txt', 'text/plain')])
  t.equal(file.size, 1, 'the file keeps its real size')
  t.equal(await usage(), 4096)
  await uploadOk(app, accessToken, [filePart('y', 'two.txt', 'text/plain'), filePart('z', 'three.txt', 'text/plain')])
  t.equal(await usage(), 3 * 4096)
  const over = await upload(app, accessToken, [filePart('w', 'four.txt', 'text/plain')])
  t.equal(over.statusCode, 413)
  t.equal(over.json().code, 'quota_exceeded')
  t.equal(await app.prisma.file.count(), 3)
})
