/**
 * fanout: how many sockets one node serves in rooms of 50. Every member sends
 * one operation a second (open loop), so a step of R rooms offers R x 50
 * ops/s and R x 50 x 49 deliveries/s. Rooms are added step by step on one
 * running server until the median p99 (scheduled send to arrival at each
 * other member) passes the limit, the generator falls behind its schedule,
 * deliveries go missing, or the steps run out.
 */
import { valueAtMillis } from "../harness/histogram.ts"
import { forkedGenerators, inProcessGenerator, type LoadGenerator } from "../load/generator.ts"
import type { CaseReport } from "../report/model.ts"
import { EXTRA_SUBJECTS, SUBJECTS, type Subject } from "../subjects.ts"
import { outcomeOf } from "./live.ts"
import { caseFrom, completed, failedCase, unavailable, type RepeatOutcome, type Suite, type SuiteContext } from "./suite.ts"

const DESCRIPTION =
  "Rooms of `members` members, each member sending `opsPerMember` operations a second (open loop); rooms are added step by step on one running server " +
  "until the median p99 from scheduled send to arrival at every other member passes the limit, the generator falls behind its schedule, or deliveries are lost. " +
  "Memory per socket is the server's resident memory above its idle baseline, divided by the sockets held. Server CPU is the server process's CPU time (all threads, from /proc) over the repeat's wall time, drain included; " +
  "per delivery, over the deliveries it made; the main thread's share alone is what saturates first. Generator busy is the event-loop utilisation of the busiest generator process."

/** The issue's pair: Studio against the floor, in the same run, so every step has a ratio. */
const DEFAULT_SUBJECTS = ["studio", "uws"]
const GENERATOR_LAG_LIMIT_MS = 10
/** With --keep-going, a step this far past the limit still ends the growth: the next would only queue. */
const HOPELESS_P99_MS = 1000

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Verdict {
  readonly rooms: number
  readonly sockets: number
  readonly deliveries: number
  readonly p99: number
  /** Why growth stopped after this step; undefined when it passed. */
  readonly stop?: string
}

const medianOf = (c: CaseReport, name: string) => c.metrics.find((m) => m.name === name)?.median ?? Number.NaN

const judge = (c: CaseReport, rooms: number, limitMs: number): Verdict => {
  const p99 = medianOf(c, "latency p99")
  const lag = medianOf(c, "generator send lag p99")
  const lost = medianOf(c, "lost")
  const base = { rooms, sockets: medianOf(c, "sockets held"), deliveries: medianOf(c, "deliveries"), p99 }
  if (lag > GENERATOR_LAG_LIMIT_MS) return { ...base, stop: `the generator fell behind its schedule (send lag p99 ${lag.toFixed(1)} ms)` }
  if (p99 > limitMs) return { ...base, stop: `p99 ${p99.toFixed(1)} ms passed ${limitMs} ms` }
  if (lost > 0) return { ...base, stop: `${lost} deliveries lost (median of repeats)` }
  return base
}

