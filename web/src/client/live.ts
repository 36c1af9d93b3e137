/** The live client: see `Live` in types.ts. */
import type { Live, LiveOptions, PresencePeer } from "./types.ts"

export type PresenceStatus = "active" | "idle" | "away"

/** `active` under 3 s since the peer's last presence, `idle` under 60 s, else `away`. */
export const presenceStatus = (peer: PresencePeer, now: number = Date.now()): PresenceStatus => {
  const age = now - peer.at
  return age < 3_000 ? "active" : age < 60_000 ? "idle" : "away"
}

export const createLive = (_options: LiveOptions): Live => {
  throw new Error("client/live.ts: not implemented yet")
}
