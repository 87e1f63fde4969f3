// NODE_ENV=prod was refused with "Expected union value", naming neither the allowed values nor what was given.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { ConfigError, loadConfig } from '../../src/config.js'
import { exitOf, SERVER_JWT_SECRET, tempDir } from '../helpers/server-process.js'

const ALLOWED = /NODE_ENV must be one of development, test, production, got "prod"/

t.test('loadConfig refuses an unknown NODE_ENV, naming the variable and the allowed values', async (t) => {
  const error = (() => {
    try { loadConfig({ NODE_ENV: 'prod', JWT_SECRET: SERVER_JWT_SECRET }) } catch (error) { return error }
  })()
  t.type(error, ConfigError)
  t.match((error as Error).message, ALLOWED)
})

t.test('the server exits 1 with that message, before it generates a development secret', async (t) => {
  const cwd = tempDir(t)
  const result = await exitOf(t, { NODE_ENV: 'prod' }, { cwd })
  t.equal(result.code, 1)
  t.match(result.output, ALLOWED)
  t.notOk(existsSync(join(cwd, 'data', 'jwt-secret')), 'no development fallback for an environment that is not development')
})
