import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { availableParallelism } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { databaseProvider, postgresqlPool, sqliteFilePath } from './db/database-url.js'
import { ENCODABLE_FORMATS as VARIANT_FORMATS, UPLOAD_TYPES } from './media/formats.js'

const Seconds = Type.Integer({ minimum: 1 })
const LinkPath = Type.String({ pattern: '^/[^#?]*$' })

/** The security notices mailed to a user, each switchable with SECURITY_NOTICES. */
export const SECURITY_NOTICES = [
  'password_changed', 'email_change_requested', 'account_deleted', 'signin_throttled', 'new_signin'
] as const
export type SecurityNotice = typeof SECURITY_NOTICES[number]

export const ConfigSchema = Type.Object({
  host: Type.String(),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  publicUrl: Type.String(),
  nodeEnv: Type.Union([Type.Literal('development'), Type.Literal('test'), Type.Literal('production')]),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level))),
  databaseUrl: Type.String({ pattern: '^(file:|postgres(ql)?://)' }),
  jwtSecret: Type.String({ minLength: 32 }),
  accessTokenTtl: Seconds,
  refreshTokenTtl: Seconds,
  sessionIdleTimeout: Seconds,
  refreshReuseInterval: Type.Integer({ minimum: 0 }),
  // OWASP's floor for argon2id: m=19 MiB, t=2, p=1.
  argon2MemoryKib: Type.Integer({ minimum: 19456 }),
  argon2Iterations: Type.Integer({ minimum: 2 }),
  argon2Parallelism: Type.Integer({ minimum: 1, maximum: 16 }),
  corsOrigins: Type.Array(Type.String()),
  trustProxy: Type.Union([Type.Boolean(), Type.Integer({ minimum: 0 }), Type.Array(Type.String())]),
  rateLimitMax: Type.Integer({ minimum: 1 }),
  rateLimitWindow: Seconds,
  authRateLimitMax: Type.Integer({ minimum: 1 }),
  authRateLimitWindow: Seconds,
  loginAccountRateLimitMax: Type.Integer({ minimum: 1 }),
  loginAccountRateLimitWindow: Seconds,
  bodyLimit: Type.Integer({ minimum: 1024 }),
  // Account lifecycle
  loginDeviceRateLimitMax: Type.Integer({ minimum: 1 }),
  requireEmailVerification: Type.Boolean(),
  emailVerificationTtl: Seconds,
  passwordResetTtl: Seconds,
  emailChangeTtl: Seconds,
  mailAccountRateLimitMax: Type.Integer({ minimum: 1 }),
  mailAccountRateLimitWindow: Seconds,
  securityNotices: Type.Array(Type.Union(SECURITY_NOTICES.map((notice) => Type.Literal(notice)))),
  // Authorization
  // Promoted to admin at start-up, only when that address is verified.
  adminEmail: Type.Union([Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 254 }), Type.Null()]),
  auditRetention: Seconds,
  // Ed25519 access tokens: the private key (PEM) and its kid; older public keys (<kid>.pem) keep verifying.
  jwtPrivateKeyFile: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  jwtKeyId: Type.Union([Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' }), Type.Null()]),
  jwtPreviousPublicKeysDir: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  // Browser SPAs: the refresh token as an HttpOnly cookie, with CSRF protection.
  refreshTokenCookie: Type.Boolean(),
  // Mail
  smtpUrl: Type.Union([Type.String({ pattern: '^smtps?://' }), Type.Null()]),
  mailFrom: Type.String({ minLength: 3 }),
  mailOutboxDir: Type.String({ minLength: 1 }),
  mailTemplatesDir: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  // Temporary failures are retried with backoff for this long (at least a day), then the message fails.
  mailRetryFor: Type.Integer({ minimum: 86400 }),
  publicAppUrl: Type.String({ pattern: '^https?://' }),
  verifyEmailLinkPath: LinkPath,
  resetPasswordLinkPath: LinkPath,
  changeEmailLinkPath: LinkPath,
  // Uploads
  uploadDir: Type.String({ minLength: 1 }),
  uploadMaxFiles: Type.Integer({ minimum: 1, maximum: 100 }),
  // File.size is a 32-bit column: one file stays under 2 GiB.
  uploadMaxBytes: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }),
  uploadQuotaBytes: Type.Integer({ minimum: 1 }),
  uploadMaxFilesPerUser: Type.Integer({ minimum: 1 }),
  // New uploads and variants stop while the volume has less free space than this.
  storageMinFreeBytes: Type.Integer({ minimum: 0 }),
  uploadAllowedTypes: Type.Array(Type.Union(UPLOAD_TYPES.map((type) => Type.Literal(type))), { minItems: 1 }),
  uploadMaxImagePixels: Type.Integer({ minimum: 1 }),
  uploadStripMetadata: Type.Boolean(),
  variantMaxDimension: Type.Integer({ minimum: 16, maximum: 16384 }),
  variantFormats: Type.Array(Type.Union(VARIANT_FORMATS.map((format) => Type.Literal(format))), { minItems: 1 }),
  variantMaxPerFile: Type.Integer({ minimum: 1, maximum: 1000 }),
  // The only widths (and no other parameter but format) others may ask of a public file's image.
  variantPublicWidths: Type.Array(Type.Integer({ minimum: 1, maximum: 16384 }), { minItems: 1 }),
  // Image generation
  imageMaxDimension: Type.Integer({ minimum: 16, maximum: 16384 }),
  imageMaxShapes: Type.Integer({ minimum: 1, maximum: 100000 }),
  imageMaxTextChars: Type.Integer({ minimum: 1, maximum: 1000000 }),
  imageMaxConcurrency: Type.Integer({ minimum: 1, maximum: 256 }),
  imageQueueMax: Type.Integer({ minimum: 0, maximum: 10000 }),
  // Fairness: the render slots and queue places one client may hold at once (anonymous clients fewer).
  imageMaxPerClient: Type.Integer({ minimum: 1, maximum: 256 }),
  imageQueuePerClient: Type.Integer({ minimum: 0, maximum: 10000 }),
  imageAnonymousMaxPerClient: Type.Integer({ minimum: 1, maximum: 256 }),
  imageAnonymousQueuePerClient: Type.Integer({ minimum: 0, maximum: 10000 }),
  imageRenderTimeout: Seconds,
  imageCacheBytes: Type.Integer({ minimum: 0 }),
  imageRateLimitMax: Type.Integer({ minimum: 1 }),
  imageRateLimitWindow: Seconds,
  // Several nodes: limits, throttles and cache invalidations shared through Redis (per node without it).
  redisUrl: Type.Union([Type.String({ pattern: '^rediss?://' }), Type.Null()]),
  // Every key and channel name starts with it, so several apps (or test files) can share one Redis.
  redisKeyPrefix: Type.String({ pattern: '^[A-Za-z0-9:._-]{1,64}$' }),
  // Blobs on this node's disk (UPLOAD_DIR) or in an S3-compatible bucket that every node shares.
  storageDriver: Type.Union([Type.Literal('local'), Type.Literal('s3')]),
  s3Endpoint: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()]),
  s3Bucket: Type.Union([Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' }), Type.Null()]),
  s3Region: Type.String({ minLength: 1 }),
  // Without a key pair the SDK's own chain is used (instance roles, AWS_* variables, ~/.aws).
  s3AccessKeyId: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  s3SecretAccessKey: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  s3ForcePathStyle: Type.Boolean(),
  // GET /metrics needs `Authorization: Bearer <token>`; unset, it is open outside production and off in it.
  metricsToken: Type.Union([Type.String({ minLength: 16 }), Type.Null()])
})

