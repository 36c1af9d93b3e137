/**
 * How much of the node's main thread the read side takes, from a V8 CPU
 * profile of that thread (`node --cpu-prof`, e.g. BENCH_SERVER_NODE_ARGS with
 * bench/read-side-load.ts): over a window of the profile (by default its last
 * `--last` seconds less the final `--skip-end`, which is where the load ran),
 * the share of busy samples whose stack holds read-side code: the worker's
 * requests and their answers (projections/read-side/), the log reads they
 * cause (engine/eventlog/.../log-reader.ts readAll, decoding included) and the
 * worker port's message dispatch (node:internal/worker). Structured-clone
 * serialization is native code under postMessage, so it is counted; garbage
 * collection cannot be told apart and is listed on its own.
 *
 *   npx tsx bench/read-side-profile.ts FILE.cpuprofile [--last 10] [--skip-end 1]
 */
import { readFileSync } from "node:fs"

interface Node {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly children?: readonly number[]
}
interface Profile {
  readonly nodes: readonly Node[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

const file = process.argv[2]
if (!file) {
  console.error("usage: npx tsx bench/read-side-profile.ts FILE.cpuprofile [--last SECONDS] [--skip-end SECONDS]")
  process.exit(2)
}
const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 ? Number(process.argv[at + 1]) : fallback
}
const lastSeconds = option("last", 10)
const skipEndSeconds = option("skip-end", 1)

const profile = JSON.parse(readFileSync(file, "utf8")) as Profile
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const parent = new Map<number, number>()
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)

/** Which part of the read side a stack frame belongs to, if any. */
const readSidePart = (frame: Node["callFrame"]): string | undefined => {
  if (frame.url.includes("/projections/read-side/")) return "read-side requests and answers"
  if (frame.url.includes("/eventlog/") && frame.url.includes("log-reader") && frame.functionName === "readAll") return "log reads for the read side"
  if (frame.url === "node:internal/worker" || frame.url === "node:internal/worker/io") return "worker port messages"
  return undefined
}

const total = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0)
const from = total - (lastSeconds + skipEndSeconds) * 1e6
const to = total - skipEndSeconds * 1e6
let at = 0
let wall = 0
let busy = 0
let gc = 0
const parts = new Map<string, number>()
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0
  at += delta
  if (at < from || at >= to) return
  wall += delta
  const leaf = byId.get(id)!.callFrame
  if (leaf.functionName === "(idle)") return
  busy += delta
  if (leaf.functionName === "(garbage collector)") gc += delta
  // The outermost read-side frame names the part: a log read started by a read-side request counts as the request's.
  let part: string | undefined
  for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) part = readSidePart(byId.get(node)!.callFrame) ?? part
  if (part) parts.set(part, (parts.get(part) ?? 0) + delta)
})

const share = (micros: number) => `${((100 * micros) / wall).toFixed(2)}% of the window (${((100 * micros) / busy).toFixed(1)}% of busy)`
const readSide = [...parts.values()].reduce((sum, micros) => sum + micros, 0)
console.log(`${file}: window of ${(wall / 1e6).toFixed(1)} s, main thread busy ${((100 * busy) / wall).toFixed(1)}% of it`)
console.log(`  read side: ${share(readSide)}`)
for (const [part, micros] of [...parts].sort((a, b) => b[1] - a[1])) console.log(`    ${part}: ${share(micros)}`)
console.log(`  garbage collector (not attributable): ${share(gc)}`)
