import { describe, expect, it } from "vitest"
import { unknownCommand } from "./actor-kind.ts"

describe("a kind's last branch over its commands", () => {
  it("refuses a command no branch handled as invalid_command, naming its type, instead of throwing", () => {
    // Only a caller that skipped the command schema gets here; the type system rules it out for everyone else.
    expect(unknownCommand({ type: "brandNew" } as never, "session")).toEqual({ rejected: true, code: "invalid_command", message: "unknown session command brandNew" })
    expect(unknownCommand(null as never, "canvas")).toMatchObject({ code: "invalid_command", message: "unknown canvas command undefined" })
  })
})
