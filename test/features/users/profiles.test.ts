import t from 'tap'
import { build } from '../../helpers/build.js'
import { bearer, signUp } from '../../helpers/users.js'

const USER_FIELDS = ['avatarUrl', 'bio', 'createdAt', 'displayName', 'email', 'emailVerified', 'id', 'role', 'updatedAt', 'username']

t.test('GET /v1/me is the signed-in user, exactly the documented fields', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const response = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(account.accessToken) })
  t.equal(response.statusCode, 200)
  t.same(Object.keys(response.json()).sort(), USER_FIELDS)
  t.same(response.json(), account.user)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me' })).statusCode, 401)
})

t.test('PATCH /v1/me changes displayName, bio and username; null clears; {} changes nothing', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const patch = async (payload: unknown) => await app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(account.accessToken), payload: payload as object })

  const changed = await patch({ displayName: '  Ada  ', bio: 'Counts things.', username: ' Ada.Lovelace ' })
  t.equal(changed.statusCode, 200)
  t.equal(changed.json().displayName, 'Ada')
  t.equal(changed.json().bio, 'Counts things.')
  t.equal(changed.json().username, 'ada.lovelace')
  t.ok(changed.json().updatedAt >= account.user.updatedAt)

  const cleared = await patch({ displayName: null, bio: null })
  t.equal(cleared.json().displayName, null)
  t.equal(cleared.json().bio, null)
  t.equal(cleared.json().username, 'ada.lovelace')

  const unchanged = await patch({})
  t.equal(unchanged.statusCode, 200)
  t.equal(unchanged.json().username, 'ada.lovelace')

  t.equal((await patch({ bio: 'x'.repeat(501) })).statusCode, 400)
  t.equal((await patch({ bio: 'x'.repeat(500) })).statusCode, 200)
  t.equal((await patch({ displayName: 'x'.repeat(65) })).statusCode, 400)
  t.equal((await patch({ email: 'new@example.com' })).json().errors[0].path, '/email', 'email is not changeable here')
  t.equal((await patch({ role: 'admin' })).statusCode, 400, 'nor the role')
})

t.test('PATCH /v1/me refuses taken and reserved usernames', async (t) => {
  const app = await build(t)
  const alice = await signUp(app, { username: 'alice' })
  const bob = await signUp(app)
  const taken = await app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(bob.accessToken), payload: { username: 'ALICE' } })
  t.equal(taken.statusCode, 409)
  t.equal(taken.json().code, 'username_taken')
  const reserved = await app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(bob.accessToken), payload: { username: 'root' } })
  t.equal(reserved.statusCode, 400)
  t.equal(reserved.json().errors[0].path, '/username')
  const own = await app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(alice.accessToken), payload: { username: 'alice' } })
  t.equal(own.statusCode, 200, 'keeping one\'s own name is fine')
})

t.test('GET /v1/users/{username}: public fields only, case-insensitive, 404 otherwise', async (t) => {
  const app = await build(t)
  const account = await signUp(app, { username: 'carol', displayName: 'Carol' })
  const response = await app.inject({ method: 'GET', url: '/v1/users/CAROL' })
  t.equal(response.statusCode, 200)
  t.same(Object.keys(response.json()).sort(), ['avatarUrl', 'bio', 'createdAt', 'displayName', 'id', 'username'])
  t.equal(response.json().id, account.user.id)
  t.notMatch(response.body, account.user.email)
  const missing = await app.inject({ method: 'GET', url: '/v1/users/nobody' })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'not_found')
  for (const hostile of ["x' OR '1'='1", '..%2f..%2fetc%2fpasswd', '%00', 'a'.repeat(300), '<script>']) {
    const hostileResponse = await app.inject({ method: 'GET', url: `/v1/users/${encodeURIComponent(hostile)}` })
    t.ok(hostileResponse.statusCode >= 400 && hostileResponse.statusCode < 500, `${hostile.slice(0, 12)} → ${hostileResponse.statusCode}`)
    t.equal(hostileResponse.headers['content-type'], 'application/problem+json; charset=utf-8')
  }
})

t.test('GET /v1/me answers from the session check\'s cached row, and a change shows at once', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const me = async () => (await app.inject({ url: '/v1/me', headers: bearer(account.accessToken) })).json()
  t.equal((await me()).bio, null)
  let userReads = 0
  const findUnique = app.prisma.user.findUnique
  app.prisma.user.findUnique = ((args: Parameters<typeof findUnique>[0]) => {
    userReads++
    return findUnique(args)
  }) as unknown as typeof findUnique
  t.teardown(() => { app.prisma.user.findUnique = findUnique })
  await me()
  t.equal(userReads, 0, 'no second query for the user')
  await app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(account.accessToken), payload: { bio: 'changed' } })
  t.equal((await me()).bio, 'changed', 'the write dropped the cached row')
})
