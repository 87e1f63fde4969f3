import t from 'tap'
import { createUserbaseClient, memoryStorage, type AuthEvent } from '../../client/src/index.js'
import { account, channel, countingFetch, serve } from '../helpers/client.js'

const REFRESH = 'POST /v1/auth/refresh'
const ME = 'GET /v1/me'
// The tests with the default token lifetime share one app.
const shared = serve(t)

/** Resolves with the next event of that kind. */
function next (client: ReturnType<typeof createUserbaseClient>, wanted: AuthEvent) {
  return new Promise<void>((resolve) => {
    const stop = client.auth.onAuthStateChange((event) => { if (event === wanted) { stop(); resolve() } })
  })
}

t.test('the access token is refreshed by itself before it expires', async (t) => {
  // Two-second tokens: the refresh comes at half their lifetime, well before the margin would allow.
  const { baseUrl } = await serve(t, { accessTokenTtl: 2 })
  const counter = countingFetch()
  const client = createUserbaseClient({ baseUrl, fetch: counter.fetch })
  t.teardown(client.close)
  const first = await client.auth.signUp(account())

  await next(client, 'TOKEN_REFRESHED')
  const session = await client.auth.getSession()
  t.ok((session?.expiresAt ?? 0) > first.expiresAt, 'a new token, with a new lifetime')
  t.equal(counter.count(REFRESH), 1)
  t.ok((await client.auth.getUser()).id)
})

t.test('a 401 token_expired refreshes once and retries the call once', async (t) => {
  // Three-second tokens: the refreshed one must outlive the retries on a loaded machine.
  const { baseUrl } = await serve(t, { accessTokenTtl: 3 })
  const counter = countingFetch()
  // A client whose clock runs an hour behind believes the token is fresh: only the server's 401 tells it.
  let lag = 0
  const client = createUserbaseClient({
    baseUrl, fetch: counter.fetch, autoRefreshToken: false, now: () => Date.now() - lag
  })
  t.teardown(client.close)
  const { accessToken } = await client.auth.signUp(account())
  lag = 3_600_000
  const { exp } = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { exp: number }
  await new Promise((resolve) => { setTimeout(resolve, exp * 1000 + 100 - Date.now()) })

  const answers = await Promise.all([1, 2, 3].map(() => client.api.GET('/v1/me')))
  t.same(answers.map(({ response }) => response.status), [200, 200, 200])
  t.equal(counter.count(REFRESH), 1, 'the three expired calls shared one refresh')
  t.equal(counter.count(ME), 6, 'each call was sent twice: expired, then retried')
  t.equal(answers[0].data?.id, answers[2].data?.id)
})

t.test('concurrent calls near expiry share one refresh (single-flight)', async (t) => {
  const { baseUrl } = await shared
  const counter = countingFetch()
  let ahead = 0
  const client = createUserbaseClient({
    baseUrl, fetch: counter.fetch, autoRefreshToken: false, now: () => Date.now() + ahead
  })
  t.teardown(client.close)
  const first = await client.auth.signUp(account())
  ahead = 3_600_000

  const answers = await Promise.all(Array.from({ length: 8 }, () => client.api.GET('/v1/me')))
  t.same(answers.map(({ response }) => response.status), Array(8).fill(200))
  t.equal(counter.count(REFRESH), 1)
  t.equal(counter.count(ME), 8, 'no call needed a retry')
  t.ok(((await client.auth.getSession())?.expiresAt ?? 0) > first.expiresAt, 'a new token, with a new lifetime')

  await Promise.all([client.auth.refresh(), client.auth.refresh()])
  t.equal(counter.count(REFRESH), 2, 'explicit refreshes at once are one refresh too')
})

t.test('two tabs (clients sharing a storage and a channel) refresh once; the other gets the new tokens', async (t) => {
  const { baseUrl } = await shared
  const counter = countingFetch()
  const storage = memoryStorage()
  const options = { baseUrl, fetch: counter.fetch, storage, channelName: channel(), autoRefreshToken: false }
  const tabA = createUserbaseClient(options)
  const tabB = createUserbaseClient(options)
  t.teardown(tabA.close)
  t.teardown(tabB.close)

  const signedInB = next(tabB, 'SIGNED_IN')
  const body = account()
  await tabA.auth.signUp(body)
  await signedInB
  t.equal((await tabB.auth.getSession())?.user.username, body.username, 'B learned of the sign-in from A')

  const [a, b] = await Promise.all([tabA.auth.refresh(), tabB.auth.refresh()])
  t.equal(counter.count(REFRESH), 1, 'one refresh reached the server')
  t.equal(a.accessToken, b.accessToken)
  t.equal((await tabB.api.GET('/v1/me')).response.status, 200)

  const signedOutB = next(tabB, 'SIGNED_OUT')
  await tabA.auth.signOut()
  await signedOutB
  t.equal(await tabB.auth.getSession(), null, 'signing out in one tab signs out the others')
})

t.test('with the Web Locks API the tabs take turns through navigator.locks', async (t) => {
  const { baseUrl } = await shared
  // An exclusive lock manager in this process, with navigator.locks.request's contract.
  const requested: string[] = []
  let tail = Promise.resolve()
  const locks = {
    request<T> (name: string, callback: () => Promise<T>): Promise<T> {
      requested.push(name)
      const run = tail.then(callback)
      tail = run.then(() => undefined, () => undefined)
      return run
    }
  }
  const globals = globalThis as { navigator?: unknown }
  const previous = Object.getOwnPropertyDescriptor(globalThis, 'navigator')
  Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true, writable: true })
  t.teardown(() => {
    if (previous === undefined) delete globals.navigator
    else Object.defineProperty(globalThis, 'navigator', previous)
  })
  const counter = countingFetch()
  const storage = memoryStorage()
  const channelName = channel()
  const options = { baseUrl, fetch: counter.fetch, storage, channelName, autoRefreshToken: false }
  const tabA = createUserbaseClient(options)
  const tabB = createUserbaseClient(options)
  t.teardown(tabA.close)
  t.teardown(tabB.close)
  const signedInB = next(tabB, 'SIGNED_IN')
  await tabA.auth.signUp(account())
  await signedInB

  await Promise.all([tabA.auth.refresh(), tabB.auth.refresh()])
  t.equal(counter.count(REFRESH), 1)
  t.same(requested, [`${channelName}:refresh`, `${channelName}:refresh`])
})