export type Config = Static<typeof ConfigSchema>

type Env = Record<string, string | undefined>

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const durationUnits: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 }

/** `900`, `900s`, `15m`, `12h`, `30d` → seconds. */
export function parseDuration (name: string, text: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim())
  if (match === null) throw new ConfigError(`${name} must be a duration such as 900, 15m or 30d, got "${text}"`)
  return Number(match[1]) * durationUnits[match[2] === '' ? 's' : match[2]]
}

function parseInteger (name: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new ConfigError(`${name} must be a whole number, got "${text}"`)
  return Number(text)
}

const byteUnits: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }

/** `1024`, `512kb`, `1mb`, `1gb` → bytes. */
function parseBytes (name: string, text: string): number {
  const match = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(text.trim())
  if (match === null) throw new ConfigError(`${name} must be a size such as 1048576 or 1mb, got "${text}"`)
  return Number(match[1]) * byteUnits[(match[2] ?? 'b').toLowerCase()]
}

/** `64,128,256` → numbers. */
function parseIntegerList (name: string, text: string): number[] {
  return list(text).map((part) => parseInteger(name, part))
}

/** Fastify's trustProxy forms: true/false, a hop count, or addresses/CIDRs. */
function parseTrustProxy (text: string): Config['trustProxy'] {
  const value = text.trim()
  if (value === '' || value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) return Number(value)
  return value.split(',').map((part) => part.trim()).filter(Boolean)
}