const growSubject = async (context: SuiteContext, subject: Subject): Promise<{ cases: CaseReport[]; summary: string }> => {
  const { budget } = context
  const plan = budget.fanout
  const cases: CaseReport[] = []
  const verdicts: Verdict[] = []
  let running
  let generator: LoadGenerator | undefined
  let stoppedBy: string | undefined
  try {
    running = await subject.start(context.pinning)
    const server = running.server
    await settle(300)
    const baseline = (await server.rssBytes()) ?? 0
    generator =
      plan.generators > 1
        ? await forkedGenerators(subject.name, running.target, plan.members, plan.generators)
        : inProcessGenerator(subject.adapter, running.target, plan.members)
    for (const rooms of plan.roomSteps) {
      const rate = rooms * plan.members * plan.opsPerMember
      const identity = {
        scenario: `${rooms}x${plan.members}@${rate}`,
        subject: subject.name,
        params: { rooms, members: plan.members, rate, generators: plan.generators },
      }
      try {
        const missing = rooms - generator.sockets / plan.members
        if (missing > 0) await generator.addRooms(missing)
        await generator.drive({ ratePerSecond: rate, durationMs: budget.warmupMs, drainMs: budget.drainMs })
        const outcomes: RepeatOutcome[] = []
        for (let repeat = 0; repeat < budget.repeats; repeat++) {
          const cpuBefore = await server.cpuSeconds()
          const mainBefore = await server.mainThreadCpuSeconds()
          const wallBefore = performance.now()
          const { result, busy, problems } = await generator.drive({ ratePerSecond: rate, durationMs: plan.caseMs, drainMs: budget.drainMs })
          const cpuAfter = await server.cpuSeconds()
          const mainAfter = await server.mainThreadCpuSeconds()
          const wallSeconds = (performance.now() - wallBefore) / 1000
          const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined
          const mainCpu = mainBefore !== undefined && mainAfter !== undefined ? mainAfter - mainBefore : undefined
          const rss = await server.rssBytes()
          const base = outcomeOf(result, rss, problems)
          const held = generator.sockets
          outcomes.push({
            ...base,
            figures: {
              "sockets held": { value: held, unit: "sockets", better: "higher" },
              ...base.figures,
              ...(rss !== undefined ? { "memory per socket": { value: (rss - baseline) / 1024 / held, unit: "KiB", better: "lower" as const } } : {}),
              ...(cpu !== undefined
                ? {
                    "server CPU": { value: (100 * cpu) / wallSeconds, unit: "% of a core", better: "lower" as const },
                    "server CPU per delivery": { value: (1e6 * cpu) / Math.max(1, result.delivered), unit: "µs", better: "lower" as const },
                  }
                : {}),
              ...(mainCpu !== undefined
                ? { "server main thread CPU": { value: (100 * mainCpu) / wallSeconds, unit: "% of a core", better: "lower" as const } }
                : {}),
              "generator send lag p99": { value: valueAtMillis(result.sendLag, 99), unit: "ms", better: "lower" },
              "generator busy": { value: 100 * Math.max(...busy), unit: "%", better: "lower" },
            },
          })
          context.log(
            `fanout ${identity.scenario} ${subject.name} #${repeat + 1}: ${held} sockets, ${Math.round(result.deliveriesPerSecond)} msg/s, ` +
              `p50 ${valueAtMillis(result.latency, 50).toFixed(2)} ms, p99 ${valueAtMillis(result.latency, 99).toFixed(2)} ms, lost ${result.lost}, ` +
              `server ${((rss ?? 0) / 2 ** 20).toFixed(0)} MiB, CPU ${cpu === undefined ? "?" : Math.round((100 * cpu) / wallSeconds)}% (main thread ${mainCpu === undefined ? "?" : Math.round((100 * mainCpu) / wallSeconds)}%), generator busy ${busy.map((b) => `${Math.round(100 * b)}%`).join("/")}`,
          )
        }
        const folded = caseFrom(identity, outcomes)
        cases.push(folded)
        const verdict = judge(folded, rooms, plan.p99LimitMs)
        verdicts.push(verdict)
        if (verdict.stop) context.log(`fanout ${identity.scenario} ${subject.name}: over the limit: ${verdict.stop}`)
        // --keep-going measures the later steps too (a shared machine's hiccup should not end the table), unless the server is far past its limit.
        if (verdict.stop && (!plan.keepGoing || verdict.p99 > HOPELESS_P99_MS || medianOf(folded, "lost") > 0)) {
          stoppedBy = `growth stopped at ${rooms} rooms: ${verdict.stop}`
          break
        }
      } catch (error) {
        context.log(`fanout ${identity.scenario} ${subject.name}: failed: ${String(error)}`)
        cases.push(failedCase(identity, error))
        stoppedBy = `growth stopped at ${rooms} rooms: the step failed`
        break
      }
    }
  } catch (error) {
    context.log(`fanout ${subject.name}: failed: ${String(error)}`)
    if (cases.length === 0) cases.push(failedCase({ scenario: `start`, subject: subject.name, params: {} }, error))
  } finally {
    await generator?.close().catch(() => undefined)
    await running?.server.stop()
  }
  const failedAt = verdicts.findIndex((v) => v.stop)
  const passed = (failedAt < 0 ? verdicts : verdicts.slice(0, failedAt)).at(-1)
  const laterPasses =
    failedAt < 0
      ? []
      : verdicts
          .slice(failedAt + 1)
          .filter((v) => !v.stop)
          .map((v) => v.rooms)
  const over = verdicts.filter((v) => v.stop).map((v) => `${v.rooms} rooms (${v.stop})`)
  const best = passed
    ? `largest step under ${plan.p99LimitMs} ms p99 with every smaller step passing too: ${passed.rooms} rooms (${passed.sockets} sockets, ${Math.round(passed.deliveries).toLocaleString("en-US")} deliveries/s, p99 ${passed.p99.toFixed(1)} ms)`
    : `no step stayed under ${plan.p99LimitMs} ms p99`
  const detail = [
    ...(over.length > 0 ? [`over the limit: ${over.join("; ")}`] : []),
    ...(laterPasses.length > 0 ? [`later steps under the limit again: ${laterPasses.join(", ")} rooms`] : []),
    stoppedBy ??
      (over.length === 0 ? "every step passed (the last step of the mode is not the node's limit)" : "every step of the mode was measured"),
  ]
  return { cases, summary: `${subject.name}: ${best}; ${detail.join("; ")}` }
}

export const fanoutSuite: Suite = {
  name: "fanout",
  description: DESCRIPTION,
  run: async (context) => {
    const names = context.subjects ?? DEFAULT_SUBJECTS
    const subjects = [...SUBJECTS, ...EXTRA_SUBJECTS].filter((s) => names.includes(s.name))
    const runnable = subjects.filter((s) => s.unavailableReason() === undefined)
    const notes = subjects.flatMap((s) => (s.unavailableReason() ? [`${s.name} not measured: ${s.unavailableReason()}`] : []))
    if (runnable.length === 0)
      return unavailable("fanout", DESCRIPTION, `no subject can run here (${names.join(", ")}): ${notes.join("; ") || "none known"}`)
    const plan = context.budget.fanout
    const cases: CaseReport[] = []
    for (const subject of runnable) {
      const grown = await growSubject(context, subject)
      cases.push(...grown.cases)
      notes.push(grown.summary)
    }
    notes.push(
      `${plan.members} members per room, ${plan.opsPerMember} op/s per member, ${plan.generators} generator process(es), steps ${plan.roomSteps.join(", ")} rooms`,
    )
    // One latency plot per step; bar charts across subjects add nothing the table does not say.
    return { ...completed("fanout", DESCRIPTION, cases, notes), barCharts: [] }
  },
}
