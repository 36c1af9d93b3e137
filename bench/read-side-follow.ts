/**
 * What the read side costs the live thread per commit, with the worker
 * asking that thread for every batch of commits (`shipped`, as before the
 * worker read the log itself) against the worker following the embedded log's
 * segments and being told only the head (`follow`, as a node runs it now),
 * and with no read side at all (`none`, the floor: the appends themselves).
 * One process: an embedded log and a read side as gateway/main.ts wires them;
 * simulated commits (the projections' own test workload) are appended from
 * this thread at a steady rate, then the read side is waited for; the main
 * thread's CPU is read from /proc (utime + stime of the thread whose id is the
 * pid). Rounds alternate the modes, so a loaded machine weighs on each alike.
 *
 * With `--catch-up` the commits are appended first and the read side is
 * started afterwards: the main thread's CPU from its start until it reaches
 * the head is then all the read side's (a worker catching up after a restart
 * or a stall), per commit caught up.
 *
 *   npx tsx bench/read-side-follow.ts [--commits 20000] [--rate 2000] [--rounds 2] [--catch-up] [--json]
 */
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { openEmbeddedLog } from "../engine/eventlog/embedded/embedded-log.ts"
import { signalHead } from "../engine/eventlog/head-signal.ts"
import type { Commit } from "../engine/eventlog/port.ts"
import { startReadSide } from "../gateway/read-side.ts"
import { simulate } from "../projections/testing/simulate.ts"

const option = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback
}
const commitsWanted = Number(option("commits", "20000"))
const rate = Number(option("rate", "2000"))
const rounds = Number(option("rounds", "2"))
const asJson = process.argv.includes("--json")
const catchUp = process.argv.includes("--catch-up")
const CLOCK_TICKS_PER_SECOND = 100
type Mode = "none" | "shipped" | "follow"

/** CPU seconds of this process's main thread. */
const mainThreadCpu = async (): Promise<number> => {
  const stat = await readFile(`/proc/${process.pid}/task/${process.pid}/stat`, "utf8")
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND
}

const counter = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, "m").exec(text)?.[1] ?? 0)

const commits: Commit[] = []
for (let seed = 1; commits.length < commitsWanted; seed++) {
  // Each seed its own tenants, so the simulations' actors never meet in one log.
  for (const commit of simulate({ seed, tenants: [`t${seed}a`, `t${seed}b`], events: 5_000 }).commits) commits.push(commit)
}
commits.length = commitsWanted

const runOnce = async (mode: Mode) => {
  const dir = await mkdtemp(join(tmpdir(), "studio-read-side-follow-"))
  const logDir = join(dir, "log")
  const heads = signalHead(await openEmbeddedLog({ dir: logDir }))
  const log = heads.log
  const start = () =>
    mode === "none"
      ? undefined
      : startReadSide(log, {
          store: { kind: "pglite", dataDir: join(dir, "readstore") },
          idleMs: { min: 100, max: 500 },
          ...(mode === "follow" ? { log: { kind: "embedded" as const, dir: logDir }, heads } : {}),
        })
  let readSide = catchUp ? undefined : await start()
  const seqs = new Map<string, number>()
  const perTick = Math.max(1, Math.round(rate / 100))
  let cpuBefore = await mainThreadCpu()
  let started = performance.now()
  for (let i = 0; i < commits.length; i += perTick) {
    const tickStart = performance.now()
    // One actor's commits of a tick one after the other, the actors' side by side (as a node's actors append).
    const byActor = new Map<string, Commit[]>()
    for (const commit of commits.slice(i, i + perTick)) {
      const key = `${commit.addr.tenant}.${commit.addr.kind}.${commit.addr.id}`
      byActor.set(key, [...(byActor.get(key) ?? []), commit])
    }
    await Promise.all(
      [...byActor].map(async ([key, chain]) => {
        for (const commit of chain) {
          const result = await Effect.runPromise(
            log.append({
              addr: commit.addr,
              expectedSeq: seqs.get(key) ?? 0,
              events: commit.events,
              by: commit.by,
              at: commit.at,
              commandKey: commit.commandKey,
            }),
          )
          seqs.set(key, result.lastSeq)
        }
      }),
    )
    const wait = 10 - (performance.now() - tickStart)
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  }
  let appendedMs = performance.now() - started
  if (catchUp) {
    cpuBefore = await mainThreadCpu()
    started = performance.now()
    appendedMs = 0
    readSide = await start()
  }
  const head = await Effect.runPromise(log.headPosition())
  const reached = readSide ? await readSide.waitFor(head, 300_000) : true
  const caughtUpMs = performance.now() - started - appendedMs
  const cpu = (await mainThreadCpu()) - cpuBefore
  const metrics = (await readSide?.metrics()) ?? ""
  await readSide?.stop()
  await Effect.runPromise(log.close())
  await rm(dir, { recursive: true, force: true })
  return {
    mode,
    commits: head,
    reached,
    mainCpuS: cpu,
    mainCpuUsPerCommit: (cpu * 1e6) / head,
    appendedS: appendedMs / 1000,
    caughtUpS: caughtUpMs / 1000,
    shipped: counter(metrics, "studio_read_side_commits_shipped_total"),
    logReads: counter(metrics, "studio_read_side_log_reads_total"),
    headAnnouncements: counter(metrics, "studio_read_side_head_announcements_total"),
    load: loadavg().map((value) => Number(value.toFixed(2))),
  }
}

const results: Awaited<ReturnType<typeof runOnce>>[] = []
for (let round = 0; round < rounds; round++) {
  for (const mode of (round % 2 === 0 ? ["none", "shipped", "follow"] : ["follow", "shipped", "none"]) as Mode[]) {
    const result = await runOnce(mode)
    results.push(result)
    if (!asJson)
      console.log(
        `${mode.padEnd(7)} ${result.commits} commits ${catchUp ? "caught up" : `at ${rate}/s`}: main thread ${result.mainCpuS.toFixed(2)} CPU s, ${result.mainCpuUsPerCommit.toFixed(1)} µs/commit; read side at the head ${result.caughtUpS.toFixed(2)} s after the last append (${result.reached ? "reached" : "NOT reached"}); shipped ${result.shipped} in ${result.logReads} reads, ${result.headAnnouncements} head announcements; load ${result.load.join(" ")}`,
      )
  }
}
const mean = (mode: Mode) => {
  const values = results.filter((result) => result.mode === mode).map((result) => result.mainCpuUsPerCommit)
  return values.reduce((sum, value) => sum + value, 0) / values.length
}
const summary = {
  none: mean("none"),
  shipped: mean("shipped"),
  follow: mean("follow"),
  readSideShipped: mean("shipped") - mean("none"),
  readSideFollow: mean("follow") - mean("none"),
}
if (asJson) console.log(JSON.stringify({ results, summary }, null, 2))
else
  console.log(
    `mean main-thread µs/commit: none ${summary.none.toFixed(1)}, shipped ${summary.shipped.toFixed(1)}, follow ${summary.follow.toFixed(1)}; the read side's share: shipped ${summary.readSideShipped.toFixed(1)}, follow ${summary.readSideFollow.toFixed(1)}; follow/shipped (whole thread) ${(summary.follow / summary.shipped).toFixed(2)}`,
  )
process.exit(0)
