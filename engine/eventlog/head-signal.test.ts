import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { signalHead } from "./head-signal.ts"
import { openMemoryLog } from "./testing/memory-log.ts"

const append = (log: ReturnType<typeof signalHead>["log"], id: string) =>
  Effect.runPromise(log.append({ addr: { tenant: "t", kind: "k", id }, expectedSeq: 0, by: "u", at: 1, commandKey: `u:${id}`, events: [{ n: 1 }] }))

describe("the head signal", () => {
  it("tells each listener the highest durable position once for appends resolving together, and nothing after it stops", async () => {
    const heads = signalHead(openMemoryLog())
    const heard: number[] = []
    const stop = heads.onHead((position) => heard.push(position))
    const told = new Promise<void>((resolve) => heads.onHead(() => resolve()))
    const results = await Promise.all(["a", "b", "c"].map((id) => append(heads.log, id)))
    await told
    expect(heard).toEqual([Math.max(...results.map((result) => result.position))])
    stop()
    await append(heads.log, "d")
    await new Promise((resolve) => setImmediate(resolve))
    expect(heard).toHaveLength(1)
    expect(await Effect.runPromise(heads.log.headPosition())).toBe(4)
  })
})
