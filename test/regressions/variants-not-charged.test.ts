// Image variants were kept on disk for free: only originals counted toward the owner's quota.
import t from 'tap'
import { build } from '../helpers/build.js'
import { filePart, png, uploadOk } from '../helpers/files.js'
import { bearer, signUp } from '../helpers/users.js'

t.test('a kept variant is charged to the owner, and deleting the file gives it back', async (t) => {
  const app = await build(t)
  const { accessToken, user } = await signUp(app)
  const usage = async () =>
    Number((await app.prisma.storageUsage.findUnique({ where: { userId: user.id } }))?.bytes ?? 0n)
  const [file] = await uploadOk(app, accessToken, [filePart(await png(300, 200), 'p.png', 'image/png')])
  const before = await usage()
  const variant = await app.inject({ url: `/v1/files/${file.id}/content?w=100&format=png`, headers: bearer(accessToken) })
  t.equal(variant.statusCode, 200)
  const row = await app.prisma.fileVariant.findFirstOrThrow({ where: { fileId: file.id } })
  t.equal(await usage(), before + Math.max(row.size, 4096), 'the variant is charged (at least 4 KiB)')
  const again = await app.inject({ url: `/v1/files/${file.id}/content?w=100&format=png`, headers: bearer(accessToken) })
  t.equal(again.statusCode, 200)
  t.equal(await usage(), before + Math.max(row.size, 4096), 'a cached variant is charged once')
  const deleted = await app.inject({ method: 'DELETE', url: `/v1/files/${file.id}`, headers: bearer(accessToken) })
  t.equal(deleted.statusCode, 204)
  t.equal(await usage(), 0, 'the file and its variant gave their charge back')
})
