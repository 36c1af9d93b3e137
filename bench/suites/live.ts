/**
 * live: rooms x members x operations per second over WebSocket, the same
 * scenario for Studio and every peer. Open loop: latency runs from each
 * operation's scheduled send time to its delivery at each other member.
 */
import { valueAtMillis } from "../harness/histogram.ts"
import { Swarm, type DriveResult } from "../load/swarm.ts"
import type { LiveScenarioSpec } from "../modes.ts"
import type { CaseReport } from "../report/model.ts"
import { EXTRA_SUBJECTS, SUBJECTS, type Subject } from "../subjects.ts"
import { caseFrom, completed, failedCase, unavailable, wanted, type RepeatOutcome, type Suite, type SuiteContext } from "./suite.ts"

const DESCRIPTION =
  "Each case: `rooms` rooms of `members` members; operations at a fixed total rate (open loop), each broadcast to the other members of its room. " +
  "Latency is measured from the operation's scheduled send time to its arrival at each other member, so a server stall counts in full."

/** Past this the generator itself could not keep its schedule, and the case measured the generator too. */
const GENERATOR_LAG_LIMIT_MS = 10

export const outcomeOf = (result: DriveResult, rssBytes: number | undefined, problems: Record<string, number> | undefined): RepeatOutcome => {
  const notes: string[] = []
  const lagP99 = valueAtMillis(result.sendLag, 99)
  if (lagP99 > GENERATOR_LAG_LIMIT_MS)
    notes.push(`the generator fell behind its schedule (send lag p99 ${lagP99.toFixed(1)} ms): it limited this case too`)
  if (result.lost > 0)
    notes.push(`${result.lost} of ${result.expectedDeliveries} deliveries had not arrived when the drain after the last send ended`)
  if (result.stale > 0)
    notes.push(`${result.stale} deliveries of operations from an earlier run arrived during this one: the server was still working through a backlog`)
  if (result.unexpected > 0) notes.push(`${result.unexpected} deliveries of unknown or already delivered operations (duplicates)`)
  for (const [problem, count] of Object.entries(problems ?? {})) notes.push(`server answered ${problem} (${count} times in one repeat)`)
  return {
    figures: {
      deliveries: { value: result.deliveriesPerSecond, unit: "msg/s", better: "higher" },
      "latency p50": { value: valueAtMillis(result.latency, 50), unit: "ms", better: "lower" },
      "latency p99": { value: valueAtMillis(result.latency, 99), unit: "ms", better: "lower" },
      "latency max": { value: valueAtMillis(result.latency, 100), unit: "ms", better: "lower" },
      lost: { value: result.lost, unit: "deliveries", better: "lower" },
      // Studio confirms each op once it is durable; the peers confirm nothing.
      ...(result.ackLatency.totalCount > 0
        ? {
            "ack p50": { value: valueAtMillis(result.ackLatency, 50), unit: "ms", better: "lower" as const },
            "ack p99": { value: valueAtMillis(result.ackLatency, 99), unit: "ms", better: "lower" as const },
          }
        : {}),
      ...(rssBytes !== undefined ? { "server memory": { value: rssBytes / 2 ** 20, unit: "MiB", better: "lower" as const } } : {}),
    },
    latency: result.latency,
    notes,
  }
}

const runScenario = async (context: SuiteContext, subject: Subject, spec: LiveScenarioSpec): Promise<CaseReport> => {
  const identity = { scenario: spec.name, subject: subject.name, params: { rooms: spec.rooms, members: spec.members, rate: spec.ratePerSecond } }
  const { budget } = context
  let running
  try {
    running = await subject.start(context.pinning)
    const swarm = new Swarm(subject.adapter, running.target, spec.members)
    try {
      await swarm.addRooms(spec.rooms)
      await swarm.drive({ ratePerSecond: spec.ratePerSecond, durationMs: budget.warmupMs, drainMs: budget.drainMs })
      subject.adapter.takeProblems?.()
      const outcomes: RepeatOutcome[] = []
      for (let repeat = 0; repeat < budget.repeats; repeat++) {
        const result = await swarm.drive({ ratePerSecond: spec.ratePerSecond, durationMs: budget.caseMs, drainMs: budget.drainMs })
        outcomes.push(outcomeOf(result, await running.server.rssBytes(), subject.adapter.takeProblems?.()))
        context.log(
          `live ${spec.name} ${subject.name} #${repeat + 1}: ${Math.round(result.deliveriesPerSecond)} msg/s, p99 ${valueAtMillis(result.latency, 99).toFixed(2)} ms, lost ${result.lost}`,
        )
      }
      return caseFrom(identity, outcomes)
    } finally {
      await swarm.close()
    }
  } catch (error) {
    context.log(`live ${spec.name} ${subject.name}: failed: ${String(error)}`)
    return failedCase(identity, error)
  } finally {
    await running?.server.stop()
  }
}

export const liveSuite: Suite = {
  name: "live",
  description: DESCRIPTION,
  run: async (context) => {
    // Variants (studio-live) only when named.
    const subjects = [...SUBJECTS, ...EXTRA_SUBJECTS.filter((s) => context.subjects?.includes(s.name))].filter((s) => wanted(context, s.name))
    const runnable = subjects.filter((s) => s.unavailableReason() === undefined)
    const notes = subjects.flatMap((s) => {
      const reason = s.unavailableReason()
      return reason ? [`${s.name} not measured: ${reason}`] : [`${s.name}: ${s.about}`]
    })
    if (runnable.length === 0) return unavailable("live", DESCRIPTION, "no subject can run here: " + notes.join("; "))
    const cases: CaseReport[] = []
    for (const spec of context.budget.live) for (const subject of runnable) cases.push(await runScenario(context, subject, spec))
    return completed("live", DESCRIPTION, cases, notes)
  },
}
