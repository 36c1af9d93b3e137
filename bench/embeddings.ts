/**
 * Embedding throughput of each adapter on this machine, as ratios to the
 * lexical hash measured in the same run: texts per second, and p50/p95 per
 * call, for single questions (what retrieval embeds per ask) and batches of
 * 32 (what the card projection embeds when a library opens). The
 * OpenAI-compatible client runs against the local stand-in (lexical vectors
 * behind a real HTTP round trip), so its row measures the client and the
 * wire, not a hosted model. The sentence encoder's one-off load is reported
 * apart from the calls.
 *
 *   npx tsx bench/embeddings.ts [--rounds 20]
 *
 * Prints a report and writes bench/results/<timestamp>-embeddings/ (report.md, report.json).
 */
import { mkdir, writeFile } from "node:fs/promises"
import { cpus, hostname, loadavg } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"
import { BUILT_IN_DECKS } from "../actors/cards/sample-deck/index.ts"
import { lexicalHashEmbeddings } from "../ml/embeddings/lexical-hash.ts"
import { openAIEmbeddings } from "../ml/embeddings/openai.ts"
import type { Embeddings } from "../ml/embeddings/port.ts"
import { universalSentenceEncoderEmbeddings } from "../ml/embeddings/universal-sentence-encoder.ts"
import { LABELLED_QUESTIONS } from "../ml/retrieval/testing/labelled-questions.ts"
import { startEmbeddingsStandIn } from "../ml/testing/embeddings-stand-in.ts"
import { timestampForPath } from "./report/write.ts"

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`)
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0`)
  return value
}
const ROUNDS = arg("rounds", 20)
const BATCH = 32

const cardTexts = BUILT_IN_DECKS.flatMap((deck) => deck.cards.map((card) => `${card.word}\n${card.question}\n${card.themes.join(" ")}`))
const questions = LABELLED_QUESTIONS.map((item) => item.question)

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

interface Figures {
  readonly textsPerSecond: number
  readonly p50: number
  readonly p95: number
}

const measure = async (embeddings: Embeddings, inputs: readonly string[], batch: number, calls: number): Promise<Figures> => {
  const times: number[] = []
  let texts = 0
  for (let i = 0; i < calls; i++) {
    const start = (i * batch) % inputs.length
    const chunk = Array.from({ length: batch }, (_, j) => inputs[(start + j) % inputs.length]!)
    const began = performance.now()
    await Effect.runPromise(embeddings.embed(chunk))
    times.push(performance.now() - began)
    texts += chunk.length
  }
  const sorted = [...times].sort((a, b) => a - b)
  const total = times.reduce((sum, t) => sum + t, 0)
  return { textsPerSecond: (texts / total) * 1000, p50: percentile(sorted, 50), p95: percentile(sorted, 95) }
}

const standIn = await startEmbeddingsStandIn()
const adapters: ReadonlyArray<{ name: string; make: () => Embeddings }> = [
  { name: "lexical hash (baseline)", make: () => lexicalHashEmbeddings() },
  { name: "USE lite (local, wasm)", make: () => universalSentenceEncoderEmbeddings() },
  {
    name: "OpenAI client -> local stand-in",
    make: () =>
      openAIEmbeddings({ baseURL: standIn.baseURL, apiKey: standIn.apiKey, model: "text-embedding-3-small", dimension: 512, maxRetries: 0 }),
  },
]

const load = loadavg()
  .map((x) => x.toFixed(1))
  .join(" ")
const machine = `${hostname()}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load ${load} at start, Node ${process.versions.node}`
const results: Array<{ name: string; firstCallMs: number; single: Figures; batched: Figures }> = []
for (const adapter of adapters) {
  const embeddings = adapter.make()
  const began = performance.now()
  await Effect.runPromise(embeddings.embed(["warm up"]))
  const firstCallMs = performance.now() - began
  const single = await measure(embeddings, questions, 1, ROUNDS * 5)
  const batched = await measure(embeddings, cardTexts, BATCH, ROUNDS)
  results.push({ name: adapter.name, firstCallMs, single, batched })
  console.log(
    `${adapter.name}: first call ${firstCallMs.toFixed(0)} ms; 1 text ${single.textsPerSecond.toFixed(0)}/s; ${BATCH} texts ${batched.textsPerSecond.toFixed(0)}/s`,
  )
}
await standIn.close()

const base = results[0]!
const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(3)}x`
const row = (r: (typeof results)[number]) =>
  `| ${r.name} | ${r.firstCallMs.toFixed(0)} | ${r.single.textsPerSecond.toFixed(0)} (${ratio(r.single.textsPerSecond, base.single.textsPerSecond)}) | ${r.single.p50.toFixed(2)} / ${r.single.p95.toFixed(2)} (${ratio(r.single.p95, base.single.p95)}) | ${r.batched.textsPerSecond.toFixed(0)} (${ratio(r.batched.textsPerSecond, base.batched.textsPerSecond)}) | ${r.batched.p50.toFixed(1)} / ${r.batched.p95.toFixed(1)} (${ratio(r.batched.p95, base.batched.p95)}) |`
const report = [
  "# Embedding throughput",
  "",
  `${new Date().toISOString()} on ${machine}. ${ROUNDS * 5} single-question calls (the labelled questions) and ${ROUNDS} calls of ${BATCH} card texts (the built-in decks) per adapter, one after another in one process. Ratios are to the lexical hash in this run (throughput: higher is faster; p95: lower is faster). The machine is shared with other work: compare ratios, not absolute figures.`,
  "",
  `| adapter | first call, ms (load) | 1 text: texts/s | 1 text: p50 / p95 ms | ${BATCH} texts: texts/s | ${BATCH} texts: p50 / p95 ms |`,
  "|---|---|---|---|---|---|",
  ...results.map(row),
  "",
  "The OpenAI row is the `openai` client against the stand-in in ml/testing (lexical vectors over loopback HTTP): it shows the client's and the wire's cost, not a hosted model's.",
].join("\n")
console.log(`\n${report}`)
const dir = join(fileURLToPath(new URL("./results", import.meta.url)), `${timestampForPath(new Date())}-embeddings`)
await mkdir(dir, { recursive: true })
await writeFile(join(dir, "report.md"), `${report}\n`)
await writeFile(join(dir, "report.json"), `${JSON.stringify({ machine, rounds: ROUNDS, batch: BATCH, results }, null, 2)}\n`)
console.log(`\nreport: ${join(dir, "report.md")}`)
