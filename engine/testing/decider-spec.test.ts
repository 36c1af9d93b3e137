import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { defineActorKind, reject, type ActorKind } from "../actor-kind.ts"
import { exploreDecider } from "./decider-property.ts"
import { spec } from "./decider-spec.ts"
import { FIXED_NOW, makeTestContext, testAddress, testUser } from "./context.ts"

const Increment = Schema.Struct({ type: Schema.Literal("Increment"), by: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 10 })) })
const Reset = Schema.Struct({ type: Schema.Literal("Reset") })
const Incremented = Schema.Struct({ type: Schema.Literal("Incremented"), by: Schema.Int, tokenId: Schema.String })
const WasReset = Schema.Struct({ type: Schema.Literal("WasReset") })
const Command = Schema.Union([Increment, Reset])
const Event = Schema.Union([Incremented, WasReset])

interface CounterState {
  readonly count: number
  readonly tokens: readonly string[]
  readonly lastBy: string | null
}

const counter = defineActorKind<CounterState, typeof Command.Type, typeof Event.Type>({
  kind: "counter",
  commandSchema: Command,
  eventSchema: Event,
  initialState: () => ({ count: 0, tokens: [], lastBy: null }),
  decide: (state, command, ctx) => {
    if (command.type === "Reset") return state.count === 0 ? [] : [{ type: "WasReset" }]
    if (state.count + command.by > 20) return reject("conflict", `the counter stops at 20; it is at ${state.count}`)
    return [{ type: "Incremented", by: command.by, tokenId: ctx.newId() }]
  },
  evolve: (state, event, envelope) =>
    event.type === "WasReset"
      ? { count: 0, tokens: [], lastBy: envelope.by }
      : { count: state.count + event.by, tokens: [...state.tokens, event.tokenId], lastBy: envelope.by },
  canRead: () => true,
})

/** A decider that breaks the plain-data rule, to prove the helper notices. */
const leaky: ActorKind<unknown, typeof Command.Type, typeof Event.Type> = {
  ...counter,
  evolve: () => new Map([["count", 1]]),
} as ActorKind<unknown, typeof Command.Type, typeof Event.Type>

describe("decider spec", () => {
  it("given events are folded before the command is decided", () => {
    const { state } = spec(counter)
      .given([{ type: "Incremented", by: 5, tokenId: "t" }])
      .when({ type: "Increment", by: 2 })
      .then([{ type: "Incremented", by: 2, tokenId: "id-1" }])
    expect(state).toEqual({ count: 7, tokens: ["t", "id-1"], lastBy: "user-1" })
  })

  it("then fails when the decided events differ from the expected ones", () => {
    expect(() =>
      spec(counter)
        .when({ type: "Increment", by: 2 })
        .then([{ type: "Incremented", by: 3, tokenId: "id-1" }]),
    ).toThrow()
  })

  it("then fails when the command is rejected, naming the rejection", () => {
    expect(() =>
      spec(counter)
        .given([{ type: "Incremented", by: 20, tokenId: "t" }])
        .when({ type: "Increment", by: 1 })
        .then([]),
    ).toThrow(/conflict: the counter stops at 20/)
  })

  it("thenRejects checks the code and the message", () => {
    const when = spec(counter)
      .given([{ type: "Incremented", by: 19, tokenId: "t" }])
      .when({ type: "Increment", by: 2 })
    expect(when.thenRejects("conflict", /stops at 20/).message).toContain("it is at 19")
    expect(() => when.thenRejects("forbidden")).toThrow()
    expect(() => when.thenRejects("conflict", /something else/)).toThrow()
  })

  it("thenRejects fails when the command is accepted", () => {
    expect(() => spec(counter).when({ type: "Increment", by: 1 }).thenRejects("conflict")).toThrow(/got events/)
  })

  it("a command the schema refuses never reaches decide", () => {
    spec(counter)
      .when({ type: "Increment", by: 11 })
      .thenRefusedBySchema(/between 1 and 10/)
    spec(counter).when({ type: "Explode" }).thenRefusedBySchema()
    expect(() => spec(counter).when({ type: "Increment", by: 11 }).then([])).toThrow(/refused by commandSchema/)
    expect(() => spec(counter).when({ type: "Increment", by: 1 }).thenRefusedBySchema()).toThrow(/accepted it/)
  })

  it("given events must decode with the event schema", () => {
    expect(() => spec(counter).given([{ type: "Incremented", by: 1 } as never])).toThrow(/does not decode with eventSchema/)
  })

  it("a state that is not plain data fails the step that produced it", () => {
    expect(() =>
      spec(leaky)
        .when({ type: "Increment", by: 1 })
        .then([{ type: "Incremented", by: 1, tokenId: "id-1" }]),
    ).toThrow(/not plain data: \$ is a Map/)
  })

  it("given events are attributed to the given user in their envelopes", () => {
    const { state } = spec(counter).given([{ type: "Incremented", by: 1, tokenId: "t" }], { by: "someone" })
    expect(state.lastBy).toBe("someone")
  })
})

describe("test context", () => {
  it("has a fixed clock, a default user of the address's tenant and ids counting from id-1", () => {
    const ctx = makeTestContext(testAddress("counter"))
    expect([ctx.now, ctx.user, ctx.newId(), ctx.newId()]).toEqual([FIXED_NOW, testUser(), "id-1", "id-2"])
    expect(makeTestContext(testAddress("counter")).newId()).toBe("id-1")
  })

  it("takes overrides for the user and the clock", () => {
    const ctx = makeTestContext(testAddress("counter"), { user: testUser("boss", ["admin"]), now: 5 })
    expect([ctx.user.id, ctx.user.roles, ctx.now]).toEqual(["boss", ["admin"], 5])
  })
})

describe("decider exploration", () => {
  const recipe = fc.record({ reset: fc.boolean(), by: fc.integer({ min: 0, max: 12 }) })
  const build = (r: { reset: boolean; by: number }) => ({
    command: r.reset ? { type: "Reset" } : { type: "Increment", by: r.by },
    user: testUser(),
  })

  it("counts schema refusals, rejections and each event type", () => {
    const stats = exploreDecider(counter, { addr: testAddress("counter"), recipe, build, numRuns: 30 })
    expect(stats.refusedBySchema).toBeGreaterThan(0)
    expect(stats.rejected).toBeGreaterThan(0)
    expect(Object.keys(stats.eventCounts).sort()).toEqual(["Incremented", "WasReset"])
  })

  it("fails on an event the event schema cannot read back", () => {
    const sloppy = { ...counter, decide: () => [{ type: "Incremented", by: 1.5, tokenId: "x" }] } as typeof counter
    expect(() => exploreDecider(sloppy, { addr: testAddress("counter"), recipe, build, numRuns: 5 })).toThrow(/does not decode/)
  })

  it("fails when evolve throws", () => {
    const fragile = {
      ...counter,
      evolve: () => {
        throw new Error("boom")
      },
    } as typeof counter
    expect(() => exploreDecider(fragile, { addr: testAddress("counter"), recipe, build, numRuns: 5 })).toThrow(/boom/)
  })
})
