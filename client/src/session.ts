import type { Client } from 'openapi-fetch'
import { ApiError, noSession } from './errors.js'
import { withLock } from './lock.js'
import type { paths } from './schema.js'
import type { StorageLike } from './storage.js'
import { createTabChannel, type TabMessage } from './tabs.js'
import type { AuthAnswer, User } from './types.js'
import { codeOf, unref } from './util.js'

/** The signed-in state. The access token lives in memory only. */
export interface Session {
  accessToken: string
  /** When the access token expires, in milliseconds since the epoch (the client's clock). */
  expiresAt: number
  user: User
}

export type AuthEvent = 'SIGNED_IN' | 'TOKEN_REFRESHED' | 'SIGNED_OUT'
export type AuthListener = (event: AuthEvent, session: Session | null) => void

/** `body`: the refresh token in the answers, kept in `storage`; `cookie`: in an HttpOnly cookie, out of reach. */
export type AuthMode = 'body' | 'cookie'

export interface SessionOptions {
  /** The openapi-fetch client without the auth middleware (the auth calls must not go through it). */
  raw: Client<paths>
  mode: AuthMode
  storage: StorageLike
  storageKey: string
  refreshMarginSeconds: number
  autoRefreshToken: boolean
  /** Shared by the tabs that share the session; null: no cross-tab coordination. */
  channelName: string | null
  now: () => number
}

const RETRY_DELAY_MS = 10_000
/** How long a tab that finds the refresh token rotated by another waits for that tab's session. */
const PEER_WAIT_MS = 3_000
const MAX_TIMER_MS = 2 ** 31 - 1

