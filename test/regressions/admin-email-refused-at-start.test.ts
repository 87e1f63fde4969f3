// ADMIN_EMAIL was declared with TypeBox's `format: 'email'`, a format nothing registered for config checks, so
// every address stopped the start with "ADMIN_EMAIL is invalid: Expected union value".
import t from 'tap'
import { ConfigError, loadConfig } from '../../src/config.js'
import { TEST_JWT_SECRET } from '../helpers/build.js'

t.test('an address is accepted (lower-cased); something else is refused, naming the variable', async (t) => {
  t.equal(loadConfig({ JWT_SECRET: TEST_JWT_SECRET, ADMIN_EMAIL: ' Boss@Example.com ' }).adminEmail, 'boss@example.com')
  t.equal(loadConfig({ JWT_SECRET: TEST_JWT_SECRET }).adminEmail, null)
  t.throws(() => loadConfig({ JWT_SECRET: TEST_JWT_SECRET, ADMIN_EMAIL: 'not an address' }), ConfigError)
  t.throws(() => loadConfig({ JWT_SECRET: TEST_JWT_SECRET, ADMIN_EMAIL: 'not an address' }), /ADMIN_EMAIL/)
})
