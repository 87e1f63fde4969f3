// A second server started on a SQLite file a running one has open crashed migrating (`unknown variant SocketTimeout`).
import { join } from 'node:path'
import t from 'tap'
import { SERVER_JWT_SECRET, startServer, tempDir } from '../helpers/server-process.js'

t.test('a second instance on the same database file starts and serves beside the first', async (t) => {
  const dir = tempDir(t)
  const env = { JWT_SECRET: SERVER_JWT_SECRET, DATABASE_URL: `file:${join(dir, 'app.db')}`, UPLOAD_DIR: join(dir, 'uploads') }
  const first = await startServer(t, env)
  const second = await startServer(t, env)
  t.not(second.url, first.url)
  t.same(await (await fetch(`${second.url}/ready`)).json(), { status: 'ready' }, 'the second serves')
  t.same(await (await fetch(`${first.url}/ready`)).json(), { status: 'ready' }, 'and the first still does')
})
