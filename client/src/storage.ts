import { browser } from './browser.js'

/** Where the refresh token is kept in body mode: localStorage, or the app's own (sync or async). */
export interface StorageLike {
  getItem (key: string): string | null | Promise<string | null>
  setItem (key: string, value: string): void | Promise<void>
  removeItem (key: string): void | Promise<void>
}

export type StorageOption = 'memory' | 'localStorage' | StorageLike

/** A storage that lives as long as the client: a reload signs out (unless the cookie mode is on). */
export function memoryStorage (): StorageLike {
  const items = new Map<string, string>()
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => { items.set(key, value) },
    removeItem: (key) => { items.delete(key) }
  }
}

export function resolveStorage (option: StorageOption | undefined): StorageLike {
  if (option === undefined || option === 'memory') return memoryStorage()
  if (option !== 'localStorage') return option
  const local = browser.localStorage
  if (local === undefined) throw new TypeError('storage: \'localStorage\' is not available here')
  return local
}
