import createClient, { type Client, type Middleware } from 'openapi-fetch'
import { ApiError } from './errors.js'
import type { paths } from './schema.js'
import { createSessionManager, type AuthListener, type AuthMode, type Session, type SessionManager } from './session.js'
import { resolveStorage, type StorageOption } from './storage.js'
import type { SignedUrl, SignedUrlOptions, SignInInput, SignUpInput, User, UserChanges, Variant } from './types.js'
import { createUploader } from './uploads.js'
import { codeOf } from './util.js'

export interface UserbaseClientOptions {
  /** The API's origin, e.g. `https://api.example.com` (no trailing `/v1`). */
  baseUrl: string
  /** Body mode only: where the refresh token is kept. Default `memory` (a reload signs out). */
  storage?: StorageOption
  /** Prefix of the storage keys. Default `userbase`. */
  storageKey?: string
  /** A fetch taking a Request (tests, SSR, instrumentation). Default globalThis.fetch. */
  fetch?: (request: Request) => Promise<Response>
  /** Refresh this long before the access token expires (at most half its lifetime). Default 60. */
  refreshMarginSeconds?: number
  /** Refresh on a timer before expiry. Default true; requests refresh a token close to expiry either way. */
  autoRefreshToken?: boolean
  /** `cookie` when the server runs with REFRESH_TOKEN_COOKIE (browsers only). Default `body`. */
  mode?: AuthMode
  /**
   * The BroadcastChannel (and Web Lock) name the tabs of one app share; null turns cross-tab sharing off.
   * Default `userbase:<baseUrl>` in cookie mode or with a shared storage, null with the memory storage.
   */
  channelName?: string | null
  /** The clock, in milliseconds since the epoch. Default Date.now. */
  now?: () => number
}

/** `Authorization` on every call; on a 401 `token_expired`, one refresh and one retry. */
function authMiddleware (session: SessionManager): Middleware {
  const sent = new Map<string, { token: string, copy: Request }>()
  return {
    async onRequest ({ request, id }) {
      if (request.headers.has('authorization')) return undefined
      const token = await session.accessToken()
      if (token === null) return undefined
      request.headers.set('authorization', `Bearer ${token}`)
      // Kept unread: the body of `request` is consumed by the time its answer says to retry.
      sent.set(id, { token, copy: request.clone() })
      return request
    },
    async onResponse ({ response, id, options }) {
      const attempt = sent.get(id)
      sent.delete(id)
      if (attempt === undefined || response.status !== 401) return undefined
      const body: unknown = await response.clone().json().catch(() => undefined)
      if (codeOf(body) !== 'token_expired') return undefined
      const token = await session.tokenAfterExpiry(attempt.token)
      if (token === null) return undefined
      attempt.copy.headers.set('authorization', `Bearer ${token}`)
      return await options.fetch(attempt.copy)
    },
    onError ({ id }) {
      sent.delete(id)
      return undefined
    }
  }
}

type AvatarBody = NonNullable<paths['/v1/me/avatar']['put']['requestBody']>['content']['multipart/form-data']

const variantKeys = ['w', 'h', 'fit', 'format', 'q'] as const

