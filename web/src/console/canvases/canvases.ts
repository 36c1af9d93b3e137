/**
 * What the canvases pages share: the read model's row (GET /api/canvases),
 * a fresh canvas id, and the canvases this tab just made, which the list
 * waits for while the read model catches up.
 */
export interface CanvasSummary {
  readonly id: string
  readonly title: string
  readonly ownerId: string
  readonly privacy: "private" | "shared"
  readonly sessionId: string | null
  /** The grants the caller may see: all of them for the owner and facilitators, else only their own. */
  readonly members: readonly { readonly userId: string; readonly access: string }[]
  readonly elementCount: number
  readonly elementCounts: Readonly<Record<string, number>>
  readonly createdAt: string
  readonly updatedAt: string
}

/** The ids an actor address may carry (/^[A-Za-z0-9_-]{1,64}$/). */
export const CANVAS_ID = /^[A-Za-z0-9_-]{1,64}$/

/** `c-` and 16 random base64url characters: unguessable enough that two tabs never pick the same one. */
export const newCanvasId = (fill: (bytes: Uint8Array<ArrayBuffer>) => void = (bytes) => crypto.getRandomValues(bytes)): string => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
  const bytes = new Uint8Array(16)
  fill(bytes)
  return `c-${Array.from(bytes, (byte) => alphabet[byte & 63]).join("")}`
}

const RECENT_MS = 60_000
const recent = new Map<string, number>()

/** Remembers a canvas this tab made, so the list waits for the read model to show it. */
export const rememberCreated = (id: string, now = Date.now()): void => {
  recent.set(id, now)
}

/** Canvases made here in the last minute that a loaded list does not show yet. */
export const missingFrom = (ids: readonly string[], now = Date.now()): string[] => {
  const shown = new Set(ids)
  for (const [id, at] of recent) if (now - at > RECENT_MS || shown.has(id)) recent.delete(id)
  return [...recent.keys()]
}
