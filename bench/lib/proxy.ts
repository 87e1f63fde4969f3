// A round-robin TCP balancer for the two-node bench rows: each client connection goes to the next backend
// (as an L4 load balancer does; keep-alive connections stay on their node). Run as its own process:
//   PORT=8080 BACKENDS=http://127.0.0.1:3001,http://127.0.0.1:3002 tsx bench/lib/proxy.ts
// It answers nothing itself: GET /health through it reaches a backend, which is how the bench sees it ready.
import { connect, createServer } from 'node:net'

const backends = (process.env.BACKENDS ?? '').split(',').filter(Boolean).map((url) => new URL(url))
if (backends.length === 0) throw new Error('BACKENDS must list at least one http://host:port')
let next = 0

const server = createServer({ noDelay: true }, (client) => {
  const backend = backends[next++ % backends.length]
  const upstream = connect({ host: backend.hostname, port: Number(backend.port), noDelay: true })
  const close = () => { client.destroy(); upstream.destroy() }
  client.on('error', close)
  upstream.on('error', close)
  client.pipe(upstream).pipe(client)
})
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1')