/**
 * `name` beside the SQLite file (uploads, the dev outbox), or in ./data on PostgreSQL; a bad DATABASE_URL is
 * reported by validation, not here.
 */
function besideDatabase (databaseUrl: string, name: string): string {
  try {
    return join(dirname(sqliteFilePath(databaseUrl)), name)
  } catch {
    return join('data', name)
  }
}

function parseBoolean (name: string, text: string): boolean {
  const value = text.trim().toLowerCase()
  if (['true', '1', 'yes'].includes(value)) return true
  if (['false', '0', 'no'].includes(value)) return false
  throw new ConfigError(`${name} must be true or false, got "${text}"`)
}

const nonEmpty = (text: string | undefined): string | null => text === undefined || text.trim() === '' ? null : text.trim()

function list (text: string): string[] {
  return text.split(',').map((part) => part.trim()).filter(Boolean)
}

/**
 * Reads the environment into a validated Config. JWT_SECRET may be passed in
 * separately (the server's development fallback); a bad variable fails the
 * start with a message that names it.
 */
export function loadConfig (env: Env, overrides: Partial<Config> = {}): Config {
  const read = <T>(name: string, fallback: string, parse: (name: string, text: string) => T): T =>
    parse(name, env[name] ?? fallback)
  const host = env.HOST ?? '127.0.0.1'
  const port = read('PORT', '3000', parseInteger)
  const databaseUrl = env.DATABASE_URL ?? 'file:./data/app.db'
  const publicUrl = (env.PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '')
  const config: Config = {
    host,
    port,
    publicUrl,
    nodeEnv: (env.NODE_ENV ?? 'development') as Config['nodeEnv'],
    logLevel: (env.LOG_LEVEL ?? 'info') as Config['logLevel'],
    databaseUrl,
    jwtSecret: env.JWT_SECRET ?? '',
    accessTokenTtl: read('ACCESS_TOKEN_TTL', '15m', parseDuration),
    refreshTokenTtl: read('REFRESH_TOKEN_TTL', '30d', parseDuration),
    sessionIdleTimeout: read('SESSION_IDLE_TIMEOUT', '7d', parseDuration),
    refreshReuseInterval: read('REFRESH_REUSE_INTERVAL', '10s', parseDuration),
    argon2MemoryKib: read('ARGON2_MEMORY_KIB', '19456', parseInteger),
    argon2Iterations: read('ARGON2_ITERATIONS', '2', parseInteger),
    argon2Parallelism: read('ARGON2_PARALLELISM', '1', parseInteger),
    corsOrigins: list(env.CORS_ORIGINS ?? ''),
    trustProxy: parseTrustProxy(env.TRUST_PROXY ?? 'false'),
    rateLimitMax: read('RATE_LIMIT_MAX', '300', parseInteger),
    rateLimitWindow: read('RATE_LIMIT_WINDOW', '1m', parseDuration),
    authRateLimitMax: read('AUTH_RATE_LIMIT_MAX', '30', parseInteger),
    authRateLimitWindow: read('AUTH_RATE_LIMIT_WINDOW', '5m', parseDuration),
    loginAccountRateLimitMax: read('LOGIN_ACCOUNT_RATE_LIMIT_MAX', '10', parseInteger),
    loginAccountRateLimitWindow: read('LOGIN_ACCOUNT_RATE_LIMIT_WINDOW', '15m', parseDuration),
    bodyLimit: read('BODY_LIMIT', '1mb', parseBytes),
    loginDeviceRateLimitMax: read('LOGIN_DEVICE_RATE_LIMIT_MAX', '5', parseInteger),
    requireEmailVerification: read('REQUIRE_EMAIL_VERIFICATION', 'false', parseBoolean),
    emailVerificationTtl: read('EMAIL_VERIFICATION_TTL', '24h', parseDuration),
    passwordResetTtl: read('PASSWORD_RESET_TTL', '1h', parseDuration),
    emailChangeTtl: read('EMAIL_CHANGE_TTL', '24h', parseDuration),
    mailAccountRateLimitMax: read('MAIL_ACCOUNT_RATE_LIMIT_MAX', '5', parseInteger),
    mailAccountRateLimitWindow: read('MAIL_ACCOUNT_RATE_LIMIT_WINDOW', '1h', parseDuration),
    securityNotices: list(env.SECURITY_NOTICES ?? SECURITY_NOTICES.join(',')).filter((notice) => notice !== 'none') as
      Config['securityNotices'],
    adminEmail: nonEmpty(env.ADMIN_EMAIL)?.toLowerCase() ?? null,
    auditRetention: read('AUDIT_RETENTION', '90d', parseDuration),
    jwtPrivateKeyFile: nonEmpty(env.JWT_PRIVATE_KEY_FILE),
    jwtKeyId: nonEmpty(env.JWT_KEY_ID),
    jwtPreviousPublicKeysDir: nonEmpty(env.JWT_PREVIOUS_PUBLIC_KEYS_DIR),
    refreshTokenCookie: read('REFRESH_TOKEN_COOKIE', 'false', parseBoolean),
    // No SMTP_URL: messages are written as .eml files to MAIL_OUTBOX_DIR (a newcomer needs no mail server).
    smtpUrl: nonEmpty(env.SMTP_URL),
    mailFrom: env.MAIL_FROM ?? 'Userbase <no-reply@localhost>',
    mailOutboxDir: resolve(env.MAIL_OUTBOX_DIR ?? besideDatabase(databaseUrl, 'outbox')),
    mailTemplatesDir: nonEmpty(env.MAIL_TEMPLATES_DIR),
    mailRetryFor: read('MAIL_RETRY_FOR', '48h', parseDuration),
    // The SPA's address, where mailed links lead (the API's own PUBLIC_URL when there is no SPA).
    publicAppUrl: (env.PUBLIC_APP_URL ?? publicUrl).replace(/\/+$/, ''),
    verifyEmailLinkPath: env.VERIFY_EMAIL_LINK_PATH ?? '/verify-email',
    resetPasswordLinkPath: env.RESET_PASSWORD_LINK_PATH ?? '/reset-password',
    changeEmailLinkPath: env.CHANGE_EMAIL_LINK_PATH ?? '/confirm-email',
    // Uploads: blobs sit next to the database by default (./data/uploads), so a
    // database and the blobs its rows name travel together.
    uploadDir: resolve(env.UPLOAD_DIR ?? besideDatabase(databaseUrl, 'uploads')),
    uploadMaxFiles: read('UPLOAD_MAX_FILES', '10', parseInteger),
    uploadMaxBytes: read('UPLOAD_MAX_BYTES', '10mb', parseBytes),
    uploadQuotaBytes: read('UPLOAD_QUOTA_BYTES', '100mb', parseBytes),
    uploadMaxFilesPerUser: read('UPLOAD_MAX_FILES_PER_USER', '10000', parseInteger),
    storageMinFreeBytes: read('STORAGE_MIN_FREE_BYTES', '1gb', parseBytes),
    uploadAllowedTypes: list(env.UPLOAD_ALLOWED_TYPES ?? UPLOAD_TYPES.join(',')) as Config['uploadAllowedTypes'],
    uploadMaxImagePixels: read('UPLOAD_MAX_IMAGE_PIXELS', '40000000', parseInteger),
    uploadStripMetadata: read('UPLOAD_STRIP_METADATA', 'true', parseBoolean),
    variantMaxDimension: read('VARIANT_MAX_DIMENSION', '2048', parseInteger),
    variantFormats: list(env.VARIANT_FORMATS ?? VARIANT_FORMATS.join(',')) as Config['variantFormats'],
    variantMaxPerFile: read('VARIANT_MAX_PER_FILE', '20', parseInteger),
    variantPublicWidths: read('VARIANT_PUBLIC_WIDTHS', '64,128,256,512,1024', parseIntegerList),
    imageMaxDimension: read('IMAGE_MAX_DIMENSION', '4096', parseInteger),
    imageMaxShapes: read('IMAGE_MAX_SHAPES', '500', parseInteger),
    imageMaxTextChars: read('IMAGE_MAX_TEXT_CHARS', '2000', parseInteger),
    imageMaxConcurrency: read('IMAGE_MAX_CONCURRENCY', String(availableParallelism()), parseInteger),
    imageQueueMax: read('IMAGE_QUEUE_MAX', '16', parseInteger),
    imageMaxPerClient: read('IMAGE_MAX_PER_CLIENT', '1', parseInteger),
    imageQueuePerClient: read('IMAGE_QUEUE_PER_CLIENT', '4', parseInteger),
    imageAnonymousMaxPerClient: read('IMAGE_ANONYMOUS_MAX_PER_CLIENT', '1', parseInteger),
    imageAnonymousQueuePerClient: read('IMAGE_ANONYMOUS_QUEUE_PER_CLIENT', '2', parseInteger),
    imageRenderTimeout: read('IMAGE_RENDER_TIMEOUT', '10s', parseDuration),
    imageCacheBytes: read('IMAGE_CACHE_BYTES', '64mb', parseBytes),
    imageRateLimitMax: read('IMAGE_RATE_LIMIT_MAX', '120', parseInteger),
    imageRateLimitWindow: read('IMAGE_RATE_LIMIT_WINDOW', '1m', parseDuration),
    redisUrl: nonEmpty(env.REDIS_URL),
    redisKeyPrefix: env.REDIS_KEY_PREFIX ?? 'userbase:',
    storageDriver: (env.STORAGE_DRIVER ?? 'local') as Config['storageDriver'],
    s3Endpoint: nonEmpty(env.S3_ENDPOINT),
    s3Bucket: nonEmpty(env.S3_BUCKET),
    s3Region: env.S3_REGION ?? 'us-east-1',
    s3AccessKeyId: nonEmpty(env.S3_ACCESS_KEY_ID),
    s3SecretAccessKey: nonEmpty(env.S3_SECRET_ACCESS_KEY),
    s3ForcePathStyle: read('S3_FORCE_PATH_STYLE', 'false', parseBoolean),
    metricsToken: nonEmpty(env.METRICS_TOKEN),
    ...overrides
  }
  return validateConfig(config)
}

