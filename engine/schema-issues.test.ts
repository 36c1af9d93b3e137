import { Effect, Exit, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { CanvasCommand } from "../actors/canvas/protocol.ts"
import { makeAddress } from "./address.ts"
import { openMemoryLog, makeMemoryStore } from "./eventlog/testing/memory-log.ts"
import { makeActorSystem } from "./runtime/runtime.ts"
import { notesKind } from "./runtime/testing/test-kind.ts"
import { describeSchemaFailure } from "./schema-issues.ts"

const describeFor = (schema: Schema.Top, input: unknown, options: Parameters<typeof describeSchemaFailure>[1] = {}) => {
  const exit = Schema.decodeUnknownExit(schema as Schema.Codec<unknown, unknown>)(input)
  if (Exit.isSuccess(exit)) throw new Error(`expected ${JSON.stringify(input)} to fail`)
  return describeSchemaFailure(exit.cause, { input, ...options })
}
const command = (input: unknown) => describeFor(CanvasCommand, input, { root: "cmd", noun: "command" })

describe("schema failures in plain words", () => {
  it("names a field of the wrong type with the path and what was sent", () => {
    const element = { kind: "sticky", text: "a", colour: "#ffcc00", x: "no", y: 1, w: 1, h: 1 }
    expect(command({ type: "addElement", element })).toBe('cmd.element.x: expected a number, got "no"')
    expect(command({ type: "create", title: 5, privacy: "shared" })).toBe("cmd.title: expected a string, got 5")
  })

  it("names a missing field, at the top and inside", () => {
    expect(command({})).toBe("missing field `type`")
    expect(command({ type: "addElement", element: { kind: "sticky" } })).toBe("cmd.element: missing field `text`")
  })

  it("names an unknown command type and lists the known ones, bounded", () => {
    const text = command({ type: "zap" })
    expect(text).toMatch(/^unknown command type "zap"; expected one of create, addElement, /)
    expect(text.length).toBeLessThanOrEqual(300)
    expect(command({ type: "addElement", element: { kind: "blob" } })).toMatch(/^cmd\.element: unknown kind "blob"; expected one of card, sticky, /)
    expect(command("hello")).toBe('expected an object with a `type` field, got "hello"')
  })

  it("says what a check wanted (range, integer, allowed values, list items)", () => {
    const Limit = Schema.Struct({ limit: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 200 })) })
    expect(describeFor(Limit, { limit: 1.5 })).toBe("limit: expected an integer, got 1.5")
    expect(describeFor(Limit, { limit: 500 })).toBe("limit: expected a value between 1 and 200, got 500")
    expect(describeFor(Schema.Struct({ privacy: Schema.Literals(["private", "shared"]) }), { privacy: "x" })).toBe(
      'privacy: expected one of "private", "shared", got "x"',
    )
    expect(describeFor(Schema.Struct({ tags: Schema.Array(Schema.String) }), { tags: ["a", 1] })).toBe("tags[1]: expected a string, got 1")
  })

  it("never quotes a secret field or a long value, and never shows the library's internals", () => {
    const Login = Schema.Struct({ password: Schema.String.check(Schema.isMaxLength(8)), token: Schema.String })
    const secret = describeFor(Login, { password: "hunter2-and-more", token: 1 })
    expect(secret).toBe("password: expected a value with a length of at most 8")
    expect(describeFor(Schema.Struct({ token: Schema.String }), { token: 12345 })).toBe("token: expected a string")
    const long = describeFor(Schema.Struct({ n: Schema.Number }), { n: "x".repeat(1000) })
    expect(long.length).toBeLessThan(80)
    for (const text of [secret, long, command({ type: "zap" })]) expect(text).not.toMatch(/Cause|SchemaError|Fail\(|readonly/)
  })

  it("does not follow prototype keys of the input", () => {
    const input = JSON.parse('{"__proto__": {"type": "create"}}')
    expect(command(input)).toBe("missing field `type`")
  })

  it("bounds the whole text", () => {
    const Many = Schema.Struct(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, Schema.Number])))
    const text = describeFor(Many, {}, { maxLength: 120 })
    expect(text.length).toBeLessThanOrEqual(120)
  })

  it("is what a runtime nack says about a command its kind cannot decode", async () => {
    const system = makeActorSystem({
      log: openMemoryLog(makeMemoryStore()),
      kinds: { notes: notesKind },
      logger: { info: () => {}, error: () => {} },
    })
    const user = { id: "alice", tenant: "t1", roles: ["participant" as const] }
    const exit = await Effect.runPromiseExit(system.send(makeAddress("t1", "notes", "a"), user, "op1", { type: "add", text: 7 }))
    await Effect.runPromise(system.shutdown())
    expect(Exit.isFailure(exit)).toBe(true)
    const failure = Exit.isFailure(exit) ? exit.cause.reasons.find((r) => r._tag === "Fail") : undefined
    expect(failure && "error" in failure ? { code: failure.error.code, message: failure.error.message } : undefined).toEqual({
      code: "invalid_command",
      message: "cmd.text: expected a string, got 7",
    })
  })
})
