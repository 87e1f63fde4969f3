// The password rehash at login wrote the user row without dropping the cached copy: every write had to remember to.
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { build, freshDatabase, testClock, testConfig } from '../helpers/build.js'
import { bearer, signIn, signUp } from '../helpers/users.js'

t.test('a login that rehashes the password drops the cached user row', async (t) => {
  const file = await freshDatabase(t)
  const clock = testClock() // never advances: a stale entry would stay fresh
  const before = await buildApp({ config: testConfig(file), now: clock.now })
  const account = await signUp(before)
  await before.close()

  const after = await buildApp({
    config: testConfig(file, { argon2MemoryKib: 20480, argon2Iterations: 3 }),
    now: clock.now
  })
  t.teardown(() => after.close())
  const me = async () => (await after.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) })).json()
  const cached = await me()
  await new Promise((resolve) => setTimeout(resolve, 5)) // updatedAt is stamped by Prisma with the wall clock
  t.equal((await signIn(after, account.user.username, account.password)).statusCode, 200)
  const stored = await after.prisma.user.findUniqueOrThrow({ where: { id: account.user.id } })
  t.match(stored.passwordHash, /t=3/, 'the login rehashed')
  t.not(stored.updatedAt.toISOString(), cached.updatedAt)
  t.equal((await me()).updatedAt, stored.updatedAt.toISOString(), 'the next request sees the written row')
})

t.test('any write to a user row is seen by the next request at once', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const account = await signUp(app)
  const me = async () => (await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) })).json()
  t.equal((await me()).displayName, null)
  await app.prisma.user.update({ where: { id: account.user.id }, data: { displayName: 'By id' } })
  t.equal((await me()).displayName, 'By id')
  await app.prisma.user.updateMany({ where: { email: account.user.email }, data: { displayName: 'By email' } })
  t.equal((await me()).displayName, 'By email', 'a where not by id drops every entry')
  await app.prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { username: account.user.username }, data: { displayName: 'In a transaction' } })
  })
  t.equal((await me()).displayName, 'In a transaction')
  await app.prisma.$transaction([app.prisma.user.updateMany({ where: { id: account.user.id }, data: { role: 'moderator' } })])
  t.equal((await me()).role, 'moderator', 'in a batch transaction too')
  await app.prisma.user.delete({ where: { id: account.user.id } })
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) })).statusCode, 401,
    'a deleted user\'s tokens are refused at once')
})
