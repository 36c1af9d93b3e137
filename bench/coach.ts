/**
 * Coach answer latency: first token and full answer, p50 and p95, for the
 * local default (the extractive coach) and for the OpenAI-compatible adapter
 * through the local stand-in (the real `openai` client, SSE over HTTP). Both
 * go through the whole coach (crisis check, retrieval, prompt, redaction for
 * the outside model, citation check, recording on the actor's decider); the
 * retriever is the fixture one, so retrieval's own cost is not in here.
 * Baseline, same run: one bare HTTP round trip to the stand-in.
 *
 *   npx tsx bench/coach.ts [--asks 300]
 *
 * Writes bench/results/<timestamp>-coach/report.md.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { cpus, hostname } from "node:os"
import { performance } from "node:perf_hooks"
import { makeCoach } from "../ml/coach/coach.ts"
import { AI_COACH_FIXTURE_ID, fixtureRetriever } from "../ml/coach/testing/fixture-retriever.ts"
import { memoryRecorder } from "../ml/coach/testing/memory-recorder.ts"
import { extractiveLanguageModel } from "../ml/llm/extractive.ts"
import { openAiLanguageModel } from "../ml/llm/openai.ts"
import type { LanguageModel } from "../ml/llm/port.ts"
import { startOpenAiStandIn } from "../ml/testing/openai-standin.ts"

const asksArg = process.argv.indexOf("--asks")
const ASKS = asksArg > 0 ? Number(process.argv[asksArg + 1]) : 300
const WARMUP = 20

const words = ["calm", "bridge", "courage", "rest", "change", "trust", "morning", "fear"]
const retriever = fixtureRetriever({
  tiersOf: () => ["free"],
  cards: words.map((word, i) => ({
    deckId: "deck-1",
    cardId: `c${i}`,
    word,
    question: `Where does ${word} show up in your week, and what would more of it change?`,
    themes: [word],
    tier: "free",
  })),
  entries: words.slice(0, 4).map((word, i) => ({
    entryId: `e${i}`,
    title: `On ${word}`,
    text: `Today I noticed ${word} at work. It surprised me.`,
    writtenAt: "2026-01-01T00:00:00Z",
    ownerId: "u1",
    tenant: "org",
    coachIds: [AI_COACH_FIXTURE_ID],
  })),
})

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

const measure = async (model: LanguageModel) => {
  const coach = makeCoach({ retriever, model, recorder: memoryRecorder(), people: () => ["Noa Levi", "Dana Cohen"] })
  const first: number[] = []
  const full: number[] = []
  for (let i = 0; i < ASKS + WARMUP; i++) {
    const started = performance.now()
    let firstAt: number | undefined
    const asker = { tenant: "org", userId: "u1", roles: ["participant"] }
    for await (const event of await coach.ask({
      asker,
      questionId: `q${i}`,
      question: `How do I find ${words[i % words.length]} and ${words[(i + 3) % words.length]}?`,
      language: "en",
    })) {
      if (event.type === "delta" && firstAt === undefined) firstAt = performance.now()
      if (event.type === "error") throw new Error(event.message)
    }
    if (i < WARMUP) continue
    first.push(firstAt! - started)
    full.push(performance.now() - started)
  }
  return { first, full }
}

const standIn = await startOpenAiStandIn()
const baseline: number[] = []
for (let i = 0; i < ASKS + WARMUP; i++) {
  const started = performance.now()
  await (await fetch(`${standIn.baseURL}/models`)).text()
  if (i >= WARMUP) baseline.push(performance.now() - started)
}
const local = await measure(extractiveLanguageModel())
const outside = await measure(openAiLanguageModel({ baseURL: standIn.baseURL, apiKey: "bench", model: "standin-chat" }))
await standIn.close()

const base50 = percentile(baseline, 50)
const ms = (value: number) => value.toFixed(2)
const row = (name: string, values: number[]) =>
  `| ${name} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 95))} | ${(percentile(values, 50) / base50).toFixed(1)}x |`
const machine = `${hostname()}: ${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), Node ${process.version}`
const report = [
  "# Coach answer latency",
  "",
  `Machine: ${machine} (a 2-core VM shared with other work). ${ASKS} asks per row after ${WARMUP} warm-up asks, one at a time.`,
  "Each ask goes through the whole coach (crisis check, fixture retrieval, prompt, redaction for the outside model, citation check, recording on the coach decider).",
  `Baseline (same run): one bare HTTP round trip to the stand-in, p50 ${ms(base50)} ms; the last column is p50 over that.`,
  "",
  "| what | p50 ms | p95 ms | p50 / baseline |",
  "|---|---|---|---|",
  row("local default (extractive): first token", local.first),
  row("local default (extractive): full answer", local.full),
  row("OpenAI-compatible through the stand-in: first token", outside.first),
  row("OpenAI-compatible through the stand-in: full answer", outside.full),
  row("baseline: bare HTTP round trip", baseline),
  "",
  "The stand-in answers at once, so the second pair is the client's and the coach's own overhead; a real model adds its generation time on top.",
  "",
].join("\n")
const dir = new URL(`./results/${new Date().toISOString().replace(/:/g, "-").slice(0, 19)}-coach/`, import.meta.url).pathname
mkdirSync(dir, { recursive: true })
writeFileSync(`${dir}report.md`, report)
console.log(report)
console.log(`written to ${dir}report.md`)
