/**
 * The top costs of a V8 CPU profile (`node --cpu-prof`): self time per
 * function and per file, as a share of the sampled time (idle excluded), so
 * a profile taken under load can be read in a terminal and quoted in a
 * commit. Run: npx tsx bench/profile-top.ts FILE.cpuprofile [rows]
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

const [file, rowsArg, callersOf] = process.argv.slice(2)
if (!file) {
  console.error("usage: npx tsx bench/profile-top.ts FILE.cpuprofile [rows]")
  process.exit(2)
}
const rows = Number(rowsArg ?? 25)
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const selfMicros = new Map<number, number>()
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, "")
    .replace(/^.*\/node_modules\//, "~/")
    .replace(/^\/work\/main\//, "")
const byFunction = new Map<string, number>()
const byFile = new Map<string, number>()
let busy = 0
let idle = 0
for (const [id, micros] of selfMicros) {
  const frame = byId.get(id)!.callFrame
  if (frame.functionName === "(idle)") {
    idle += micros
    continue
  }
  busy += micros
  const where = shortUrl(frame.url) || "(native)"
  const key = `${frame.functionName || "(anonymous)"} ${where}:${frame.lineNumber + 1}`
  byFunction.set(key, (byFunction.get(key) ?? 0) + micros)
  const pkg = where.startsWith("~/")
    ? where
        .split("/")
        .slice(0, where.startsWith("~/@") ? 3 : 2)
        .join("/")
    : where
  byFile.set(pkg, (byFile.get(pkg) ?? 0) + micros)
}
const total = busy + idle
const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`)
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`)
  }
}
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / total).toFixed(0)}%)`)
print("self time by function (share of busy time)", byFunction)
print("self time by file or package", byFile)

if (callersOf) {
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const paths = new Map<string, number>()
  for (const [id, micros] of selfMicros) {
    if (byId.get(id)!.callFrame.functionName !== callersOf) continue
    const chain: string[] = []
    for (let at = parent.get(id); at !== undefined && chain.length < 6; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame
      chain.push(`${frame.functionName || "(anonymous)"}@${shortUrl(frame.url).split("/").at(-1)}`)
    }
    const key = chain.join(" < ")
    paths.set(key, (paths.get(key) ?? 0) + micros)
  }
  print(`call paths into ${callersOf}`, paths)
}

// Inclusive time: a sample counts once for every distinct function on its stack.
{
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const inclusive = new Map<string, number>()
  for (const [id, micros] of selfMicros) {
    if (byId.get(id)!.callFrame.functionName === "(idle)") continue
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame
      const key = `${frame.functionName || "(anonymous)"} ${shortUrl(frame.url) || "(native)"}`
      if (seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + micros)
    }
  }
  print("inclusive time by function (share of busy time)", inclusive)
}
