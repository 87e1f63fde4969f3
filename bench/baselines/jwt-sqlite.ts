// Baselines (floors) for GET /v1/me and POST /v1/auth/refresh: Fastify + @fastify/jwt
// (HS256, the app's claims and iss/aud checks) + raw better-sqlite3 prepared statements
// on a WAL file, like the app's. No session-revocation check on /me, no ORM, no
// security headers, no rate limiter, no response schemas.
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import fastifyJwt from '@fastify/jwt'
import Database from 'better-sqlite3'
import Fastify from 'fastify'

const ISSUER = 'userbase-api'
const AUDIENCE = 'userbase-api:access'
const USERS = 1000
const TTL = 900

const db = new Database(join(process.env.BENCH_DATA_DIR ?? '.', 'floor.db'))
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL') // as the app runs it
db.exec(`
  CREATE TABLE user (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
    display_name TEXT, bio TEXT, avatar_url TEXT, email_verified INTEGER NOT NULL, role TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE TABLE session (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES user(id), expires_at INTEGER NOT NULL,
    last_refreshed_at INTEGER NOT NULL, revoked_at INTEGER);
  CREATE TABLE refresh_token (id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES session(id), token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL, rotated_at INTEGER);
`)
const insertUser = db.prepare('INSERT INTO user VALUES (?, ?, ?, ?, NULL, NULL, NULL, 0, \'user\', ?, ?)')
db.transaction(() => {
  const now = new Date().toISOString()
  for (let i = 0; i < USERS; i++) insertUser.run(`user-${i}`, `user${i}@example.com`, `user${i}`, '$argon2id$v=19$m=19456,t=2,p=1$...', now, now)
})()

const userColumns = 'u.id, u.email, u.username, u.display_name AS displayName, u.bio, u.avatar_url AS avatarUrl, u.email_verified AS emailVerified, u.role, u.created_at AS createdAt, u.updated_at AS updatedAt'
const userById = db.prepare(`SELECT ${userColumns} FROM user u WHERE u.id = ?`)
const liveToken = db.prepare(`SELECT t.id AS tokenId, t.session_id AS sessionId, ${userColumns} FROM refresh_token t
  JOIN session s ON s.id = t.session_id JOIN user u ON u.id = s.user_id
  WHERE t.token_hash = ? AND t.rotated_at IS NULL AND s.revoked_at IS NULL AND s.expires_at > ?`)
const insertSession = db.prepare('INSERT INTO session VALUES (?, ?, ?, ?, NULL)')
const insertToken = db.prepare('INSERT INTO refresh_token VALUES (?, ?, ?, ?, NULL)')
const markRotated = db.prepare('UPDATE refresh_token SET rotated_at = ? WHERE id = ? AND rotated_at IS NULL')
const touchSession = db.prepare('UPDATE session SET last_refreshed_at = ? WHERE id = ?')

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const startSession = db.transaction((userId: string, refreshToken: string, now: number) => {
  const sessionId = randomUUID()
  insertSession.run(sessionId, userId, now + 30 * 86_400_000, now)
  insertToken.run(randomUUID(), sessionId, sha256(refreshToken), now)
  return sessionId
})
const rotate = db.transaction((tokenId: string, sessionId: string, next: string, now: number) => {
  if (markRotated.run(now, tokenId).changes !== 1) return false
  insertToken.run(randomUUID(), sessionId, sha256(next), now)
  touchSession.run(now, sessionId)
  return true
})

type UserRow = Record<string, unknown> & { id: string, role: string, emailVerified: number }
const toUser = ({ tokenId, sessionId, ...user }: UserRow) => ({ ...user, emailVerified: user.emailVerified === 1 })

const app = Fastify({ logger: false })
await app.register(fastifyJwt, {
  secret: process.env.JWT_SECRET ?? randomBytes(48).toString('base64'),
  sign: { algorithm: 'HS256', iss: ISSUER, aud: AUDIENCE, expiresIn: TTL },
  verify: { algorithms: ['HS256'], allowedIss: ISSUER, allowedAud: AUDIENCE }
})
const pair = (user: UserRow, sessionId: string, refreshToken: string) => ({
  user: toUser(user),
  accessToken: app.jwt.sign({ sub: user.id, sid: sessionId, role: user.role }),
  tokenType: 'Bearer',
  expiresIn: TTL,
  refreshToken
})

app.get('/health', async () => ({ status: 'ok' }))

app.get('/me', async (request, reply) => {
  const claims = await request.jwtVerify<{ sub: string }>()
  const user = userById.get(claims.sub) as UserRow | undefined
  if (user === undefined) return await reply.code(404).send({ code: 'not_found' })
  return toUser(user)
})

// Set-up only (not measured): a session for user `index`, as a login would create.
app.post('/sessions', async (request) => {
  const { index } = request.body as { index: number }
  const user = userById.get(`user-${index % USERS}`) as UserRow
  const refreshToken = randomBytes(32).toString('base64url')
  return pair(user, startSession(user.id, refreshToken, Date.now()), refreshToken)
})

app.post('/refresh', async (request, reply) => {
  const { refreshToken } = request.body as { refreshToken: string }
  const now = Date.now()
  const row = liveToken.get(sha256(refreshToken), now) as (UserRow & { tokenId: string, sessionId: string }) | undefined
  const next = randomBytes(32).toString('base64url')
  if (row === undefined || !rotate(row.tokenId, row.sessionId, next, now)) {
    return await reply.code(401).send({ code: 'invalid_refresh_token' })
  }
  return pair(row, row.sessionId, next)
})

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) })
