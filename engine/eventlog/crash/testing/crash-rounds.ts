/**
 * Runs crash rounds: start a child that appends as fast as it can, let it run
 * a random 50-400 ms (seeded; STUDIO_TEST_SEED replays), SIGKILL it, then open the
 * log here and check every acknowledged event. The next round's child
 * continues on the same data. CRASH_VERBOSE=1 prints the timing of each round.
 */
import { Effect } from "effect"
import { spawn } from "node:child_process"
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import type { EventLog } from "../../port.ts"
import { makeRandom, testSeed } from "../../../testing/random.ts"
import { bundleCrashChild } from "./child-bundle.ts"
import { crashStreams } from "./crash-streams.ts"
import { collectAcks, verifyAcks, type Acks } from "./verify-acks.ts"

export interface CrashRoundsOptions {
  readonly log: "embedded" | "jetstream"
  readonly rounds: number
  /** Environment that makes open-crash-log.ts open the log under test. */
  readonly childEnv: Record<string, string>
  readonly openLog: () => Promise<EventLog>
  readonly gapFreePositions: boolean
}

export interface CrashRoundsReport {
  readonly seed: number
  readonly acknowledged: number
  readonly eventsInLog: number
  readonly problems: string[]
}

/** Starts the child and resolves once it prints `ready`; rejects with its stderr if it dies first. */
const startChild = (script: string, env: NodeJS.ProcessEnv) =>
  new Promise<{ kill: () => Promise<{ diedEarly: boolean; stderr: string }> }>((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    let ready = false
    let exited = false
    const exit = new Promise<void>((done) => child.once("exit", () => ((exited = true), done())))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
      if (!ready && stdout.includes("ready\n")) {
        ready = true
        resolve({
          kill: async () => {
            const diedEarly = exited
            child.kill("SIGKILL")
            await exit
            return { diedEarly, stderr }
          },
        })
      }
    })
    void exit.then(() => {
      if (!ready) reject(new Error(`crash child exited before it was ready: ${stderr.trim().split("\n").slice(-5).join(" | ")}`))
    })
  })

export const runCrashRounds = async (options: CrashRoundsOptions): Promise<CrashRoundsReport> => {
  // Seeded, so a failing schedule can be replayed.
  const seed = testSeed(`crash test (${options.log})`)
  const random = makeRandom(seed).next
  const scratch = await mkdtemp(join(tmpdir(), "studio-crash-acks-"))
  const bundle = await bundleCrashChild(options.log)
  const acks: Acks = new Map()
  const streams = crashStreams()
  let acknowledged = 0
  let eventsInLog = 0
  let checkedHead = 0
  try {
    for (let round = 0; round < options.rounds; round++) {
      const ackFile = join(scratch, `round-${round}.acks`)
      const t0 = performance.now()
      const child = await startChild(bundle.path, { ...process.env, ...options.childEnv, CRASH_ROUND: `${seed}.${round}`, CRASH_ACK_FILE: ackFile })
      const t1 = performance.now()
      await sleep(50 + Math.floor(random() * 351))
      const { diedEarly, stderr } = await child.kill()
      if (diedEarly) return { seed, acknowledged, eventsInLog, problems: [`round ${round}: the child died on its own: ${stderr.trim().slice(-500)}`] }
      acknowledged += collectAcks(acks, await readFile(ackFile, "utf8").catch(() => ""))

      const t2 = performance.now()
      const log = await options.openLog()
      const t3 = performance.now()
      try {
        // Global order is checked for the new positions each round, and for the whole log after the last one.
        const fromPosition = round === options.rounds - 1 ? 0 : checkedHead
        const check = await verifyAcks(log, streams, acks, { gapFreePositions: options.gapFreePositions, fromPosition })
        eventsInLog = check.events
        checkedHead = check.head
        if (process.env.CRASH_VERBOSE)
          console.log(
            `round ${round}: start ${(t1 - t0) | 0} ms, run+kill ${(t2 - t1) | 0} ms, open ${(t3 - t2) | 0} ms, check ${(performance.now() - t3) | 0} ms, ${check.events} events`,
          )
        if (check.problems.length > 0) return { seed, acknowledged, eventsInLog, problems: check.problems.map((p) => `round ${round}: ${p}`) }
      } finally {
        await Effect.runPromise(log.close())
      }
    }
    return { seed, acknowledged, eventsInLog, problems: [] }
  } finally {
    await rm(scratch, { recursive: true, force: true })
    await bundle.remove()
  }
}
