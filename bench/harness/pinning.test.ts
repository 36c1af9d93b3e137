import { describe, expect, it } from "vitest"
import { parseCpuList, pinnedCommand, planPinning } from "./pinning.ts"

describe("core pinning", () => {
  it("gives the server the first half of the allowed CPUs and the generator the rest", () => {
    expect(planPinning([0, 1])).toMatchObject({ pinned: true, serverCpus: "0", generatorCpus: "1" })
    expect(planPinning([2, 3, 4, 5, 6])).toMatchObject({ pinned: true, serverCpus: "2,3", generatorCpus: "4,5,6" })
    expect(pinnedCommand(planPinning([0, 1]), "node", ["x.ts"])).toEqual(["taskset", ["-c", "0", "node", "x.ts"]])
  })

  it("runs unpinned, saying why, with one CPU or without taskset", () => {
    expect(planPinning([3])).toEqual({ pinned: false, note: "not pinned: only 1 CPU allowed" })
    expect(planPinning(null)).toEqual({ pinned: false, note: "not pinned: taskset is not available" })
    expect(pinnedCommand(planPinning([3]), "node", ["x.ts"])).toEqual(["node", ["x.ts"]])
  })

  it("reads taskset's CPU lists, ranges included, and refuses anything else", () => {
    expect(parseCpuList(" 0-2,5\n")).toEqual([0, 1, 2, 5])
    expect(parseCpuList("7")).toEqual([7])
    expect(parseCpuList("3-1")).toBeUndefined()
    expect(parseCpuList("a,b")).toBeUndefined()
  })
})
