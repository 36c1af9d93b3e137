import { describe, expect, it } from "vitest"
import { testAddress } from "../engine/testing/context.ts"
import { assertPlainData } from "../engine/testing/plain-data.ts"
import { actorKindFor, actorKinds } from "./index.ts"

describe("actor kind registry", () => {
  it("registers each kind under the kind its addresses use", () => {
    expect(Object.keys(actorKinds).sort()).toEqual(["canvas", "coach", "journal", "journey", "library", "organization", "session"])
    for (const [name, kind] of Object.entries(actorKinds)) expect(kind.kind).toBe(name)
  })

  it("finds registered kinds and nothing else, not even Object.prototype's names", () => {
    expect(actorKindFor("canvas")?.kind).toBe("canvas")
    expect(actorKindFor("toString")).toBeUndefined()
    expect(actorKindFor("__proto__")).toBeUndefined()
  })

  it("every kind starts from plain data", () => {
    for (const kind of Object.values(actorKinds)) {
      const state = kind.initialState(testAddress(kind.kind))
      assertPlainData(`${kind.kind} initial state`, state)
    }
  })
})
