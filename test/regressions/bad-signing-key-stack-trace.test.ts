// A misconfigured signing key (JWT_PRIVATE_KEY_FILE without JWT_KEY_ID) was found inside buildApp, so the
// server died with an unhandled stack trace instead of the one-line configuration error and exit 1.
import t from 'tap'
import { exitOf, tempDir } from '../helpers/server-process.js'

t.test('the server exits 1 with a configuration error naming the variable', async (t) => {
  const cwd = tempDir(t)
  const result = await exitOf(t, { JWT_PRIVATE_KEY_FILE: 'missing.pem' }, { cwd })
  t.equal(result.code, 1)
  t.match(result.output, /^Configuration error: .*JWT_KEY_ID/m)
  t.notMatch(result.output, /\n\s+at /, 'no stack trace')
})
