import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { build, freshDatabase, testClock, testConfig } from '../../helpers/build.js'
import { signUp } from '../../helpers/users.js'

t.test('events older than AUDIT_RETENTION are purged; newer ones stay', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now, config: { auditRetention: 3600 } })
  const user = await signUp(app)
  await app.audit.record({ type: 'password_changed', userId: user.user.id, detail: { age: 'old' } })
  clock.advance(1800)
  await app.audit.record({ type: 'password_changed', userId: user.user.id, detail: { age: 'new' } })
  clock.advance(1801)
  t.equal(await app.audit.purge() > 0, true)
  const left = await app.prisma.auditEvent.findMany()
  t.same(left.map((row) => row.detail), ['{"age":"new"}'])
  t.equal(await app.audit.purge(), 0, 'nothing more to purge')
})

t.test('the purge runs at start-up', async (t) => {
  const file = await freshDatabase(t)
  const config = testConfig(file, { auditRetention: 3600 })
  const clock = testClock()
  const first = await buildApp({ config, now: clock.now })
  await first.ready()
  await first.audit.record({ type: 'logout', userId: null, detail: { age: 'old' } })
  clock.advance(3000)
  await first.audit.record({ type: 'logout', userId: null, detail: { age: 'new' } })
  await first.close()

  clock.advance(1000)
  const second = await buildApp({ config, now: clock.now })
  t.teardown(async () => { await second.close() })
  await second.ready()
  t.same((await second.prisma.auditEvent.findMany()).map((row) => row.detail), ['{"age":"new"}'])
})
