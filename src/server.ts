// The process entry point: read the environment, migrate, build the app, listen,
// and close gracefully on SIGTERM/SIGINT. Everything else is in buildApp.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { randomToken } from './crypto.js'
import { loadTokenKeys } from './plugins/token-keys.js'
import { DatabaseBusyError, migrateDatabaseAt } from './db/migrate.js'
import { waitingMessage } from './db/migration-files.js'

const DEV_SECRET_FILE = 'data/jwt-secret'

/**
 * Production needs JWT_SECRET. Elsewhere a missing secret is generated once and
 * kept in ./data (mode 0600) so tokens survive restarts, with a warning each start.
 */
function resolveJwtSecret (env: NodeJS.ProcessEnv, warn: (message: string) => void): string | undefined {
  if (env.JWT_SECRET !== undefined && env.JWT_SECRET !== '') return env.JWT_SECRET
  if (env.NODE_ENV === 'production') {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production (at least 32 bytes; generate one with `openssl rand -base64 48`)')
  }
  // An unknown NODE_ENV gets no development fallback: loadConfig refuses it, naming the allowed values.
  if (env.NODE_ENV !== undefined && env.NODE_ENV !== 'development' && env.NODE_ENV !== 'test') return undefined
  if (!existsSync(DEV_SECRET_FILE)) {
    mkdirSync(dirname(DEV_SECRET_FILE), { recursive: true })
    writeFileSync(DEV_SECRET_FILE, randomToken() + randomToken(), { mode: 0o600 })
  }
  chmodSync(DEV_SECRET_FILE, 0o600)
  warn(`JWT_SECRET is not set: using the development secret in ./${DEV_SECRET_FILE}. Set JWT_SECRET (and NODE_ENV=production) in production.`)
  return readFileSync(DEV_SECRET_FILE, 'utf8').trim()
}

async function main () {
  let config: Config
  const warnings: string[] = []
  try {
    const jwtSecret = resolveJwtSecret(process.env, (message) => warnings.push(message))
    config = loadConfig({ ...process.env, JWT_SECRET: jwtSecret })
    // The signing keys are files: read and checked here, so a bad one is a configuration error like any other.
    loadTokenKeys(config)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`Configuration error: ${error.message}`)
    process.exit(1)
  }

  try {
    await migrateDatabaseAt(config.databaseUrl, {
      onWait: (pending) => { console.error(waitingMessage(pending)) }
    })
  } catch (error) {
    if (!(error instanceof DatabaseBusyError)) throw error
    console.error(`Migration error: ${error.message}`)
    process.exit(1)
  }
  const app = await buildApp({ config })
  for (const warning of warnings) app.log.warn(warning)

  let closing = false
  const close = (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'closing: finishing in-flight requests')
    // A stuck request must not keep the process alive forever.
    setTimeout(() => {
      app.log.error('graceful close timed out; exiting')
      process.exit(1)
    }, 10_000).unref()
    app.close().then(() => process.exit(0), (error: unknown) => {
      app.log.error({ err: error }, 'error while closing')
      process.exit(1)
    })
  }
  process.once('SIGTERM', close)
  process.once('SIGINT', close)

  await app.listen({ host: config.host, port: config.port })
}

await main()
