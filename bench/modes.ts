/**
 * Time budgets per mode. smoke: well under a second per case, to check the
 * harness and the report in CI. quick: the whole `all` in about two minutes
 * on 2 cores. full: long enough for tail percentiles to mean something.
 */
import type { Mode } from "./report/model.ts"

export interface LiveScenarioSpec {
  readonly name: string
  readonly rooms: number
  readonly members: number
  readonly ratePerSecond: number
}

/** Fan-out growth: rooms of `members`, each member sending `opsPerMember` operations a second, rooms stepped up until p99 passes the limit. */
export interface FanoutBudget {
  readonly members: number
  readonly opsPerMember: number
  readonly roomSteps: readonly number[]
  /** A step whose median p99 passes this ends the growth for that subject. */
  readonly p99LimitMs: number
  /** Measured time of one repeat of a step. */
  readonly caseMs: number
  /** Generator processes: 1 drives the load from the runner itself; more fork that many children and spread the rooms. */
  readonly generators: number
  /** Measure the steps after the first one over the limit too (`--keep-going`), unless it was hopeless or lost deliveries. */
  readonly keepGoing?: boolean
}

export interface Budget {
  readonly repeats: number
  /** Measured time of one repeat of a live case (and the default for the others). */
  readonly caseMs: number
  /** Unmeasured run before the repeats, so JIT warm-up is not counted. */
  readonly warmupMs: number
  readonly drainMs: number
  readonly live: readonly LiveScenarioSpec[]
  /** Connections suite: total sockets after each ramp step, in rooms of `connectionsRoomSize`. */
  readonly connectionSteps: readonly number[]
  readonly connectionsRoomSize: number
  /** Operations per second per socket in the active phase, and how long each repeat of it lasts. */
  readonly activeOpsPerSocket: number
  readonly activeMs: number
  /** autocannon runs whole seconds. */
  readonly http: { readonly connections: number; readonly pipelining: number; readonly seconds: number }
  /** Log suite: actor counts for the closed-loop cases, milliseconds of each, and the paced case's events/s. */
  readonly logActors: readonly number[]
  readonly logCaseMs: number
  readonly logPacedRate: number
  /** Projections suite: simulated events to catch up on, commits/s appended while following, for how long. */
  readonly projectionEvents: number
  readonly projectionRate: number
  readonly projectionFollowMs: number
  readonly fanout: FanoutBudget
}

export const BUDGETS: Record<Mode, Budget> = {
  smoke: {
    repeats: 2,
    caseMs: 600,
    warmupMs: 200,
    drainMs: 1000,
    live: [{ name: "2x3@200", rooms: 2, members: 3, ratePerSecond: 200 }],
    connectionSteps: [20, 40],
    connectionsRoomSize: 10,
    activeOpsPerSocket: 2,
    activeMs: 500,
    http: { connections: 10, pipelining: 1, seconds: 1 },
    logActors: [4],
    logCaseMs: 300,
    logPacedRate: 500,
    projectionEvents: 300,
    projectionRate: 100,
    projectionFollowMs: 500,
    // Small rooms and two steps: enough to check the growth loop and its report, nothing more.
    fanout: { members: 4, opsPerMember: 1, roomSteps: [1, 2], p99LimitMs: 50, caseMs: 600, generators: 1 },
  },
  quick: {
    repeats: 3,
    caseMs: 1000,
    warmupMs: 300,
    drainMs: 600,
    live: [{ name: "10x5@1000", rooms: 10, members: 5, ratePerSecond: 1000 }],
    connectionSteps: [200, 400],
    connectionsRoomSize: 10,
    activeOpsPerSocket: 0.5,
    activeMs: 700,
    http: { connections: 50, pipelining: 1, seconds: 1 },
    logActors: [1, 100],
    logCaseMs: 300,
    logPacedRate: 5000,
    projectionEvents: 1000,
    projectionRate: 200,
    projectionFollowMs: 600,
    fanout: { members: 50, opsPerMember: 1, roomSteps: [1, 5, 10], p99LimitMs: 50, caseMs: 1000, generators: 1 },
  },
  full: {
    repeats: 5,
    caseMs: 15_000,
    warmupMs: 3000,
    drainMs: 5000,
    // Studio allows 100 commands/s per connection: every scenario stays well under it per member.
    live: [
      { name: "10x5@1000", rooms: 10, members: 5, ratePerSecond: 1000 },
      { name: "100x10@2000", rooms: 100, members: 10, ratePerSecond: 2000 },
      { name: "100x10@8000", rooms: 100, members: 10, ratePerSecond: 8000 },
      { name: "1x50@200", rooms: 1, members: 50, ratePerSecond: 200 },
    ],
    connectionSteps: [1000, 2500, 5000, 10_000],
    connectionsRoomSize: 10,
    activeOpsPerSocket: 0.5,
    activeMs: 10_000,
    http: { connections: 100, pipelining: 1, seconds: 10 },
    logActors: [1, 100, 10_000],
    logCaseMs: 10_000,
    logPacedRate: 50_000,
    projectionEvents: 50_000,
    projectionRate: 1000,
    projectionFollowMs: 15_000,
    // 200 rooms of 50 is the aim: 10,000 sockets, 490,000 deliveries/s.
    fanout: { members: 50, opsPerMember: 1, roomSteps: [1, 2, 5, 10, 20, 40, 100, 200], p99LimitMs: 50, caseMs: 5000, generators: 1 },
  },
}