const envNames: Record<string, string> = {
  host: 'HOST',
  port: 'PORT',
  publicUrl: 'PUBLIC_URL',
  nodeEnv: 'NODE_ENV',
  logLevel: 'LOG_LEVEL',
  databaseUrl: 'DATABASE_URL',
  jwtSecret: 'JWT_SECRET',
  argon2MemoryKib: 'ARGON2_MEMORY_KIB',
  argon2Iterations: 'ARGON2_ITERATIONS',
  argon2Parallelism: 'ARGON2_PARALLELISM'
}

/** The values a union of literals allows (NODE_ENV, LOG_LEVEL, a listed type), or undefined for other schemas. */
function allowedValues (schema: unknown): unknown[] | undefined {
  const options = (schema as { anyOf?: Array<{ const?: unknown }> }).anyOf
  return options?.every((option) => 'const' in option) === true ? options.map((option) => option.const) : undefined
}

export function validateConfig (config: Config): Config {
  const [error] = Value.Errors(ConfigSchema, config)
  if (error !== undefined) {
    const key = error.path.split('/')[1]
    const name = envNames[key] ?? key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()
    const allowed = allowedValues(error.schema)
    if (allowed !== undefined) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${String(error.value)}"`)
    const hint = key === 'jwtSecret' ? ' (at least 32 bytes; generate one with `openssl rand -base64 48`)' : ''
    if (key === 'databaseUrl') {
      throw new ConfigError('DATABASE_URL must be a SQLite `file:` URL or a `postgres://` (or `postgresql://`) URL')
    }
    throw new ConfigError(`${name} is invalid: ${error.message}${hint}`)
  }
  if (config.storageDriver === 's3' && config.s3Bucket === null) throw new ConfigError('STORAGE_DRIVER=s3 needs S3_BUCKET')
  if ((config.s3AccessKeyId === null) !== (config.s3SecretAccessKey === null)) {
    throw new ConfigError('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together or not at all')
  }
  if (databaseProvider(config.databaseUrl) === 'postgresql') {
    try {
      postgresqlPool(config.databaseUrl)
    } catch (error) {
      throw new ConfigError((error as Error).message)
    }
  }
  return config
}
