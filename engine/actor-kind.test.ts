import { describe, expect, it } from "vitest"
import { unknownCommand, unknownEvent } from "./actor-kind.ts"

describe("a kind's last branch over its commands", () => {
  it("refuses a command no branch handled as invalid_command, naming its type, instead of throwing", () => {
    // Only a caller that skipped the command schema gets here; the type system rules it out for everyone else.
    expect(unknownCommand({ type: "brandNew" } as never, "session")).toEqual({
      rejected: true,
      code: "invalid_command",
      message: "unknown session command brandNew",
    })
    expect(unknownCommand(null as never, "canvas")).toMatchObject({ code: "invalid_command", message: "unknown canvas command undefined" })
  })
})

describe("a kind's last branch over its events", () => {
  it("leaves the state as it was for an event no branch folded, instead of throwing or taking the event for the state", () => {
    const state = { notes: ["kept"] }
    // Only an event no case handled may be passed: the type of a switch's last branch is `never` once every case is.
    // @ts-expect-error an event of a type the switch did not handle is not `never`
    expect(unknownEvent({ type: "brandNew" }, state)).toBe(state)
    expect(unknownEvent(null as never, state)).toBe(state)
  })
})
