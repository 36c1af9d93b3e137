/** The device's network as the browser reports it: navigator.onLine and the window's online/offline events. */
import type { NetworkStatus } from "./types.ts"

interface EventTargetLike {
  addEventListener?(type: string, listener: () => void): void
  removeEventListener?(type: string, listener: () => void): void
}

/** Always online where there is no navigator (Node), so tests and tools just connect. */
export const browserNetwork = (): NetworkStatus => {
  const target = globalThis as EventTargetLike
  return {
    online: () => (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine !== false,
    onChange: (listener) => {
      if (typeof target.addEventListener !== "function") return () => undefined
      const online = () => listener(true)
      const offline = () => listener(false)
      target.addEventListener("online", online)
      target.addEventListener("offline", offline)
      return () => {
        target.removeEventListener?.("online", online)
        target.removeEventListener?.("offline", offline)
      }
    },
  }
}

/** `/live` on the page's own host: ws: beside http:, wss: beside https:. */
export const liveUrlFromLocation = (): string => {
  const location = (globalThis as { location?: { href: string } }).location
  if (!location) throw new Error("client: no page location to derive the /live address from; pass `url` (ws://host:port/live)")
  const url = new URL("/live", location.href)
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:"
  url.hash = ""
  url.search = ""
  return url.toString()
}

const OP_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"

/** A random id for this tab (getRandomValues works without a secure context, unlike randomUUID). */
export const randomTabId = (length = 12): string => {
  const bytes = new Uint8Array(length)
  const crypto = (globalThis as { crypto?: { getRandomValues?(array: Uint8Array): Uint8Array } }).crypto
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes)
  else for (let i = 0; i < length; i++) bytes[i] = Math.floor(Math.random() * 256)
  let id = ""
  for (const byte of bytes) id += OP_ID_ALPHABET[byte % OP_ID_ALPHABET.length]
  return id
}

export const OP_ID_PATTERN = /^[A-Za-z0-9_:.-]{1,128}$/