/** `?w=&format=...` in the server's own order (the order signed URLs are signed in). */
export function variantQuery (variant: Variant = {}): string {
  const pairs = variantKeys
    .filter((key) => variant[key] !== undefined)
    .map((key) => `${key}=${encodeURIComponent(String(variant[key]))}`)
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`
}

export function createUserbaseClient (options: UserbaseClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const mode = options.mode ?? 'body'
  const now = options.now ?? Date.now
  const shared = mode === 'cookie' || (options.storage !== undefined && options.storage !== 'memory')
  const channelName = options.channelName !== undefined
    ? options.channelName
    : shared ? `userbase:${baseUrl}` : null
  const clientOptions = {
    baseUrl,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    // Cookie mode: the refresh and CSRF cookies must travel, cross-origin too.
    ...(mode === 'cookie' ? { credentials: 'include' as const } : {})
  }
  const raw = createClient<paths>(clientOptions)
  const api: Client<paths> = createClient<paths>(clientOptions)
  const session = createSessionManager({
    raw,
    mode,
    storage: resolveStorage(options.storage),
    storageKey: options.storageKey ?? 'userbase',
    refreshMarginSeconds: options.refreshMarginSeconds ?? 60,
    autoRefreshToken: options.autoRefreshToken ?? true,
    channelName,
    now
  })
  api.use(authMiddleware(session))
  const fail = (response: Response, error: unknown) => ApiError.fromResponse(response, error, now())

  const auth = {
    /** Creates the account and signs in. */
    async signUp (input: SignUpInput): Promise<Session> {
      const { data, error, response } = await raw.POST('/v1/auth/signup', { body: input })
      if (data === undefined) throw fail(response, error)
      return await session.accept(data, 'SIGNED_IN')
    },

    /** Signs in with the email or the username (`login`) and the password. */
    async signIn (input: SignInInput): Promise<Session> {
      const deviceToken = input.deviceToken ?? await session.deviceToken()
      const body = deviceToken === undefined ? input : { ...input, deviceToken }
      const { data, error, response } = await raw.POST('/v1/auth/login', { body })
      if (data === undefined) throw fail(response, error)
      return await session.accept(data, 'SIGNED_IN')
    },

    /** Ends the session on the server and here (and in the other tabs). */
    signOut: session.signOut,

    /** A new token pair now (normally automatic). Throws ApiError; a refused refresh also signs out. */
    refresh: session.refresh,

    /** Signs in again from the stored refresh token or the cookie, after a page load; null when there is none. */
    restore: session.restore,

    /** The session in memory, or after restoring it; null when signed out. */
    async getSession (): Promise<Session | null> {
      return session.current() ?? await session.restore()
    },

    /** The signed-in user, fresh from GET /v1/me. */
    async getUser (): Promise<User> {
      const { data, error, response } = await api.GET('/v1/me')
      if (data === undefined) throw fail(response, error)
      return data
    },

    /** Changes the display name, username or bio (`null` clears one); the user as it is now. */
    async updateUser (changes: UserChanges): Promise<User> {
      const { data, error, response } = await api.PATCH('/v1/me', { body: changes })
      if (data === undefined) throw fail(response, error)
      return data
    },

    /** Replaces the avatar with an image (png, jpeg, webp, gif or avif); the user with its new `avatarUrl`. */
    async setAvatar (image: Blob): Promise<User> {
      const form = new FormData()
      form.append('file', image, (image as Blob & { name?: string }).name ?? 'avatar')
      const { data, error, response } = await api.PUT('/v1/me/avatar', {
        body: form as unknown as AvatarBody,
        bodySerializer: (body: unknown) => body
      })
      if (data === undefined) throw fail(response, error)
      return data
    },

    /** Goes back to the generated avatar. */
    async removeAvatar (): Promise<void> {
      const { error, response } = await api.DELETE('/v1/me/avatar')
      if (!response.ok) throw fail(response, error)
    },

    onAuthStateChange: (listener: AuthListener) => session.onAuthStateChange(listener)
  }

  const files = {
    /** Uploads Blobs or Files (`visibility`, progress, abort); the created FileObjects. */
    upload: createUploader({ api, baseUrl, session, now }),

    /** A URL serving the file (or one variant) without a token until it expires: for `<img src>` and downloads. */
    async signedUrl (id: string, body: SignedUrlOptions = {}): Promise<SignedUrl> {
      const { data, error, response } = await api.POST('/v1/files/{id}/signed-url', { params: { path: { id } }, body })
      if (data === undefined) throw fail(response, error)
      return data
    },

    /** The content URL of a file, or of an image variant; it loads without a token for public files. */
    contentUrl (id: string, variant?: Variant): string {
      return `${baseUrl}/v1/files/${encodeURIComponent(id)}/content${variantQuery(variant)}`
    }
  }

  return {
    /** Every operation, typed from openapi.yaml; answers `{ data, error, response }` and never throws ApiError. */
    api,
    auth,
    files,
    /** Stops the refresh timer and leaves the tabs' channel. */
    close: session.close
  }
}

export type UserbaseClient = ReturnType<typeof createUserbaseClient>
