// A client that disconnects mid-upload must leave nothing behind. This is
// about sockets, so it uses a real one (inject cannot hang up half-way).
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { build } from '../../helpers/build.js'
import { filePart, filesUnder, multipart, png } from '../../helpers/files.js'
import { signUp } from '../../helpers/users.js'

async function until (condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

for (const kind of ['text', 'image'] as const) {
  t.test(`a client that hangs up half-way through a ${kind} leaves no row, blob or temporary file`, async (t) => {
    const app = await build(t)
    const { accessToken } = await signUp(app)
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as AddressInfo

    const big = kind === 'text'
      ? filePart('x'.repeat(4 * 1024 * 1024), 'big.txt', 'text/plain')
      : filePart(Buffer.concat([await png(64, 64), Buffer.alloc(4 * 1024 * 1024)]), 'big.png', 'image/png')
    const body = multipart([filePart('complete first part', 'first.txt', 'text/plain'), big])
    const socket = connect(port, '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    socket.write([
      'POST /v1/files HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      `Authorization: Bearer ${accessToken}`,
      `Content-Type: ${body.headers['content-type']}`,
      `Content-Length: ${body.payload.length}`,
      '', ''
    ].join('\r\n'))
    socket.write(body.payload.subarray(0, body.payload.length / 2))

    const dir = app.config.uploadDir
    // The first part is stored and the second is being written before we hang up.
    await until(() => {
      const present = filesUnder(dir)
      return present.some((path) => path.startsWith('blobs/')) && present.some((path) => path.startsWith('tmp/') || path.startsWith('scratch/'))
    }, 'the server is mid-upload')
    socket.destroy()

    await until(() => filesUnder(dir).length === 0, 'the leftovers are removed')
    t.same(filesUnder(dir), [], 'no blob, temporary or scratch file')
    t.equal(await app.prisma.file.count(), 0, 'no row')
    t.equal(await app.prisma.storageUsage.count({ where: { bytes: { gt: 0 } } }), 0, 'no quota used')
  })
}
