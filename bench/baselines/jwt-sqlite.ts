// Baseline (floor for GET /v1/me): Fastify + @fastify/jwt verify + one raw
// better-sqlite3 primary-key lookup. No session check, no ORM.
import fastifyJwt from '@fastify/jwt'
import Database from 'better-sqlite3'
import Fastify from 'fastify'

const db = new Database(':memory:')
db.exec('CREATE TABLE User (id TEXT PRIMARY KEY, email TEXT, username TEXT, passwordHash TEXT, displayName TEXT, bio TEXT, avatarUrl TEXT, emailVerified INTEGER, role TEXT, createdAt TEXT, updatedAt TEXT)')
const insert = db.prepare('INSERT INTO User VALUES (?, ?, ?, ?, NULL, NULL, NULL, 0, ?, ?, ?)')
for (let i = 0; i < 1000; i++) {
  const now = new Date().toISOString()
  insert.run(`user-${i}`, `user${i}@example.com`, `user${i}`, '$argon2id$...', 'user', now, now)
}
const byId = db.prepare('SELECT id, email, username, displayName, bio, avatarUrl, emailVerified, role, createdAt, updatedAt FROM User WHERE id = ?')

const app = Fastify({ logger: false })
await app.register(fastifyJwt, { secret: process.env.JWT_SECRET ?? 'x'.repeat(32), verify: { algorithms: ['HS256'] } })
app.get('/health', async () => ({ status: 'ok' }))
app.get('/me', async (request, reply) => {
  const claims = await request.jwtVerify<{ sub: string }>()
  const user = byId.get(claims.sub) as Record<string, unknown> | undefined
  if (user === undefined) return await reply.code(404).send({ code: 'not_found' })
  return { ...user, emailVerified: user.emailVerified === 1 }
})
app.post('/token', async () => ({ token: app.jwt.sign({ sub: `user-${Math.floor(Math.random() * 1000)}`, sid: 's', role: 'user' }) }))
const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) })
console.log(`listening ${address}`)
