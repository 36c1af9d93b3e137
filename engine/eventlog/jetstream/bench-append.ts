/**
 * Append throughput and append-to-ack latency of the JetStream log with many
 * concurrent actors, each appending one commit at a time as the runtime does.
 *
 *   npx tsx engine/eventlog/jetstream/bench-append.ts [--actors 1,100,10000] [--seconds 8] [--events 1]
 *
 * Uses NATS_URL (default nats://127.0.0.1:4222) and a throwaway stream.
 */
import { parseArgs } from "node:util"
import { Effect } from "effect"
import * as hdr from "hdr-histogram-js"
import { makeAddress } from "../../address.ts"
import { openJetStreamLog } from "./jetstream-log.ts"
import { deleteStreams, uniqueNames } from "./nats-test-support.ts"

const { values } = parseArgs({
  options: {
    actors: { type: "string", default: "1,100,10000" },
    seconds: { type: "string", default: "8" },
    events: { type: "string", default: "1" },
  },
})
const url = process.env.NATS_URL ?? "nats://127.0.0.1:4222"
const seconds = Number(values.seconds)
const eventsPerCommit = Number(values.events)

const measure = async (actors: number) => {
  const names = uniqueNames("bench")
  const log = await openJetStreamLog({ url, ...names })
  const latency = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 })
  const payload = Array.from({ length: eventsPerCommit }, (_, i) => ({ type: "card-moved", card: `card-${i}`, x: 120.5, y: 88 }))
  let commits = 0
  let failures = 0
  const deadline = performance.now() + seconds * 1000
  const started = performance.now()
  try {
    await Promise.all(
      Array.from({ length: actors }, async (_, a) => {
        const addr = makeAddress("bench", "canvas", `a${a}`)
        let seq = 0
        while (performance.now() < deadline) {
          const t0 = performance.now()
          const exit = await Effect.runPromiseExit(
            log.append({ addr, expectedSeq: seq, events: payload, by: "u1", at: Date.now(), commandKey: `u1:${a}-${seq}` }),
          )
          if (exit._tag === "Failure") {
            failures++
            continue
          }
          latency.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)))
          seq = exit.value.lastSeq
          commits++
        }
      }),
    )
    const elapsed = (performance.now() - started) / 1000
    const ms = (q: number) => (latency.getValueAtPercentile(q) / 1000).toFixed(2)
    console.log(
      `actors=${actors} events/commit=${eventsPerCommit} commits=${commits} failures=${failures} ` +
        `events/s=${Math.round((commits * eventsPerCommit) / elapsed)} p50=${ms(50)}ms p99=${ms(99)}ms max=${ms(100)}ms`,
    )
  } finally {
    await Effect.runPromise(log.close())
    await deleteStreams(names)
  }
}

for (const actors of values.actors.split(",").map(Number)) await measure(actors)
