import t from 'tap'
import { build, testClock } from '../../helpers/build.js'

t.test('/health is liveness; /ready checks the database and its migrations, at most once a second', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  t.same((await app.inject({ method: 'GET', url: '/health' })).json(), { status: 'ok' })
  t.same((await app.inject({ method: 'GET', url: '/ready' })).json(), { status: 'ready' })

  await app.prisma.$executeRawUnsafe('DELETE FROM _prisma_migrations')
  t.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200, 'within the second: the cached check')
  clock.advance(1)
  const unmigrated = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(unmigrated.statusCode, 503)
  t.equal(unmigrated.json().code, 'service_unavailable')
  t.ok(unmigrated.headers['retry-after'])

  await app.prisma.$executeRawUnsafe('DROP TABLE _prisma_migrations')
  clock.advance(1)
  const broken = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(broken.statusCode, 503)
  t.notMatch(broken.body, /_prisma_migrations|SQL/i)
  t.same((await app.inject({ method: 'GET', url: '/health' })).json(), { status: 'ok' }, 'liveness does not depend on the database')
})
