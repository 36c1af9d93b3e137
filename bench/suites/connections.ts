/**
 * connections: how many sockets one node holds and what each costs. Sockets
 * are opened in steps (rooms of `connectionsRoomSize`), the server's resident
 * memory read from /proc after each step; then, with all of them open, a
 * light open-loop load checks they are still served (the active phase).
 */
import { valueAtMillis } from "../harness/histogram.ts"
import { Swarm } from "../load/swarm.ts"
import { metric, type CaseReport } from "../report/model.ts"
import { SUBJECTS, type Subject } from "../subjects.ts"
import { caseFrom, completed, failedCase, unavailable, wanted, type RepeatOutcome, type Suite, type SuiteContext } from "./suite.ts"

const DESCRIPTION =
  "Sockets are opened in steps and joined to rooms; the server's resident memory (from /proc) is read after each step. " +
  "Memory per idle socket has one value per step (its spread is the noise band). The active phase then drives a light open-loop load over all the sockets at once. " +
  "The ceiling is the largest step of the mode, not the node's limit, unless a step failed (see notes)."

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const measureSubject = async (context: SuiteContext, subject: Subject): Promise<CaseReport> => {
  const { budget } = context
  const steps = budget.connectionSteps
  const identity = {
    scenario: `ramp-to-${steps.at(-1)}`,
    subject: subject.name,
    params: { steps: steps.join(","), roomSize: budget.connectionsRoomSize },
  }
  let running
  try {
    running = await subject.start(context.pinning)
    const server = running.server
    await settle(300)
    const baseline = (await server.rssBytes()) ?? 0
    const swarm = new Swarm(subject.adapter, running.target, budget.connectionsRoomSize)
    const notes: string[] = []
    const perSocketKiB: number[] = []
    try {
      let lastRss = baseline
      for (const step of steps) {
        const rooms = Math.ceil(step / budget.connectionsRoomSize) - swarm.rooms
        if (rooms <= 0) continue
        const before = swarm.sockets
        try {
          await swarm.addRooms(rooms)
        } catch (error) {
          notes.push(`opening ${step} sockets failed after ${before}: ${String(error).slice(0, 200)}`)
          break
        }
        await settle(300)
        const rss = (await server.rssBytes()) ?? lastRss
        perSocketKiB.push((rss - lastRss) / 1024 / (swarm.sockets - before))
        lastRss = rss
        context.log(`connections ${subject.name}: ${swarm.sockets} sockets, server RSS ${(rss / 2 ** 20).toFixed(1)} MiB`)
      }
      const held = swarm.sockets
      if (held === 0) throw new Error(notes[0] ?? "no socket could be opened")
      subject.adapter.takeProblems?.()
      const rate = Math.max(1, held * budget.activeOpsPerSocket)
      const outcomes: RepeatOutcome[] = []
      for (let repeat = 0; repeat < budget.repeats; repeat++) {
        const result = await swarm.drive({ ratePerSecond: rate, durationMs: budget.activeMs, drainMs: budget.drainMs })
        const rss = (await server.rssBytes()) ?? baseline
        const refusals = Object.entries(subject.adapter.takeProblems?.() ?? {}).map(
          ([problem, count]) => `server answered ${problem} (${count} times in one repeat)`,
        )
        outcomes.push({
          figures: {
            "active deliveries": { value: result.deliveriesPerSecond, unit: "msg/s", better: "higher" },
            "active latency p99": { value: valueAtMillis(result.latency, 99), unit: "ms", better: "lower" },
            "active lost": { value: result.lost, unit: "deliveries", better: "lower" },
            "memory per active socket": { value: (rss - baseline) / 1024 / held, unit: "KiB", better: "lower" },
          },
          latency: result.latency,
          notes: [
            ...(result.lost > 0
              ? [`active phase: ${result.lost} of ${result.expectedDeliveries} deliveries had not arrived ${budget.drainMs} ms after the last send`]
              : []),
            ...refusals,
          ],
        })
      }
      const folded = caseFrom({ ...identity, params: { ...identity.params, activeRate: rate } }, outcomes)
      return {
        ...folded,
        metrics: [
          metric("sockets held", "sockets", "higher", [held]),
          metric("memory per idle socket", "KiB", "lower", perSocketKiB),
          ...folded.metrics,
        ],
        notes: [...notes, ...folded.notes],
      }
    } finally {
      await swarm.close()
    }
  } catch (error) {
    context.log(`connections ${subject.name}: failed: ${String(error)}`)
    return failedCase(identity, error)
  } finally {
    await running?.server.stop()
  }
}

export const connectionsSuite: Suite = {
  name: "connections",
  description: DESCRIPTION,
  run: async (context) => {
    const subjects = SUBJECTS.filter((s) => wanted(context, s.name))
    const runnable = subjects.filter((s) => s.unavailableReason() === undefined)
    const notes = subjects.flatMap((s) => (s.unavailableReason() ? [`${s.name} not measured: ${s.unavailableReason()}`] : []))
    if (runnable.length === 0) return unavailable("connections", DESCRIPTION, "no subject can run here: " + notes.join("; "))
    const cases: CaseReport[] = []
    for (const subject of runnable) cases.push(await measureSubject(context, subject))
    return {
      ...completed("connections", DESCRIPTION, cases, notes),
      barCharts: ["active deliveries", "memory per idle socket", "memory per active socket"],
    }
  },
}
