import t from 'tap'
import { loadConfig, parseDuration } from '../src/config.js'
import { build } from './helpers/build.js'
import { logLines } from './helpers/platform.js'

const secret = { JWT_SECRET: 'x'.repeat(32) }

t.test('defaults are the documented ones', async (t) => {
  const config = loadConfig(secret)
  t.match(config, {
    host: '127.0.0.1',
    port: 3000,
    publicUrl: 'http://127.0.0.1:3000',
    nodeEnv: 'development',
    logLevel: 'info',
    databaseUrl: 'file:./data/app.db',
    accessTokenTtl: 900,
    refreshTokenTtl: 30 * 86400,
    sessionIdleTimeout: 7 * 86400,
    refreshReuseInterval: 10,
    argon2MemoryKib: 19456,
    argon2Iterations: 2,
    argon2Parallelism: 1,
    corsOrigins: [],
    trustProxy: false,
    rateLimitMax: 300,
    rateLimitWindow: 60,
    authRateLimitMax: 30,
    authRateLimitWindow: 300,
    loginAccountRateLimitMax: 10,
    loginAccountRateLimitWindow: 900,
    bodyLimit: 1024 * 1024
  })
})

t.test('durations, sizes, lists and proxy forms', async (t) => {
  t.equal(parseDuration('X', '900'), 900)
  t.equal(parseDuration('X', '15m'), 900)
  t.equal(parseDuration('X', '12h'), 43200)
  t.equal(parseDuration('X', '30d'), 2592000)
  t.equal(parseDuration('X', '45s'), 45)
  const config = loadConfig({
    ...secret,
    CORS_ORIGINS: 'https://a.example, https://b.example',
    BODY_LIMIT: '512kb',
    HOST: '::1',
    PORT: '8080'
  })
  t.same(config.corsOrigins, ['https://a.example', 'https://b.example'])
  t.equal(config.bodyLimit, 512 * 1024)
  t.equal(config.publicUrl, 'http://[::1]:8080')
  t.equal(loadConfig({ ...secret, BODY_LIMIT: '2mb' }).bodyLimit, 2 * 1024 * 1024)
  t.equal(loadConfig({ ...secret, BODY_LIMIT: '4096' }).bodyLimit, 4096)
  t.equal(loadConfig({ ...secret, PUBLIC_URL: 'https://api.example.com/' }).publicUrl, 'https://api.example.com')
  t.equal(loadConfig({ ...secret, TRUST_PROXY: 'true' }).trustProxy, true)
  t.equal(loadConfig({ ...secret, TRUST_PROXY: 'false' }).trustProxy, false)
  t.equal(loadConfig({ ...secret, TRUST_PROXY: '2' }).trustProxy, 2)
  t.same(loadConfig({ ...secret, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1'])
})

t.test('a bad variable fails with a message naming it', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ ACCESS_TOKEN_TTL: 'soon' }, /ACCESS_TOKEN_TTL/],
    [{ ARGON2_MEMORY_KIB: '1024' }, /ARGON2_MEMORY_KIB/],
    [{ ARGON2_ITERATIONS: '1' }, /ARGON2_ITERATIONS/],
    [{ JWT_SECRET: 'too-short' }, /JWT_SECRET.*32 bytes/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ DATABASE_URL: 'postgres://x/db?connection_limit=0' }, /connection_limit/],
    [{ DATABASE_URL: 'postgres://x/db?schema=other' }, /schema/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV must be one of development, test, production, got "staging"/],
    [{ UPLOAD_ALLOWED_TYPES: 'image/png,image/svg+xml' }, /UPLOAD_ALLOWED_TYPES must be one of image\/png, .*got "image\/svg\+xml"/],
    [{ BODY_LIMIT: 'huge' }, /BODY_LIMIT/],
    [{ RATE_LIMIT_MAX: '0' }, /RATE_LIMIT_MAX/]
  ]
  for (const [env, message] of cases) {
    t.throws(() => loadConfig({ ...secret, ...env }), { name: 'ConfigError', message }, JSON.stringify(env))
  }
})

t.test('TRUST_PROXY=true warns at start: clients would choose their own IP; a hop count or CIDRs do not warn', async (t) => {
  const trustAll: string[] = []
  await build(t, { logs: trustAll, config: { trustProxy: true } })
  const warning = logLines(trustAll).find((line) => line.level === 40 && /TRUST_PROXY=true/.test(String(line.msg)))
  t.ok(warning, 'a warning names TRUST_PROXY=true')
  t.match(warning?.msg, /rate-limit key.*number of proxies.*CIDRs/)
  for (const trustProxy of [1, ['10.0.0.0/8'], false]) {
    const logs: string[] = []
    await build(t, { logs, config: { trustProxy } })
    t.notOk(logs.join('').includes('TRUST_PROXY'), `no warning for ${JSON.stringify(trustProxy)}`)
  }
})
