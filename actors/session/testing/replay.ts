/**
 * Rebuilding a session from its recorded events: what an audit, a recap
 * after the fact, or a test of byte-for-byte replay starts from.
 */
import { Schema } from "effect"
import type { EventEnvelope, User } from "../../../engine/actor-kind.ts"
import type { Address } from "../../../engine/address.ts"
import { evolve, initialState } from "../decider.ts"
import { SessionEvent } from "../protocol.ts"
import { buildRecap, type Recap } from "../recap.ts"
import { redactState } from "../redact.ts"
import type { SessionState } from "../state.ts"

export interface RecordedCommit {
  readonly firstSeq: number
  readonly by: string
  readonly at: number
  readonly events: readonly unknown[]
}

const decode = Schema.decodeUnknownSync(SessionEvent)

/** Decodes and folds every event of the stream, in order; throws on an event the schema cannot read. */
export const foldSession = (addr: Address, commits: readonly RecordedCommit[]): SessionState => {
  let state = initialState(addr)
  for (const commit of commits) {
    commit.events.forEach((raw, i) => {
      const envelope: EventEnvelope = { seq: commit.firstSeq + i, by: commit.by, at: commit.at }
      state = evolve(state, decode(raw), envelope)
    })
  }
  return state
}

export const recapFromRecord = (addr: Address, commits: readonly RecordedCommit[], viewer: User): Recap =>
  buildRecap(redactState(foldSession(addr, commits), viewer))
