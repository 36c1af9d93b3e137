/**
 * What a member tells the others about themselves on a canvas, through the
 * live protocol's presence (never stored): where their cursor is, what they
 * have selected, what they are looking at, and how long since they last did
 * anything, so idle (3 s) and away (60 s) hold even while their screen
 * keeps sending a heartbeat.
 */
import type { PresencePeer } from "../client/types.ts"
import type { Viewport } from "./viewport.ts"

export interface CanvasPresence {
  /** World coordinates, or null when the pointer left the canvas. */
  readonly cursor: readonly [number, number] | null
  readonly selection: readonly string[]
  /** The centre of their view and its zoom, for "follow". */
  readonly view: { readonly x: number; readonly y: number; readonly zoom: number }
  /** Milliseconds since their last input when this was sent. */
  readonly idleMs: number
}

export type PeerStatus = "active" | "idle" | "away"

export const IDLE_AFTER_MS = 3_000
export const AWAY_AFTER_MS = 60_000
/** Sent at least this often while the canvas is open, so a quiet member is still known to be here. */
export const PRESENCE_HEARTBEAT_MS = 5_000

const isPresence = (data: unknown): data is CanvasPresence =>
  typeof data === "object" && data !== null && "idleMs" in data && "view" in data && Array.isArray((data as CanvasPresence).selection)

export interface Peer {
  readonly userId: string
  readonly presence: CanvasPresence
  readonly status: PeerStatus
}

/** The members on this canvas now, from the live presence, with how active each is. Gone after twice the away time with no word. */
export const peersOf = (peers: ReadonlyMap<string, PresencePeer>, now: number): Peer[] => {
  const list: Peer[] = []
  for (const [userId, peer] of peers) {
    if (!isPresence(peer.data)) continue
    const silentFor = now - peer.at
    if (silentFor > PRESENCE_HEARTBEAT_MS * 4) continue
    const idle = peer.data.idleMs + silentFor
    list.push({ userId, presence: peer.data, status: idle < IDLE_AFTER_MS ? "active" : idle < AWAY_AFTER_MS ? "idle" : "away" })
  }
  return list
}

export const viewCentre = (view: Viewport, width: number, height: number) => ({
  x: view.x + width / 2 / view.zoom,
  y: view.y + height / 2 / view.zoom,
  zoom: view.zoom,
})
