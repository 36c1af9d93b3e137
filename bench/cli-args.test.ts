import { describe, expect, it } from "vitest"
import { parseRunArgs, UsageError } from "./cli-args.ts"
import { BUDGETS } from "./modes.ts"
import { SUITES } from "./report/model.ts"

describe("bench command line", () => {
  it("runs one suite in quick mode by default, or every suite for all", () => {
    expect(parseRunArgs(["live"])).toMatchObject({ target: "live", suites: ["live"], mode: "quick", budget: BUDGETS.quick })
    expect(parseRunArgs(["all", "--smoke"])).toMatchObject({ target: "all", suites: SUITES, mode: "smoke" })
  })

  it("lets repeats, duration, subjects and the output directory be chosen", () => {
    const options = parseRunArgs(["live", "--full", "--repeats", "7", "--duration", "500", "--subjects", "ws, uws", "--out", "/tmp/x"])
    expect(options.budget).toMatchObject({ repeats: 7, caseMs: 500, live: BUDGETS.full.live })
    expect(options.subjects).toEqual(["ws", "uws"])
    expect(options.out).toBe("/tmp/x")
  })

  it.each([
    [[], /exactly one suite/],
    [["live", "http"], /exactly one suite/],
    [["nope"], /unknown suite "nope"/],
    [["live", "--smoke", "--full"], /choose one mode/],
    [["live", "--repeats", "0"], /--repeats must be a positive integer/],
    [["live", "--duration", "fast"], /--duration must be a positive integer/],
    [["live", "--bogus"], /bogus/],
    [["fanout", "--steps", "1,x"], /--steps must be a positive integer/],
    [["live", "--scenario", "10x1@100"], /at least 1 room, 2 members/],
    [["live", "--scenario", "ten rooms"], /--scenario must look like 100x10@3000/],
  ])("refuses %j with a clear usage error", (argv, message) => {
    expect(() => parseRunArgs(argv as string[])).toThrow(UsageError)
    expect(() => parseRunArgs(argv as string[])).toThrow(message)
  })

  it("takes the fan-out growth's steps, generators and keep-going, the live suite's one scenario, and unpinned runs", () => {
    const options = parseRunArgs(["fanout", "--full", "--steps", "10,20", "--generators", "3", "--keep-going", "--duration", "2000", "--no-pin"])
    expect(options.budget.fanout).toMatchObject({ roomSteps: [10, 20], generators: 3, keepGoing: true, caseMs: 2000, members: 50 })
    expect(options.noPin).toBe(true)
    expect(parseRunArgs(["live", "--scenario", "100x10@3000"]).budget.live).toEqual([
      { name: "100x10@3000", rooms: 100, members: 10, ratePerSecond: 3000 },
    ])
    expect(parseRunArgs(["fanout"]).budget.fanout).toMatchObject({ roomSteps: [1, 5, 10], generators: 1 })
  })
})
