// Baseline (floor for POST /v1/auth/login): an HTTP route doing only argon2id
// verify with the app's parameters, so both sides pay the same HTTP and JSON costs.
import * as argon2 from 'argon2'
import Fastify from 'fastify'

const options = {
  type: argon2.argon2id,
  memoryCost: Number(process.env.ARGON2_MEMORY_KIB ?? 19456),
  timeCost: Number(process.env.ARGON2_ITERATIONS ?? 2),
  parallelism: Number(process.env.ARGON2_PARALLELISM ?? 1)
}
const hash = await argon2.hash('correct horse battery staple', options)
const app = Fastify({ logger: false })
app.get('/health', async () => ({ status: 'ok' }))
app.post('/verify', async (request) => {
  const { password } = request.body as { password: string }
  return { ok: await argon2.verify(hash, password) }
})
const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) })
console.log(`listening ${address}`)
