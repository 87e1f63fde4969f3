// Browser-only APIs, reached through small local interfaces on globalThis: the SDK type-checks without
// the DOM library's declarations for them (the tests compile under Node's types) and runs where they are absent.

export interface LockManagerLike {
  request<T> (name: string, callback: () => Promise<T>): Promise<T>
}

export interface XhrProgressEvent {
  loaded: number
  total: number
  lengthComputable: boolean
}

export interface XhrLike {
  open (method: string, url: string): void
  setRequestHeader (name: string, value: string): void
  getResponseHeader (name: string): string | null
  send (body: FormData): void
  abort (): void
  withCredentials: boolean
  readonly status: number
  readonly statusText: string
  readonly responseText: string
  readonly upload: { onprogress: ((event: XhrProgressEvent) => void) | null }
  onload: (() => void) | null
  onerror: (() => void) | null
  onabort: (() => void) | null
}

export interface BrowserGlobals {
  navigator?: { locks?: LockManagerLike }
  localStorage?: {
    getItem (key: string): string | null
    setItem (key: string, value: string): void
    removeItem (key: string): void
  }
  XMLHttpRequest?: new () => XhrLike
}

export const browser = globalThis as unknown as BrowserGlobals
