import t from 'tap'
import { createUserbaseClient, memoryStorage } from '../../client/src/index.js'
import { account, apiErrorOf, browserFetch, countingFetch, serve } from '../helpers/client.js'

const SPA = 'https://app.example.com'
const shared = serve(t, { refreshTokenCookie: true, corsOrigins: [SPA] })

t.test('cookie mode: nothing secret in JavaScript, CSRF token sent, a reload stays signed in', async (t) => {
  const { baseUrl } = await shared
  const browser = browserFetch(SPA)
  const credentials = new Set<string>()
  const counter = countingFetch(async (request) => {
    credentials.add(request.credentials)
    return await browser.fetch(request)
  })
  const storage = memoryStorage()
  const options = { baseUrl, fetch: counter.fetch, mode: 'cookie' as const, storage, channelName: null }
  const page = createUserbaseClient(options)
  t.teardown(page.close)
  const body = account()

  const signedUp = await page.auth.signUp(body)
  t.equal(signedUp.user.username, body.username)
  t.ok(browser.jar.has('refresh_token'), 'the refresh token is in the (HttpOnly) cookie')
  t.equal(await storage.getItem('userbase.refresh-token'), null, 'and nowhere the script can read')
  t.equal(await storage.getItem('userbase.device-token'), null)

  const refreshed = await page.auth.refresh()
  t.ok(refreshed.accessToken)
  t.equal(counter.count('GET /v1/auth/csrf'), 0, 'the CSRF token came with the sign-up answer')

  // A reload: a new client with nothing in memory signs in again with the cookie.
  const reloaded = createUserbaseClient(options)
  t.teardown(reloaded.close)
  const restored = await reloaded.auth.getSession()
  t.equal(restored?.user.username, body.username)
  t.equal(counter.count('GET /v1/auth/csrf'), 1, 'after a reload the CSRF token is fetched first')
  t.equal((await reloaded.auth.getUser()).username, body.username)

  await reloaded.auth.signOut()
  t.notOk(browser.jar.has('refresh_token'), 'signing out clears the cookie')
  const again = createUserbaseClient(options)
  t.teardown(again.close)
  t.equal(await again.auth.getSession(), null, 'and a reload stays signed out')
  t.equal((await again.api.GET('/v1/me')).response.status, 401)
  t.same([...credentials], ['include'], 'every request is sent with credentials: include')
})

t.test('cookie mode: a foreign Origin gets 403 origin_not_allowed', async (t) => {
  const { baseUrl } = await shared
  const client = createUserbaseClient({ baseUrl, fetch: browserFetch('https://evil.example.net').fetch, mode: 'cookie' })
  t.teardown(client.close)
  const error = await apiErrorOf(client.auth.signUp(account()))
  t.equal(error.status, 403)
  t.equal(error.code, 'origin_not_allowed')
})
