import { performance } from 'node:perf_hooks'
import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { build, freshDatabase, testClock, testConfig } from '../../helpers/build.js'
import { signIn, signUp } from '../../helpers/users.js'

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

async function timed<T> (work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now()
  const result = await work()
  return [result, performance.now() - start]
}

t.test('login by email or username returns the same body shape as signup', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  for (const login of [account.user.email, account.user.username, ` ${account.user.email.toUpperCase()} `]) {
    const response = await signIn(app, login, account.password)
    t.equal(response.statusCode, 200, login)
    t.same(Object.keys(response.json()).sort(),
      ['accessToken', 'deviceToken', 'expiresIn', 'refreshToken', 'tokenType', 'user'])
    t.equal(response.json().user.id, account.user.id)
  }
})

t.test('wrong password and unknown account: the same 401, in the same time', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const wrong = await signIn(app, account.user.username, 'not the password at all')
  const unknown = await signIn(app, 'nobody-here', 'not the password at all')
  t.equal(wrong.statusCode, 401)
  t.equal(unknown.statusCode, 401)
  const { requestId: _a, ...wrongBody } = wrong.json()
  const { requestId: _b, ...unknownBody } = unknown.json()
  t.same(wrongBody, unknownBody)
  t.equal(wrongBody.code, 'invalid_credentials')

  // Without the dummy-hash verify an unknown account would answer in well under a millisecond.
  const wrongTimes: number[] = []
  const unknownTimes: number[] = []
  for (let i = 0; i < 12; i++) {
    wrongTimes.push((await timed(() => signIn(app, account.user.username, `wrong password ${i}`)))[1])
    unknownTimes.push((await timed(() => signIn(app, `ghost${i}`, `wrong password ${i}`)))[1])
  }
  const ratio = median(unknownTimes) / median(wrongTimes)
  t.ok(ratio > 0.5 && ratio < 2, `median unknown/wrong time ratio ${ratio.toFixed(2)} within 0.5..2`)
})

t.test('failed logins are throttled per login text, even for the right password, before any hashing', async (t) => {
  const clock = testClock()
  const app = await build(t, {
    now: clock.now,
    config: { loginAccountRateLimitMax: 3, loginAccountRateLimitWindow: 900 }
  })
  const account = await signUp(app)
  for (let i = 0; i < 3; i++) {
    t.equal((await signIn(app, account.user.username, 'wrong password here')).statusCode, 401)
  }
  // A stored hash argon2 cannot parse: a request that reached hashing would fail with a 500, not answer 429.
  const { passwordHash } = await app.prisma.user.findUniqueOrThrow({ where: { id: account.user.id } })
  await app.prisma.user.update({ where: { id: account.user.id }, data: { passwordHash: 'not an argon2 hash' } })
  const throttled = await signIn(app, account.user.username, account.password)
  t.equal(throttled.statusCode, 429, 'answered before any hashing')
  t.equal(throttled.json().code, 'account_throttled')
  t.equal(throttled.headers['retry-after'], '900')
  await app.prisma.user.update({ where: { id: account.user.id }, data: { passwordHash } })

  // Each text has its own bucket: a 429 on the email would tell which email the username belongs to.
  t.equal((await signIn(app, account.user.email, account.password)).statusCode, 200, 'the email is not throttled')
  const other = await signUp(app)
  t.equal((await signIn(app, other.user.username, other.password)).statusCode, 200, 'other accounts are unaffected')

  clock.advance(901)
  t.equal((await signIn(app, account.user.username, account.password)).statusCode, 200, 'the window passes')
})

t.test('failures on the email and the username of one account are counted apart', async (t) => {
  const app = await build(t, { config: { loginAccountRateLimitMax: 3 } })
  const account = await signUp(app)
  for (let i = 0; i < 4; i++) {
    const login = i % 2 === 0 ? account.user.email : account.user.username
    t.equal((await signIn(app, login, 'wrong password here')).statusCode, 401, `failure ${i + 1}: two per text`)
  }
})

t.test('unknown logins are throttled on the login text, so 429 vs 401 reveals nothing', async (t) => {
  const app = await build(t, { config: { loginAccountRateLimitMax: 2 } })
  t.equal((await signIn(app, 'ghost', 'whatever password')).statusCode, 401)
  t.equal((await signIn(app, 'GHOST', 'whatever password')).statusCode, 401)
  const third = await signIn(app, 'ghost', 'whatever password')
  t.equal(third.statusCode, 429)
  t.equal(third.json().code, 'account_throttled')
})

t.test('a successful login clears the failure count', async (t) => {
  const app = await build(t, { config: { loginAccountRateLimitMax: 2 } })
  const account = await signUp(app)
  await signIn(app, account.user.username, 'wrong password here')
  t.equal((await signIn(app, account.user.username, account.password)).statusCode, 200)
  await signIn(app, account.user.username, 'wrong password here')
  t.equal((await signIn(app, account.user.username, account.password)).statusCode, 200, 'one failure since the success')
})

t.test('hashes are upgraded at login when the argon2 parameters change', async (t) => {
  const file = await freshDatabase(t)
  const before = await buildApp({ config: testConfig(file) })
  t.teardown(() => before.close())
  const account = await signUp(before)
  await before.close()

  const after = await buildApp({ config: testConfig(file, { argon2MemoryKib: 20480, argon2Iterations: 3 }) })
  t.teardown(() => after.close())
  t.equal((await signIn(after, account.user.username, account.password)).statusCode, 200)
  const row = await after.prisma.user.findUniqueOrThrow({ where: { id: account.user.id } })
  t.match(row.passwordHash, /^\$argon2id\$v=19\$m=20480,t=3,p=1\$/)
  t.equal((await signIn(after, account.user.username, account.password)).statusCode, 200, 'the new hash verifies')
})

t.test('login validates its body', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login: 'a' } })
  t.equal(response.statusCode, 400)
  t.same(response.json().errors.map((e: { path: string }) => e.path), ['/password'])
})
