/**
 * Commands per second through the actor runtime on the embedded log, against
 * raw log appends in the same run, so the runtime's own cost shows as a ratio.
 * Each actor keeps one command in flight (an actor takes one at a time).
 *
 *   npx tsx bench/runtime-commands.ts [--seconds 5] [--actors 1,100,10000]
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { Effect } from "effect"
import hdr from "hdr-histogram-js"
import { makeAddress } from "../engine/address.ts"
import { openEmbeddedLog } from "../engine/eventlog/embedded/embedded-log.ts"
import type { EventLog } from "../engine/eventlog/port.ts"
import { makeActorSystem } from "../engine/runtime/runtime.ts"
import { notesKind } from "../engine/runtime/testing/test-kind.ts"

const { values } = parseArgs({ options: { seconds: { type: "string", default: "5" }, actors: { type: "string", default: "1,100,10000" } } })
const seconds = Number(values.seconds)
const actorCounts = values.actors!.split(",").map(Number)
const user = { id: "bench", tenant: "bench", roles: ["participant" as const] }

interface Figures {
  readonly perSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
}

/** Runs `one(actor, i)` in a closed loop per actor for the time budget. */
const closedLoop = async (actors: number, one: (actor: number, i: number) => Promise<unknown>): Promise<Figures> => {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 })
  const deadline = performance.now() + seconds * 1000
  let done = 0
  await Promise.all(
    Array.from({ length: actors }, async (_, actor) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const started = performance.now()
        await one(actor, i)
        histogram.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)))
        done++
      }
    }),
  )
  const figures = {
    perSecond: Math.round(done / seconds),
    p50Ms: histogram.getValueAtPercentile(50) / 1000,
    p99Ms: histogram.getValueAtPercentile(99) / 1000,
  }
  histogram.destroy()
  return figures
}

const withLog = async <A>(body: (log: EventLog) => Promise<A>): Promise<A> => {
  const dir = await mkdtemp(join(tmpdir(), "studio-bench-"))
  const log = await openEmbeddedLog({ dir })
  try {
    return await body(log)
  } finally {
    await Effect.runPromise(log.close())
    await rm(dir, { recursive: true, force: true })
  }
}

for (const actors of actorCounts) {
  const raw = await withLog((log) => {
    const seqs = new Array<number>(actors).fill(0)
    return closedLoop(actors, async (actor) => {
      const addr = makeAddress("bench", "notes", `a${actor}`)
      const result = await Effect.runPromise(
        log.append({
          addr,
          expectedSeq: seqs[actor]!,
          events: [{ type: "added", id: "x", text: "hello" }],
          by: "bench",
          at: Date.now(),
          commandKey: `bench:${seqs[actor]}`,
        }),
      )
      seqs[actor] = result.lastSeq
    })
  })
  const runtime = await withLog(async (log) => {
    const system = makeActorSystem({ log, kinds: { notes: notesKind }, logger: { info: () => {}, error: console.error } })
    const figures = await closedLoop(actors, (actor, i) =>
      Effect.runPromise(system.send(makeAddress("bench", "notes", `a${actor}`), user, `op${i}`, { type: "add", text: "hello" })),
    )
    await Effect.runPromise(system.shutdown())
    return figures
  })
  console.log(JSON.stringify({ actors, seconds, rawLog: raw, runtime, runtimeOverRaw: +(runtime.perSecond / raw.perSecond).toFixed(2) }))
}
