// The two-node rows of `npm run bench`: two app processes on one PostgreSQL database and one Redis, behind a
// round-robin TCP proxy (bench/lib/proxy.ts), against one of those nodes behind the same proxy, in the same
// rounds. On a 2-core machine the nodes, the proxy, PostgreSQL, Redis and the load generator share two cores,
// so these figures show what sharing costs and that nothing breaks, not how far N nodes scale.
import { load, abba, merge, type Measure } from './lib/load.js'
import { perConnection, postJson } from './lib/clients.js'
import { startServer } from './lib/processes.js'
import type { Row } from './lib/report.js'

export interface TwoNodeContext {
  /** The environment the bench's app processes get, PostgreSQL's DATABASE_URL included. */
  env: Record<string, string>
  redisUrl: string
  seconds: number
  password: string
  autocannon: string
  report: (row: Row) => void
  progress: (message: string) => void
}

const CONNECTIONS = 50
const LOGIN_CONNECTIONS = 8

const clean = (measure: Measure) => measure.non2xx === 0 && measure.errors === 0
const problems = (measure: Measure) => [
  measure.non2xx > 0 ? `${measure.non2xx} non-2xx` : '',
  measure.errors > 0 ? `${measure.errors} errors/timeouts` : ''
].filter(Boolean).join(', ') || undefined

export async function benchTwoNodes (context: TwoNodeContext): Promise<void> {
  const { env, seconds, progress, report } = context
  progress('two nodes on PostgreSQL and Redis behind a round-robin TCP proxy, against one node behind it')
  const nodeEnv = { ...env, REDIS_URL: context.redisUrl, REDIS_KEY_PREFIX: `bench:${process.pid}:` }
  const [a, b] = await Promise.all([
    startServer({ name: 'node A (PostgreSQL, Redis)', args: ['dist/server.js'], env: nodeEnv }),
    startServer({ name: 'node B (PostgreSQL, Redis)', args: ['dist/server.js'], env: nodeEnv })
  ])
  const tsx = ['--import', 'tsx', 'bench/lib/proxy.ts']
  const [one, two] = await Promise.all([
    startServer({ name: 'proxy to node A', args: tsx, env: { BACKENDS: a } }),
    startServer({ name: 'proxy to nodes A and B', args: tsx, env: { BACKENDS: `${a},${b}` } })
  ])

  const users = await Promise.all(Array.from({ length: CONNECTIONS }, async (_, index) => {
    const username = `twonode${index}`
    const reply = await postJson(`${two}/v1/auth/signup`, { email: `${username}@example.com`, username, password: context.password })
    if (reply.status !== 201) throw new Error(`two-node signup failed: ${reply.status} ${JSON.stringify(reply.body)}`)
    return { username, accessToken: reply.body.accessToken as string }
  }))
  const tokens = users.map((user) => user.accessToken)
  const me = (base: string) => async () => await load({
    url: `${base}/v1/me`,
    connections: CONNECTIONS,
    seconds,
    setupClient: perConnection(tokens, (client, token) => client.setHeaders({ authorization: `Bearer ${token}` }))
  })
  await me(one)()
  const meRounds = await abba(me(one), me(two))
  const [meOne, meTwo] = [merge(meRounds.baseline), merge(meRounds.app)]
  report({
    scenario: 'GET /v1/me, two nodes (PostgreSQL + Redis) behind a TCP proxy',
    measure: meTwo,
    baseline: { name: 'one of the nodes behind the same proxy', measure: meOne },
    ratio: meTwo.reqPerSec / meOne.reqPerSec,
    target: 'informative (2 cores)',
    met: clean(meTwo),
    driver: `${context.autocannon}, ${CONNECTIONS} connections`,
    note: problems(meTwo) ?? problems(meOne)
  })

  const bodies = users.map((user) => JSON.stringify({ login: user.username, password: context.password }))
  const login = (base: string) => async () => await load({
    url: `${base}/v1/auth/login`,
    method: 'POST',
    connections: LOGIN_CONNECTIONS,
    seconds,
    setupClient: perConnection(bodies, (client, body) => client.setBody(body))
  })
  const loginRounds = await abba(login(one), login(two))
  const [loginOne, loginTwo] = [merge(loginRounds.baseline), merge(loginRounds.app)]
  report({
    scenario: 'POST /v1/auth/login, two nodes (PostgreSQL + Redis) behind a TCP proxy',
    measure: loginTwo,
    baseline: { name: 'one of the nodes behind the same proxy', measure: loginOne },
    ratio: loginTwo.reqPerSec / loginOne.reqPerSec,
    target: 'informative (2 cores)',
    met: clean(loginTwo),
    driver: `${context.autocannon}, ${LOGIN_CONNECTIONS} connections`,
    note: problems(loginTwo) ?? problems(loginOne)
  })
}
