/** What an actor snapshot holds: the folded state and the idempotency window at `seq`. */
import { Packr } from "msgpackr"

const packr = new Packr({ useRecords: false, moreTypes: false })

export interface ActorSnapshot {
  readonly version: 1
  readonly state: unknown
  readonly recent: Array<[string, number]>
}

export const encodeSnapshot = (snapshot: ActorSnapshot): Uint8Array => packr.pack(snapshot)

export const decodeSnapshot = (bytes: Uint8Array): ActorSnapshot | undefined => {
  const value = packr.unpack(bytes) as Partial<ActorSnapshot> | undefined
  if (value?.version !== 1 || !Array.isArray(value.recent)) return undefined
  return value as ActorSnapshot
}
