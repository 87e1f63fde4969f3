import t from 'tap'
import { build } from '../../helpers/build.js'
import { newAccount, signUp } from '../../helpers/users.js'

const USER_FIELDS = ['avatarUrl', 'bio', 'createdAt', 'displayName', 'email', 'emailVerified', 'id', 'role', 'updatedAt', 'username']

t.test('signup answers 201 with the user and a token pair, never the hash', async (t) => {
  const app = await build(t)
  const account = newAccount({ displayName: '  Alice  ' })
  const response = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: account })
  t.equal(response.statusCode, 201)
  const body = response.json()
  t.same(Object.keys(body).sort(), ['accessToken', 'deviceToken', 'expiresIn', 'refreshToken', 'tokenType', 'user'])
  t.equal(body.tokenType, 'Bearer')
  t.equal(body.expiresIn, 900)
  t.same(Object.keys(body.user).sort(), USER_FIELDS)
  t.equal(body.user.displayName, 'Alice', 'display name trimmed')
  t.equal(body.user.emailVerified, false)
  t.equal(body.user.role, 'user')
  t.notMatch(response.body, /argon2|passwordHash/)
  t.match(body.refreshToken, /^[A-Za-z0-9_-]{43}$/, '256 random bits, base64url')
})

t.test('emails are trimmed and lower-cased, usernames lower-cased; both unique case-insensitively', async (t) => {
  const app = await build(t)
  const response = await app.inject({
    method: 'POST', url: '/v1/auth/signup', payload: { email: ' Alice@Example.COM ', username: 'Alice_1', password: 'correct horse battery' }
  })
  t.equal(response.statusCode, 201)
  t.equal(response.json().user.email, 'alice@example.com')
  t.equal(response.json().user.username, 'alice_1')

  const sameEmail = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email: 'ALICE@example.com', username: 'other', password: 'correct horse battery' } })
  t.equal(sameEmail.statusCode, 409)
  t.equal(sameEmail.json().code, 'email_taken')
  t.equal(sameEmail.headers['content-type'], 'application/problem+json; charset=utf-8')

  const sameName = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email: 'bob@example.com', username: 'ALICE_1', password: 'correct horse battery' } })
  t.equal(sameName.statusCode, 409)
  t.equal(sameName.json().code, 'username_taken')
})

t.test('concurrent signups with the same email: one wins, the other gets 409, never 500', async (t) => {
  const app = await build(t)
  const payload = { email: 'race@example.com', username: 'racer', password: 'correct horse battery' }
  const [a, b] = await Promise.all([
    app.inject({ method: 'POST', url: '/v1/auth/signup', payload }),
    app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { ...payload, username: 'racer2' } })
  ])
  t.same([a.statusCode, b.statusCode].sort(), [201, 409])
  t.equal([a, b].find((r) => r.statusCode === 409)?.json().code, 'email_taken')
})

t.test('reserved and malformed usernames are refused with the field named', async (t) => {
  const app = await build(t)
  for (const username of ['admin', 'root', 'api', 'me', 'Admin']) {
    const response = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount({ username }) })
    t.equal(response.statusCode, 400, username)
    t.equal(response.json().code, 'validation_failed')
    t.equal(response.json().errors[0].path, '/username')
  }
  for (const username of ['ab', 'a'.repeat(33), 'has space', 'emoji😀', 'semi;colon']) {
    const response = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount({ username }) })
    t.equal(response.statusCode, 400, username)
    t.equal(response.json().errors[0].path, '/username')
  }
  const ok = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount({ username: 'a.b-c_1' }) })
  t.equal(ok.statusCode, 201, 'dots, dashes and underscores are fine')
})

t.test('password policy: reasons are machine-readable', async (t) => {
  const app = await build(t)
  const reasons = async (overrides: Record<string, unknown>) => {
    const response = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount(overrides) })
    t.equal(response.statusCode, 400)
    t.equal(response.json().code, 'weak_password')
    t.equal(response.json().type, '/problems/weak_password')
    return response.json().errors.map((error: { path: string, code: string }) => {
      t.equal(error.path, '/password')
      return error.code
    })
  }
  t.same(await reasons({ password: 'short1!' }), ['too_short'])
  t.same(await reasons({ password: 'x'.repeat(129) }), ['too_long'])
  t.same(await reasons({ password: 'password1' }), ['common'])
  t.same(await reasons({ password: 'Password1' }), ['common'], 'case does not dodge the list')
  t.same(await reasons({ username: 'longusername', password: 'longusername' }), ['matches_identity'])
  t.same(await reasons({ email: 'someone.else@example.com', password: 'someone.else@example.com' }), ['matches_identity'])
  t.same(await reasons({ password: '1234' }), ['too_short', 'common'])
})

t.test('password length is counted in characters after NFKC, 8 and 128 accepted', async (t) => {
  const app = await build(t)
  for (const password of ['zq8#vLp2', 'y'.repeat(127) + 'z', '한국어비밀번호여덟']) {
    const response = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount({ password }) })
    t.equal(response.statusCode, 201, `${[...password].length} characters`)
  }
  // 7 astral characters are 14 UTF-16 code units but 7 characters: too short.
  const astral = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount({ password: '😀😁😂🤣😃😄😅' }) })
  t.equal(astral.statusCode, 400)
  t.equal(astral.json().errors[0].code, 'too_short')
})

t.test('passwords are NFKC-normalised: a full-width form signs in as its ASCII form', async (t) => {
  const app = await build(t)
  const fullWidth = 'ｃｏｒｒｅｃｔｈｏｒｓｅ９'
  const account = await signUp(app, { password: fullWidth })
  for (const password of [fullWidth, 'correcthorse9']) {
    const login = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login: account.user.username, password } })
    t.equal(login.statusCode, 200, password)
  }
})

t.test('the stored hash is argon2id with at least OWASP parameters, never the password', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  const row = await app.prisma.user.findUniqueOrThrow({ where: { id: account.user.id } })
  t.match(row.passwordHash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  t.notMatch(row.passwordHash, account.password)
})

t.test('bodies are validated as sent: unknown properties and wrong types are 400', async (t) => {
  const app = await build(t)
  const extra = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount({ isAdmin: true }) })
  t.equal(extra.statusCode, 400)
  t.same(extra.json().errors.map((e: { path: string }) => e.path), ['/isAdmin'])
  const wrongType = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount({ displayName: 123 }) })
  t.equal(wrongType.statusCode, 400)
  t.equal(wrongType.json().errors[0].path, '/displayName')
  const role = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount({ role: 'admin' }) })
  t.equal(role.statusCode, 400, 'no mass assignment of role')
  const missing = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email: 'x@example.com' } })
  t.same(missing.json().errors.map((e: { path: string }) => e.path).sort(), ['/password', '/username'], 'every missing field, by its own pointer')
  const badEmail = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: newAccount({ email: 'not-an-email' }) })
  t.equal(badEmail.json().errors[0].path, '/email')
})
