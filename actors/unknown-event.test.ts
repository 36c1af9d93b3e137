/**
 * Every kind's evolve leaves its state as it was for an event type it does
 * not know. The runtime never folds one (an event its schema cannot read
 * stops the actor, kind-codec.ts), but a browser folds what the server sends
 * with the actor's own evolve, and a server newer than its bundle may send
 * event types it has never heard of.
 */
import { describe, expect, it } from "vitest"
import { testAddress } from "../engine/testing/context.ts"
import { actorKinds } from "./index.ts"

// A type named like a member every object has must not find Object.prototype's either.
const unknownEvents = [{ type: "fromANewerVersion", id: "x1" }, { type: "toString" }, { type: "constructor" }]
const envelope = { seq: 1, by: "someone", at: 1_700_000_000_000 }

describe("an event no kind knows yet", () => {
  for (const kind of Object.values(actorKinds)) {
    it(`${kind.kind}: leaves the state as it was`, () => {
      const state = kind.initialState(testAddress(kind.kind))
      const before = structuredClone(state)
      for (const event of unknownEvents) expect(kind.evolve(state, event, envelope)).toEqual(before)
    })
  }
})
