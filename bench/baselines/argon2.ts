// Baseline (floor for POST /v1/auth/login): an HTTP route doing only argon2id
// verify with the app's parameters, so both sides pay the same HTTP and JSON costs.
// No limit on concurrent verifies: libuv's pool (4 threads by default) takes them.
import * as argon2 from 'argon2'
import Fastify from 'fastify'

const options = {
  type: argon2.argon2id,
  memoryCost: Number(process.env.ARGON2_MEMORY_KIB),
  timeCost: Number(process.env.ARGON2_ITERATIONS),
  parallelism: Number(process.env.ARGON2_PARALLELISM)
}
const hash = await argon2.hash(process.env.BENCH_PASSWORD ?? '', options)
const app = Fastify({ logger: false })
app.get('/health', async () => ({ status: 'ok' }))
app.post('/verify', async (request) => {
  const { password } = request.body as { password: string }
  return { ok: await argon2.verify(hash, password) }
})
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) })
