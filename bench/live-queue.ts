/**
 * The live client's stored queue of unanswered commands, before and after
 * it kept one storage key per command (web/src/client/storage.ts
 * `StoredQueue`): a burst of n commands sent at once, then each acked, the
 * way a journal sync or an offline canvas sends them. Both versions of the
 * whole client (web/src/client/live.ts) run in the same process against the
 * same scripted server and the same storage, alternating, so the machine's
 * load weighs on both alike.
 *
 * "before" is live.ts as of the last commit that did not use StoredQueue
 * (or --before <rev>), copied next to this run with its imports pointed at
 * today's tree. Storage is a Map behind the Storage interface: a browser's
 * sessionStorage also copies and persists every byte written, so the
 * figures here are the least the old layout costs.
 *
 *   npx tsx bench/live-queue.ts [--sizes 100,1000,2000] [--repeats 5] [--before <git rev>]
 *
 * Measured on a shared 2-core AMD EPYC VM (Node 20.20, load average 10-11
 * from other work), 2026-12-07, medians of 5:
 *
 * | commands | before ms | after ms | before/after | chars written before | after |
 * |---|---|---|---|---|---|
 * | 100 | 27.8 | 5.8 | 4.8x | 1,242,875 | 27,833 |
 * | 1,000 | 2,189 | 47.9 | 45.7x | 126,148,975 | 284,753 |
 * | 2,000 | 4,390 | 39.2 | 112x | 509,305,975 | 575,257 |
 *
 * Before, the time and the characters grow with the square of the burst;
 * after, with the burst (about 285 characters and 4 writes per command).
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { cpus, hostname, loadavg, tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { parseArgs } from "node:util"
import { fakeServer } from "../web/src/client/testing/fake-socket.ts"
import type { Live, LiveOptions, StorageLike } from "../web/src/client/types.ts"
import { createLive as createLiveAfter } from "../web/src/client/live.ts"

const { values } = parseArgs({
  options: { sizes: { type: "string", default: "100,1000,2000" }, repeats: { type: "string", default: "5" }, before: { type: "string" } },
})
const sizes = values.sizes.split(",").map(Number)
const repeats = Number(values.repeats)
const root = resolve(import.meta.dirname, "..")
const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" })

const beforeRev =
  values.before ??
  git("log", "--format=%H", "--", "web/src/client/live.ts")
    .split("\n")
    .find((rev) => rev && !git("show", `${rev}:web/src/client/live.ts`).includes("StoredQueue"))
if (!beforeRev) throw new Error("no commit of web/src/client/live.ts without StoredQueue: pass --before <rev>")
const beforeDir = mkdtempSync(join(tmpdir(), "live-queue-before-"))
const beforeFile = join(beforeDir, "live.ts")
const clientDir = join(root, "web/src/client")
writeFileSync(
  beforeFile,
  git("show", `${beforeRev}:web/src/client/live.ts`)
    .replace(/from "\.\/([^"]+)"/g, `from "${clientDir}/$1"`)
    .replace(/from "\.\.\/\.\.\/\.\.\/([^"]+)"/g, `from "${root}/$1"`),
)
const { createLive: createLiveBefore } = (await import(beforeFile)) as { createLive: (options: LiveOptions) => Live }

const token = (() => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url")
  const now = Math.floor(Date.now() / 1000)
  return `${encode({ alg: "none" })}.${encode({ sub: "bob", tenant: "t1", iat: now, exp: now + 3600 })}.x`
})()

interface Run {
  readonly ms: number
  readonly chars: number
  readonly writes: number
}

/** n commands sent at once, then acked one by one in order, through `create`'s client; what it took and what it wrote. */
const burst = async (create: (options: LiveOptions) => Live, n: number): Promise<Run> => {
  const map = new Map<string, string>()
  let chars = 0
  let writes = 0
  const storage: StorageLike = {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      writes++
      chars += key.length + value.length
      map.set(key, value)
    },
    removeItem: (key) => {
      writes++
      map.delete(key)
    },
  }
  const server = fakeServer()
  const live = create({
    url: "ws://fake/live",
    WebSocket: server.WebSocket,
    storage,
    heartbeatMs: 0,
    auth: { token: () => token, refresh: async () => token, onToken: () => () => undefined },
  })
  const socket = server.latest()
  socket.welcome()
  const started = performance.now()
  const sends = Array.from({ length: n }, (_, i) => live.send("canvas/c1", { type: "moveElement", elementId: `e${i % 50}`, x: i, y: i * 2 }))
  for (const [i, frame] of socket.sent.entries()) if (frame.t === "cmd") socket.deliver({ t: "ack", ref: frame.ref, seq: i + 1 })
  await Promise.all(sends)
  const ms = performance.now() - started
  if (map.size !== 0) throw new Error(`${map.size} keys left in storage after every ack`)
  live.close()
  return { ms, chars, writes }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const fmt = (x: number, digits = 1) => x.toLocaleString("en-US", { maximumFractionDigits: digits })

console.log(
  `live queue on ${hostname()} (${cpus().length} cores, ${cpus()[0]?.model ?? "?"}, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")})`,
)
console.log(`before: live.ts at ${beforeRev.slice(0, 10)}; after: the working tree; ${repeats} repeats each, alternating; medians\n`)
console.log("| commands | before ms | after ms | time before/after | chars written before | after | chars before/after | writes before | after |")
console.log("|---|---|---|---|---|---|---|---|---|")
try {
  await burst(createLiveBefore, 200)
  await burst(createLiveAfter, 200)
  for (const n of sizes) {
    const before: Run[] = []
    const after: Run[] = []
    for (let r = 0; r < repeats; r++) {
      before.push(await burst(createLiveBefore, n))
      after.push(await burst(createLiveAfter, n))
    }
    const [bMs, aMs] = [median(before.map((x) => x.ms)), median(after.map((x) => x.ms))]
    const [bChars, aChars] = [before[0]!.chars, after[0]!.chars]
    console.log(
      `| ${fmt(n)} | ${fmt(bMs)} | ${fmt(aMs)} | ${fmt(bMs / aMs)}x | ${fmt(bChars, 0)} | ${fmt(aChars, 0)} | ${fmt(bChars / aChars)}x | ${fmt(before[0]!.writes, 0)} | ${fmt(after[0]!.writes, 0)} |`,
    )
  }
} finally {
  rmSync(beforeDir, { recursive: true, force: true })
}
