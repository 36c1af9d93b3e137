/**
 * The body of a crash child: appends to ~20 streams as fast as it can until
 * it is killed. Each stream has one writer loop tracking its expected
 * sequence. After an append resolves, and only then, it writes one line
 * `stream seq value` per event to CRASH_ACK_FILE (or stdout) with a
 * synchronous write: that is the acknowledgement the crash test holds the log
 * to. It prints `ready` once the log is open.
 *
 * Environment: see open-crash-log.ts; CRASH_ROUND tags the values.
 */
import { Effect } from "effect"
import { openSync, writeSync } from "node:fs"
import { openCrashLog, type OpenJetStreamLog } from "./open-crash-log.ts"
import { crashStreams, crashValue } from "./crash-streams.ts"

export const runCrashChild = async (openJetStreamLog?: OpenJetStreamLog): Promise<void> => {
  const round = process.env.CRASH_ROUND ?? "0"
  const ackFd = process.env.CRASH_ACK_FILE ? openSync(process.env.CRASH_ACK_FILE, "a") : 1
  const log = await openCrashLog(process.env, openJetStreamLog)
  const streams = crashStreams()

  const writeLoop = async (index: number) => {
    const addr = streams[index]!
    let seq = await Effect.runPromise(log.lastSeq(addr))
    for (let n = 0; ; n++) {
      const count = 1 + ((index + n) % 3)
      const events = Array.from({ length: count }, (_, k) => ({ value: crashValue(round, seq + k + 1) }))
      const result = await Effect.runPromise(
        log.append({ addr, expectedSeq: seq, events, by: "crash", at: Date.now(), commandKey: `crash:${round}-${index}-${n}` }),
      )
      let lines = ""
      for (const [k, event] of events.entries()) lines += `${addr.id} ${result.firstSeq + k} ${event.value}\n`
      writeSync(ackFd, lines)
      seq = result.lastSeq
    }
  }

  writeSync(1, "ready\n")
  await Promise.all(streams.map((_, index) => writeLoop(index)))
}
