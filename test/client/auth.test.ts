import t from 'tap'
import {
  ApiError, createUserbaseClient, memoryStorage, type AuthEvent, type Session, type StorageLike
} from '../../client/src/index.js'
import { account, apiErrorOf, serve } from '../helpers/client.js'
import { png } from '../helpers/files.js'

// One app for the file (each test signs up its own accounts); the rate-limit test has its own.
const shared = serve(t)

t.test('sign up, sign in with the username, getUser, signOut', async (t) => {
  const { baseUrl } = await shared
  const client = createUserbaseClient({ baseUrl })
  t.teardown(client.close)
  const body = account()

  const signedUp = await client.auth.signUp(body)
  t.equal(signedUp.user.username, body.username)
  t.ok(signedUp.expiresAt > Date.now())
  t.equal((await client.auth.getUser()).email, body.email)

  await client.auth.signOut()
  t.equal(await client.auth.getSession(), null)
  const anonymous = await client.api.GET('/v1/me')
  t.equal(anonymous.response.status, 401, 'no token is sent once signed out')

  const signedIn = await client.auth.signIn({ login: body.username, password: body.password })
  t.not(signedIn.accessToken, signedUp.accessToken)
  const { data } = await client.api.GET('/v1/me')
  t.equal(data?.username, body.username, 'the typed client sends the token')
})

t.test('onAuthStateChange: SIGNED_IN, TOKEN_REFRESHED, SIGNED_OUT; unsubscribe stops the events', async (t) => {
  const { baseUrl } = await shared
  const client = createUserbaseClient({ baseUrl, autoRefreshToken: false })
  t.teardown(client.close)
  const events: Array<[AuthEvent, string | undefined]> = []
  const unsubscribe = client.auth.onAuthStateChange((event, session) => {
    events.push([event, session?.user.username])
  })
  const body = account()

  await client.auth.signUp(body)
  await client.auth.refresh()
  await client.auth.signOut()
  t.same(events, [['SIGNED_IN', body.username], ['TOKEN_REFRESHED', body.username], ['SIGNED_OUT', undefined]])

  unsubscribe()
  await client.auth.signIn({ login: body.email, password: body.password })
  t.equal(events.length, 3)
})

t.test('ApiError: a taken username is 409 username_taken on /username, with the request id', async (t) => {
  const { baseUrl } = await shared
  const client = createUserbaseClient({ baseUrl })
  t.teardown(client.close)
  const body = account()
  await client.auth.signUp(body)

  const apiError = await apiErrorOf(client.auth.signUp({ ...account(), username: body.username }))
  t.ok(apiError instanceof ApiError)
  t.equal(apiError.status, 409)
  t.equal(apiError.code, 'username_taken')
  t.equal(apiError.errors[0]?.path, '/username')
  t.match(apiError.requestId, /\S/)
  t.equal(apiError.retryAfter, undefined)

  const wrong = await apiErrorOf(client.auth.signIn({ login: body.username, password: 'not the password at all' }))
  t.equal(wrong.code, 'invalid_credentials')

  const raw = await client.api.POST('/v1/auth/signup', { body: { ...account(), username: body.username } })
  t.equal(raw.error?.code, 'username_taken', 'the raw client answers { error } and throws nothing')
})

t.test('ApiError: a 429 carries retryAfter in seconds', async (t) => {
  const { baseUrl } = await serve(t, { authRateLimitMax: 1, authRateLimitWindow: 60 })
  const client = createUserbaseClient({ baseUrl })
  t.teardown(client.close)
  await client.auth.signIn({ login: 'nobody', password: 'whatever password' }).catch(() => undefined)

  const error = await apiErrorOf(client.auth.signIn({ login: 'nobody', password: 'whatever password' }))
  t.equal(error.status, 429)
  t.equal(error.code, 'rate_limited')
  t.ok(typeof error.retryAfter === 'number' && error.retryAfter > 0 && error.retryAfter <= 60, `${error.retryAfter}`)
})

