/** Where the client keeps tokens and pending commands: sessionStorage in a tab (per tab, gone with it), memory elsewhere. */
import type { StorageLike } from "./types.ts"

/** A storage over a Map (tests, and browsers where sessionStorage is blocked). */
export const memoryStorage = (map: Map<string, string> = new Map()): StorageLike => ({
  getItem: (key) => map.get(key) ?? null,
  setItem: (key, value) => void map.set(key, value),
  removeItem: (key) => void map.delete(key),
})

/** `sessionStorage` when the page may use it, else memory (private modes and sandboxed frames throw on access). */
export const defaultStorage = (): StorageLike => {
  try {
    const storage = (globalThis as { sessionStorage?: StorageLike }).sessionStorage
    if (storage) {
      storage.setItem("studio.probe", "1")
      storage.removeItem("studio.probe")
      return storage
    }
  } catch {
    // Blocked: fall through to memory.
  }
  return memoryStorage()
}

export const toStorage = (given: StorageLike | Map<string, string> | undefined): StorageLike =>
  given === undefined ? defaultStorage() : given instanceof Map ? memoryStorage(given) : given

/** Reads JSON, or undefined when missing or unreadable (a quota error or a hand-edited value must not break the app). */
export const readJson = <T>(storage: StorageLike, key: string): T | undefined => {
  try {
    const text = storage.getItem(key)
    return text === null ? undefined : (JSON.parse(text) as T)
  } catch {
    return undefined
  }
}

/** Writes JSON; a full or blocked storage only loses the reload guarantee, never the running state. */
export const writeJson = (storage: StorageLike, key: string, value: unknown): void => {
  try {
    if (value === undefined) storage.removeItem(key)
    else storage.setItem(key, JSON.stringify(value))
  } catch {
    // Quota exceeded or blocked.
  }
}
