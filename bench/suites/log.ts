/**
 * log: append throughput and append-to-durable latency of each event log
 * (embedded segment files with fsync; NATS JetStream with PubAck). Each of
 * `actors` actors keeps one commit in flight, as the runtime does (an actor
 * takes one command at a time), so this is closed loop by design: it
 * measures what the log can absorb, and latency at that load.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { makeAddress } from "../../engine/address.ts"
import type { EventLog } from "../../engine/eventlog/port.ts"
import { newHistogram, recordMillis, valueAtMillis } from "../harness/histogram.ts"
import type { CaseReport } from "../report/model.ts"
import { caseFrom, completed, failedCase, type RepeatOutcome, type Suite, type SuiteContext } from "./suite.ts"

const DESCRIPTION =
  "Each actor appends one commit (one small canvas event) at a time, as the runtime does; all actors run at once. " +
  "Figures: commits per second and append latency until the log reports the commit durable. Runs in the generator process (the log is a library)."

interface OpenedLog {
  readonly log: EventLog
  readonly dispose: () => Promise<void>
}

interface LogUnderTest {
  readonly name: string
  open(): Promise<OpenedLog>
}

const embedded: LogUnderTest = {
  name: "embedded",
  open: async () => {
    const dir = await mkdtemp(join(tmpdir(), "bench-log-"))
    const { openEmbeddedLog } = await import("../../engine/eventlog/embedded/embedded-log.ts")
    const log = await openEmbeddedLog({ dir })
    return { log, dispose: () => Effect.runPromise(log.close()).then(() => rm(dir, { recursive: true, force: true })) }
  },
}

const jetstream: LogUnderTest = {
  name: "jetstream",
  open: async () => {
    const { openJetStreamLog } = await import("../../engine/eventlog/jetstream/jetstream-log.ts")
    const { uniqueNames, deleteStreams, NATS_TEST_URL } = await import("../../engine/eventlog/jetstream/nats-test-support.ts")
    const names = uniqueNames("bench")
    const log = await openJetStreamLog({ url: NATS_TEST_URL, ...names, requestTimeoutMs: 5_000 })
    return { log, dispose: () => Effect.runPromise(log.close()).then(() => deleteStreams(names)) }
  },
}

const EVENT = { type: "elementMoved", elementId: "e1", kind: "sticky", x: 120.5, y: 88 }

/** One repeat: `actors` concurrent actors append for `durationMs`; their sequences carry on from `seqs`. */
export const appendLoad = async (log: EventLog, actors: number, durationMs: number, seqs: number[], tag: string) => {
  const latency = newHistogram()
  let commits = 0
  let failures = 0
  const started = performance.now()
  const deadline = started + durationMs
  await Promise.all(
    Array.from({ length: actors }, async (_, a) => {
      const addr = makeAddress("bench", "canvas", `${tag}-${a}`)
      while (performance.now() < deadline) {
        const t0 = performance.now()
        const expectedSeq = seqs[a] ?? 0
        const exit = await Effect.runPromiseExit(
          log.append({ addr, expectedSeq, events: [EVENT], by: "bench", at: Date.now(), commandKey: `bench:${tag}-${a}-${expectedSeq}` }),
        )
        if (exit._tag === "Failure") {
          failures++
          seqs[a] = await Effect.runPromise(log.lastSeq(addr)).catch(() => expectedSeq)
          continue
        }
        recordMillis(latency, performance.now() - t0)
        seqs[a] = exit.value.lastSeq
        commits++
      }
    }),
  )
  return { commits, failures, latency, seconds: (performance.now() - started) / 1000 }
}

const measure = async (context: SuiteContext, subject: LogUnderTest, actors: number): Promise<CaseReport> => {
  const identity = { scenario: `${actors} actor${actors === 1 ? "" : "s"}`, subject: subject.name, params: { actors, eventsPerCommit: 1 } }
  let opened: OpenedLog | undefined
  try {
    opened = await subject.open()
    const tag = `b${Date.now().toString(36)}`
    const seqs: number[] = []
    await appendLoad(opened.log, actors, context.budget.warmupMs, seqs, tag)
    const outcomes: RepeatOutcome[] = []
    for (let repeat = 0; repeat < context.budget.repeats; repeat++) {
      const run = await appendLoad(opened.log, actors, context.budget.caseMs, seqs, tag)
      outcomes.push({
        figures: {
          commits: { value: run.commits / run.seconds, unit: "commits/s", better: "higher" },
          "append p50": { value: valueAtMillis(run.latency, 50), unit: "ms", better: "lower" },
          "append p99": { value: valueAtMillis(run.latency, 99), unit: "ms", better: "lower" },
          failures: { value: run.failures, unit: "appends", better: "lower" },
        },
        latency: run.latency,
        notes: run.failures > 0 ? [`${run.failures} appends failed in a repeat`] : [],
      })
      context.log(`log ${subject.name} ${actors} actors #${repeat + 1}: ${Math.round(run.commits / run.seconds)} commits/s, p99 ${valueAtMillis(run.latency, 99).toFixed(2)} ms`)
    }
    return caseFrom(identity, outcomes)
  } catch (error) {
    context.log(`log ${subject.name}: failed: ${String(error)}`)
    return failedCase(identity, error)
  } finally {
    await opened?.dispose().catch(() => undefined)
  }
}

export const logSuite: Suite = {
  name: "log",
  description: DESCRIPTION,
  run: async (context) => {
    const logs = [embedded, jetstream].filter((l) => !context.subjects || context.subjects.includes(l.name))
    const cases: CaseReport[] = []
    for (const actors of context.budget.logActors) for (const log of logs) cases.push(await measure(context, log, actors))
    return completed("log", DESCRIPTION, cases)
  },
}
