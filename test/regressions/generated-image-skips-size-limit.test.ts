// Saving a generated image (POST /v1/images/files) skipped UPLOAD_MAX_BYTES, which every upload must meet.
import t from 'tap'
import { build } from '../helpers/build.js'
import { filesUnder } from '../helpers/files.js'
import { bearer, signUp } from '../helpers/users.js'

t.test('a generated image larger than UPLOAD_MAX_BYTES is refused and leaves nothing', async (t) => {
  const app = await build(t, { config: { uploadMaxBytes: 100 } })
  const { accessToken, user } = await signUp(app)
  const scene = { width: 64, height: 64, format: 'png', shapes: [{ type: 'rect', x: 1, y: 1, width: 40, height: 30, fill: 'red' }] }
  const drawn = await app.inject({ method: 'POST', url: '/v1/images', headers: bearer(accessToken), payload: scene })
  t.equal(drawn.statusCode, 200)
  t.ok(drawn.rawPayload.length > 100, 'the image is over the limit')
  const saved = await app.inject({ method: 'POST', url: '/v1/images/files', headers: bearer(accessToken), payload: scene })
  t.equal(saved.statusCode, 413)
  t.equal(saved.json().code, 'file_too_large')
  t.equal(await app.prisma.file.count(), 0)
  t.equal(Number((await app.prisma.storageUsage.findUnique({ where: { userId: user.id } }))?.bytes ?? 0n), 0)
  t.same(filesUnder(app.config.uploadDir).filter((path) => path.startsWith('blobs/')), [])
})
