// Logs: pino JSON lines under the request id; never a password, token, authorization
// header, cookie or secret query value, on success and failure paths alike.
import t from 'tap'
import { redactUrl } from '../../src/app.js'
import { build } from '../helpers/build.js'
import { jsonHeaders, logLines } from '../helpers/platform.js'
import { bearer, signUp } from '../helpers/users.js'

t.test('no secret reaches the log, whatever the request does; each line carries its request id', async (t) => {
  const logs: string[] = []
  const app = await build(t, { logs })
  const account = await signUp(app)
  const secrets: string[] = [account.password, account.refreshToken, account.accessToken]

  const login = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login: account.user.username, password: account.password }, headers: { 'x-request-id': 'log-login' } })
  t.equal(login.statusCode, 200)
  secrets.push(login.json().accessToken, login.json().refreshToken)
  const wrong = 'wrong-password-secret-1'
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login: account.user.email, password: wrong } })).statusCode, 401)
  const refresh = await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: login.json().refreshToken }, headers: { 'x-request-id': 'log-refresh' } })
  t.equal(refresh.statusCode, 200)
  secrets.push(refresh.json().accessToken, refresh.json().refreshToken, wrong)

  const query = await app.inject({
    method: 'GET',
    url: '/v1/me?token=secret123&sig=abc-sig-secret&keep=visible&ACCESS_TOKEN=upper-secret&%74oken=encoded-secret',
    headers: { ...bearer(refresh.json().accessToken), cookie: 'session=cookie-secret-9', 'x-request-id': 'log-query' }
  })
  t.equal(query.statusCode, 400, 'unknown query parameters are refused (and still never logged)')
  secrets.push('secret123', 'abc-sig-secret', 'upper-secret', 'encoded-secret', 'cookie-secret-9')
  await app.inject({ method: 'GET', url: '/nope?refresh_token=nope-secret-2&signature=sig-secret-3', headers: { authorization: 'Bearer garbage-token-secret-4' } })
  await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: 'Basic YWRtaW46c2VjcmV0LTU=' } })
  secrets.push('nope-secret-2', 'sig-secret-3', 'garbage-token-secret-4', 'YWRtaW46c2VjcmV0LTU=')

  // Failure paths log more (the cause): they must not bring the body with them.
  const malformed = '{"login":"someone","password":"malformed-secret-6"'
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/login', headers: jsonHeaders, payload: malformed })).statusCode, 400)
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email: 'x@example.com', username: 'someone', password: 'extra-secret-7', extra: 1 } })).statusCode, 400)
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email: 'y@example.com', username: 'someone2', password: 'password' } })).statusCode, 400)
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: 'unknown-refresh-secret-8' } })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/logout', payload: { refreshToken: refresh.json().refreshToken } })).statusCode, 204)
  secrets.push('malformed-secret-6', 'extra-secret-7', 'unknown-refresh-secret-8')

  const text = logs.join('')
  for (const secret of secrets) t.notOk(text.includes(secret), `${secret.slice(0, 12)}… is not in the log`)
  t.notMatch(text, /\$argon2id\$/, 'no password hash either')

  const lines = logLines(logs)
  t.ok(lines.length >= 20)
  const byRequest = lines.filter((line) => line.requestId === 'log-query')
  t.ok(byRequest.some((line) => line.msg === 'incoming request'), 'the request line carries the id')
  t.ok(byRequest.some((line) => line.msg === 'request completed'), 'so does the completion line')
  t.match(byRequest.find((line) => line.msg === 'incoming request'), { req: { method: 'GET', url: /keep=visible/ } }, 'harmless parameters stay readable')
  for (const line of lines.filter((line) => line.req !== undefined || line.res !== undefined)) {
    t.type(line.requestId, 'string', `${String(line.msg)}: request lines carry the id`)
  }
  t.ok(lines.filter((line) => line.requestId === 'log-login').length >= 2)
})

t.test('a 500 on the sign-in path logs its cause without the credentials', async (t) => {
  const logs: string[] = []
  const app = await build(t, { logs })
  const account = await signUp(app)
  await app.prisma.$executeRawUnsafe('DROP TABLE "RefreshToken"')
  const login = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { login: account.user.username, password: account.password } })
  t.equal(login.statusCode, 500)
  const signup = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email: 'z@example.com', username: 'zed', password: 'signup-secret-horse-9' } })
  t.equal(signup.statusCode, 500)
  const refresh = await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: account.refreshToken } })
  t.equal(refresh.statusCode, 500)
  const errorsLogged = logLines(logs).filter((line) => line.level === 50)
  t.equal(errorsLogged.length, 3, 'each failure is logged with its cause')
  const text = logs.join('')
  for (const secret of [account.password, 'signup-secret-horse-9', account.refreshToken]) t.notOk(text.includes(secret), `${secret.slice(0, 12)}… is not in the log`)
  t.notMatch(text, /\$argon2id\$/, 'nor a password hash')
})

t.test('redactUrl masks the values of secret-bearing parameters, whatever their case or encoding', async (t) => {
  const cases: Array<[string, string]> = [
    ['/a', '/a'],
    ['/a?', '/a?'],
    ['/a?keep=1', '/a?keep=1'],
    ['/a?token=s&keep=1', '/a?token=[REDACTED]&keep=1'],
    ['/a?Token=s', '/a?Token=[REDACTED]'],
    ['/a?%74oken=s', '/a?%74oken=[REDACTED]'],
    ['/a?sig=s&signature=s&password=s&code=s&key=s&api_key=s&apikey=s', '/a?sig=[REDACTED]&signature=[REDACTED]&password=[REDACTED]&code=[REDACTED]&key=[REDACTED]&api_key=[REDACTED]&apikey=[REDACTED]'],
    ['/a?access_token=s&refresh_token=s&accessToken=s&refreshToken=s', '/a?access_token=[REDACTED]&refresh_token=[REDACTED]&accessToken=[REDACTED]&refreshToken=[REDACTED]'],
    ['/a?token', '/a?token=[REDACTED]'],
    ['/a?%E0%A4%A=x', '/a?%E0%A4%A=x'],
    ['/a?tokens=x&mytoken=y', '/a?tokens=x&mytoken=y']
  ]
  for (const [url, logged] of cases) t.equal(redactUrl(url), logged, url)
})