t.test('storage: memory by default, localStorage, or the app\'s own async storage; a new client restores', async (t) => {
  const { baseUrl } = await shared
  const body = account()

  const inMemory = createUserbaseClient({ baseUrl })
  t.teardown(inMemory.close)
  await inMemory.auth.signUp(body)
  const reloaded = createUserbaseClient({ baseUrl })
  t.teardown(reloaded.close)
  t.equal(await reloaded.auth.getSession(), null, 'memory: a reload signs out')

  const local = memoryStorage()
  const globals = globalThis as { localStorage?: StorageLike }
  globals.localStorage = local
  t.teardown(() => { delete globals.localStorage })
  const first = createUserbaseClient({ baseUrl, storage: 'localStorage', channelName: null })
  t.teardown(first.close)
  await first.auth.signIn({ login: body.username, password: body.password })
  t.match(await local.getItem('userbase.refresh-token'), /\S/, 'the refresh token is in localStorage')
  t.match(await local.getItem('userbase.device-token'), /\S/, 'so is the device token')
  const second = createUserbaseClient({ baseUrl, storage: 'localStorage', channelName: null })
  t.teardown(second.close)
  const restored = await second.auth.getSession()
  t.equal(restored?.user.username, body.username, 'a page load signs in again')

  const items = new Map<string, string>()
  const asyncStorage: StorageLike = {
    getItem: async (key) => items.get(key) ?? null,
    setItem: async (key, value) => { items.set(key, value) },
    removeItem: async (key) => { items.delete(key) }
  }
  const custom = createUserbaseClient({ baseUrl, storage: asyncStorage, storageKey: 'app', channelName: null })
  t.teardown(custom.close)
  await custom.auth.signIn({ login: body.username, password: body.password })
  t.ok(items.has('app.refresh-token'))
  const events: AuthEvent[] = []
  const again = createUserbaseClient({ baseUrl, storage: asyncStorage, storageKey: 'app', channelName: null })
  t.teardown(again.close)
  again.auth.onAuthStateChange((event) => { events.push(event) })
  const user = await again.api.GET('/v1/me')
  t.equal(user.data?.username, body.username, 'the first call restores the session by itself')
  t.same(events, ['SIGNED_IN'])

  await again.auth.signOut()
  t.notOk(items.has('app.refresh-token'), 'signing out removes the token')
  const signedOut = await apiErrorOf(custom.auth.refresh())
  t.equal(signedOut.code, 'unauthorized', 'nothing left to refresh with')
})

t.test('a refused refresh signs out', async (t) => {
  const { baseUrl } = await shared
  const storage = memoryStorage()
  const client = createUserbaseClient({ baseUrl, storage, channelName: null, autoRefreshToken: false })
  t.teardown(client.close)
  const sessions: Array<Session | null> = []
  client.auth.onAuthStateChange((_event, session) => { sessions.push(session) })
  await client.auth.signUp(account())
  await storage.setItem('userbase.refresh-token', 'forged')

  const error = await apiErrorOf(client.auth.refresh())
  t.equal(error.code, 'invalid_refresh_token')
  t.equal(sessions.at(-1), null)
  t.equal(await storage.getItem('userbase.refresh-token'), null)
})

t.test('updateUser, setAvatar, removeAvatar; a taken username is an ApiError on /username', async (t) => {
  const { baseUrl } = await shared
  const client = createUserbaseClient({ baseUrl })
  t.teardown(client.close)
  const other = account()
  await createUserbaseClient({ baseUrl }).auth.signUp(other)
  const { user } = await client.auth.signUp(account())

  const renamed = await client.auth.updateUser({ displayName: 'River', bio: 'Draws maps.' })
  t.match(renamed, { displayName: 'River', bio: 'Draws maps.', username: user.username })
  const taken = await apiErrorOf(client.auth.updateUser({ username: other.username }))
  t.match(taken, { status: 409, code: 'username_taken' })
  t.equal(taken.errors[0]?.path, '/username')

  const withAvatar = await client.auth.setAvatar(new Blob([await png(64, 64)], { type: 'image/png' }))
  t.not(withAvatar.avatarUrl, user.avatarUrl, 'the uploaded avatar replaces the generated one')
  const served = await fetch(new URL(new URL(withAvatar.avatarUrl).pathname, baseUrl)) // PUBLIC_URL is not this port
  t.equal(served.status, 200)
  t.equal(served.headers.get('content-type'), 'image/webp', 'avatars are stored re-encoded')
  const notAnImage = await apiErrorOf(client.auth.setAvatar(new Blob(['plain text'], { type: 'text/plain' })))
  t.equal(notAnImage.status, 415)

  await client.auth.removeAvatar()
  t.equal((await client.auth.getUser()).avatarUrl, user.avatarUrl, 'the generated avatar again')
})