/** The session's lifecycle: sign-in answers, refresh (single-flight, one tab at a time), sign-out, events. */
export function createSessionManager (options: SessionOptions) {
  const { raw, mode, storage, now } = options
  const refreshKey = `${options.storageKey}.refresh-token`
  const deviceKey = `${options.storageKey}.device-token`
  const lockName = `${options.channelName ?? options.storageKey}:refresh`
  const listeners = new Set<AuthListener>()
  const versionWaiters = new Set<() => void>()
  let session: Session | null = null
  let refreshAt = 0
  let csrfToken: string | undefined
  /** Bumped whenever the session changes, here or from another tab. */
  let version = 0
  let refreshing: Promise<Session> | null = null
  let restoring: Promise<Session | null> | null = null
  let restoreTried = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const channel = createTabChannel(options.channelName, receive)

  function adopt (next: Session | null, event: AuthEvent, announce: boolean) {
    session = next
    version++
    restoreTried = true
    if (next !== null) {
      // Refresh a margin before expiry, but never in the first half of a short lifetime.
      const remaining = next.expiresAt - now()
      refreshAt = next.expiresAt - Math.min(options.refreshMarginSeconds * 1000, remaining / 2)
    }
    schedule()
    if (announce) channel?.post(next === null ? { type: 'signed-out' } : { type: 'session', session: next, csrfToken })
    for (const resolve of [...versionWaiters]) resolve()
    for (const listener of [...listeners]) {
      // A failing listener is reported like a failing event handler, and stops neither the others nor the caller.
      try { listener(event, next) } catch (error) { queueMicrotask(() => { throw error }) }
    }
  }

  function receive (message: TabMessage) {
    if (closed) return
    if (message.type === 'session') {
      if (message.csrfToken !== undefined) csrfToken = message.csrfToken
      adopt(message.session, session === null ? 'SIGNED_IN' : 'TOKEN_REFRESHED', false)
    } else if (message.type === 'signed-out' && session !== null) {
      csrfToken = undefined
      adopt(null, 'SIGNED_OUT', false)
    }
  }

  function schedule () {
    clearTimeout(timer)
    timer = undefined
    if (session === null || !options.autoRefreshToken || closed) return
    later(refreshAt - now(), () => { refresh().catch(retryUnlessSignedOut) })
  }

  function later (delay: number, work: () => void) {
    timer = setTimeout(work, Math.min(Math.max(0, delay), MAX_TIMER_MS))
    unref(timer)
  }

  function retryUnlessSignedOut () {
    if (session !== null && options.autoRefreshToken && !closed) {
      later(RETRY_DELAY_MS, () => { refresh().catch(retryUnlessSignedOut) })
    }
  }

  /** Takes a signup, login or refresh answer: the refresh token to storage (body mode), the rest in memory. */
  async function accept (answer: AuthAnswer, event: AuthEvent): Promise<Session> {
    if (answer.refreshToken !== undefined) await storage.setItem(refreshKey, answer.refreshToken)
    if (answer.deviceToken !== undefined && mode === 'body') await storage.setItem(deviceKey, answer.deviceToken)
    if (answer.csrfToken !== undefined) csrfToken = answer.csrfToken
    const next = { accessToken: answer.accessToken, expiresAt: now() + answer.expiresIn * 1000, user: answer.user }
    adopt(next, event, true)
    return next
  }

  /** Forgets the session here and in the other tabs; SIGNED_OUT only if there was one. */
  async function end () {
    await storage.removeItem(refreshKey)
    csrfToken = undefined
    if (session !== null) adopt(null, 'SIGNED_OUT', true)
  }

  /** An answer that means the session is over (not a busy or unreachable server). */
  const endsSession = (error: ApiError) => error.status < 500 && error.status !== 429

  async function csrfHeader (fresh: boolean): Promise<Record<string, string>> {
    if (csrfToken === undefined || fresh) {
      const { data, error, response } = await raw.GET('/v1/auth/csrf')
      if (data === undefined) throw ApiError.fromResponse(response, error, now())
      csrfToken = data.csrfToken
    }
    return { 'x-csrf-token': csrfToken }
  }

  /** The refresh call itself; in cookie mode a stale CSRF token is replaced once. */
  async function callRefresh (refreshToken: string | null) {
    if (mode === 'body') {
      if (refreshToken === null) throw noSession()
      return await raw.POST('/v1/auth/refresh', { body: { refreshToken } })
    }
    const first = await raw.POST('/v1/auth/refresh', { headers: await csrfHeader(false) })
    if (first.response.status !== 403 || codeOf(first.error) !== 'invalid_csrf_token') return first
    return await raw.POST('/v1/auth/refresh', { headers: await csrfHeader(true) })
  }

  /** Resolves once the session changes (true), or after `ms` (false). */
  function versionChange (seen: number, ms: number): Promise<boolean> {
    if (version !== seen) return Promise.resolve(true)
    return new Promise((resolve) => {
      const done = (changed: boolean) => { versionWaiters.delete(onChange); clearTimeout(timeout); resolve(changed) }
      const onChange = () => { done(true) }
      const timeout = setTimeout(() => { done(false) }, ms)
      unref(timeout)
      versionWaiters.add(onChange)
    })
  }

  const fresh = (candidate: Session | null): candidate is Session => candidate !== null && now() < refreshAt

  async function refreshOnce (): Promise<Session> {
    const seen = version
    const before = mode === 'body' ? await storage.getItem(refreshKey) : null
    return await withLock(lockName, async () => {
      // Let a message from the tab that held the lock land before deciding.
      await new Promise((resolve) => { setTimeout(resolve, 0) })
      if (version !== seen && fresh(session)) return session
      const refreshToken = mode === 'body' ? await storage.getItem(refreshKey) : null
      if (refreshToken !== before && refreshToken !== null) {
        // Another tab rotated the token while this one waited: its session is on the way.
        if (await versionChange(seen, PEER_WAIT_MS) && fresh(session)) return session
      }
      const { data, error, response } = await callRefresh(refreshToken)
      if (data === undefined) {
        const failure = ApiError.fromResponse(response, error, now())
        if (endsSession(failure)) await end()
        throw failure
      }
      return await accept(data, session === null ? 'SIGNED_IN' : 'TOKEN_REFRESHED')
    })
  }

  /** A new access token; concurrent callers share one refresh, and tabs take turns (Web Locks). */
  function refresh (): Promise<Session> {
    refreshing ??= refreshOnce().finally(() => { refreshing = null })
    return refreshing
  }

  /** After a page load: the stored refresh token (body mode) or the cookie (cookie mode) signs in again. */
  function restore (): Promise<Session | null> {
    if (session !== null) return Promise.resolve(session)
    restoring ??= (async () => {
      try {
        if (mode === 'body' && await storage.getItem(refreshKey) === null) return null
        return await refresh()
      } catch (error) {
        if (error instanceof ApiError && endsSession(error)) return null
        throw error
      } finally {
        restoreTried = true
        restoring = null
      }
    })()
    return restoring
  }

  return {
    mode,
    current: (): Session | null => session,

    accept,
    refresh,
    restore,

    /** The token to send now: restores once, refreshes when close to expiry; null when signed out. */
    async accessToken (): Promise<string | null> {
      if (session === null && !restoreTried) await restore().catch(() => null)
      if (session !== null && !fresh(session)) await refresh().catch(() => null)
      return session?.accessToken ?? null
    },

    /** After a 401 token_expired for `sent`: a newer token if another call already refreshed, else a refresh. */
    async tokenAfterExpiry (sent: string): Promise<string | null> {
      if (session !== null && session.accessToken !== sent) return session.accessToken
      try {
        return (await refresh()).accessToken
      } catch {
        return null
      }
    },

    deviceToken: async (): Promise<string | undefined> =>
      mode === 'body' ? (await storage.getItem(deviceKey)) ?? undefined : undefined,

    /** Ends the session on the server (refresh token in the body, or the cookie) and everywhere here. */
    async signOut (): Promise<void> {
      try {
        const refreshToken = mode === 'body' ? await storage.getItem(refreshKey) : null
        const answer = mode === 'cookie'
          ? await raw.POST('/v1/auth/logout', { headers: await csrfHeader(false) })
          : refreshToken !== null
            ? await raw.POST('/v1/auth/logout', { body: { refreshToken } })
            : undefined
        // A session the server has already ended is ended: only other failures are reported.
        if (answer !== undefined && !answer.response.ok && answer.response.status !== 401) {
          throw ApiError.fromResponse(answer.response, answer.error, now())
        }
      } finally {
        await end()
      }
    },

    onAuthStateChange (listener: AuthListener): () => void {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },

    close () {
      closed = true
      clearTimeout(timer)
      listeners.clear()
      channel?.close()
    }
  }
}

export type SessionManager = ReturnType<typeof createSessionManager>
