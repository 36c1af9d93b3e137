/**
 * The card recommender's bench: training time, per-request inference
 * latency (p50/p95) of the model, content similarity and time-aware
 * popularity measured in the same run, and the offline evaluation (NDCG@10,
 * Recall@10 with bootstrap intervals) on the simulator and on the demo data
 * a node seeds, with SVG charts. Writes bench/results/<timestamp>-recommend/.
 *
 *   npx tsx bench/recommend.ts            (STUDIO_TEST_SEED=<n> replays a run)
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { cpus, totalmem } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { actorKinds } from "../actors/index.ts"
import { seedDemo } from "../gateway/seed.ts"
import { startTestServer, TEST_SCRYPT_COST } from "../gateway/testing/harness.ts"
import { ItemKnn, TimeAwarePopularity } from "../ml/recommend/baselines.ts"
import { builtInCatalogue } from "../ml/recommend/catalogue.ts"
import { choicesWithContext } from "../ml/recommend/context.ts"
import { formatReport, splitTime, type EvaluationReport } from "../ml/recommend/evaluate.ts"
import { interactionsFrom, participantsFrom } from "../ml/recommend/interactions.ts"
import { runPipeline } from "../ml/recommend/pipeline.ts"
import { readTrainingData } from "../ml/recommend/read-facts.ts"
import { suggestCards } from "../ml/recommend/recommend.ts"
import { TwoTowerScorer } from "../ml/recommend/scorer.ts"
import { makeRandom, testSeed } from "../engine/testing/random.ts"
import { simulate } from "../ml/recommend/testing/simulator.ts"
import { openReadStore } from "../projections/index.ts"
import { startReadSide } from "../gateway/read-side.ts"
import { intervalChart } from "./recommend-chart.ts"

const seed = testSeed("recommend bench")
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.versions.node}`
console.log(machine)

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
}

// 1. The simulator: evaluation and training time.
const { rows, cards } = simulate(makeRandom(seed))
const simulated = await runPipeline(rows, cards, { seed, final: true })
if (!("methods" in simulated.evaluation)) throw new Error(simulated.evaluation.skipped)
const simReport: EvaluationReport = simulated.evaluation
console.log(formatReport("simulator", simReport))

const interactions = interactionsFrom(rows)
const examples = choicesWithContext(interactions, cards, participantsFrom(rows))
const cut = splitTime(examples.map((e) => e.interaction))
const knnStarted = performance.now()
new ItemKnn(interactions.filter((i) => i.at < cut))
const knnMs = performance.now() - knnStarted

// 2. Inference per request, as the route ranks: the model, content similarity, popularity, over held-out moments.
const scorer = new TwoTowerScorer(simulated.model!)
const test = examples.filter((e) => e.interaction.at >= cut).slice(0, 2000)
const timeEach = (rank: (e: (typeof test)[number]) => unknown) => {
  for (const e of test.slice(0, 100)) rank(e)
  return test.map((e) => {
    const started = performance.now()
    rank(e)
    return performance.now() - started
  })
}
const popularity = new TimeAwarePopularity(interactions)
const latency = {
  model: timeEach((e) => suggestCards(cards, e.context, { scorer, limit: 5 })),
  content: timeEach((e) => suggestCards(cards, e.context, { limit: 5 })),
  popularity: (() => {
    const fresh = new TimeAwarePopularity(interactions)
    return test.map((e) => {
      const started = performance.now()
      fresh.scores(e.interaction.at, cards)
      return performance.now() - started
    })
  })(),
}
void popularity
const latencyRows = Object.entries(latency).map(([name, ms]) => ({ name, p50: quantile(ms, 0.5), p95: quantile(ms, 0.95) }))

// 3. The demo data a node seeds, through the read side and the store `npm run ml:train` reads.
const server = await startTestServer({
  kinds: actorKinds,
  readSide: (log, dir) => startReadSide(log, { store: { kind: "pglite", dataDir: join(dir, "readstore") }, idleMs: { min: 5, max: 50 } }),
})
await seedDemo(server.system, server.gateway.directory, { STUDIO_DEMO_PASSWORD: "bench-demo-password-1" }, TEST_SCRYPT_COST)
const head = await Effect.runPromise(server.log.headPosition())
await server.readSide!.waitFor(head, 60_000)
await server.stop()
const { store } = await openReadStore({ kind: "pglite", dataDir: join(server.dir, "readstore") })
const demoData = await readTrainingData(store)
await Effect.runPromise(store.close())
rmSync(server.dir, { recursive: true, force: true })
const demo = await runPipeline(demoData.rows, builtInCatalogue(demoData.cards), { seed, final: false })
const demoLine =
  "methods" in demo.evaluation
    ? formatReport("demo data", demo.evaluation)
    : `demo data: ${demoData.rows.length} fact rows, ${demo.choices} group choices; no evaluation: ${demo.evaluation.skipped}`
console.log(demoLine)

// 4. The report.
const stamp = new Date()
  .toISOString()
  .replace(/:/g, "-")
  .replace(/\.\d+Z$/, "")
const dir = join("bench", "results", `${stamp}-recommend`)
mkdirSync(dir, { recursive: true })
const bars = (pick: "ndcg" | "recall") => simReport.methods.map((m) => ({ name: m.method, ...m[pick] }))
writeFileSync(join(dir, "ndcg.svg"), intervalChart(`NDCG@10 on the simulator's held-out choices (STUDIO_TEST_SEED=${seed})`, "NDCG@10", bars("ndcg")))
writeFileSync(
  join(dir, "recall.svg"),
  intervalChart(`Recall@10 on the simulator's held-out choices (STUDIO_TEST_SEED=${seed})`, "Recall@10", bars("recall")),
)
const f = (n: number, d = 3) => n.toFixed(d)
const model = simReport.methods.find((m) => m.method === "model")!
const markdown = [
  `# Card recommender: ${stamp}`,
  "",
  `Machine: ${machine}; shared with other work while it ran. STUDIO_TEST_SEED=${seed}.`,
  "",
  "## Simulator",
  "",
  `${rows.length} fact rows, ${simulated.choices} group choices (revealed picks and cards placed on session canvases), catalogue of ${cards.length} cards; split by time at ${simReport.splitAt} (80% before), ${simReport.examples} held-out choices, ${simReport.resamples} bootstrap resamples.`,
  "",
  "| method | NDCG@10 [95% CI] | Recall@10 [95% CI] | NDCG@10 / popularity [95% CI] |",
  "|---|---|---|---|",
  ...simReport.methods.map(
    (m) =>
      `| ${m.method} | ${f(m.ndcg.mean)} [${f(m.ndcg.low)}, ${f(m.ndcg.high)}] | ${f(m.recall.mean)} [${f(m.recall.low)}, ${f(m.recall.high)}] | ${f(m.ndcgRatio.mean, 2)} [${f(m.ndcgRatio.low, 2)}, ${f(m.ndcgRatio.high, 2)}] |`,
  ),
  "",
  `The model's NDCG@10 is ${f(model.ndcgRatio.mean, 2)}x the time-aware popularity baseline's (14-day window before each held-out choice).`,
  "",
  "![NDCG@10](ndcg.svg)",
  "![Recall@10](recall.svg)",
  "",
  "## Time",
  "",
  `Training (tfjs wasm backend, ${examples.filter((e) => e.interaction.at < cut).length} choices, 5 epochs, batches of 512): ${f(simulated.trainMs / 1000, 2)} s; building item-kNN on the same choices: ${f(knnMs, 1)} ms (training is ${f(simulated.trainMs / knnMs, 0)}x that).`,
  "",
  `Ranking one request over the whole catalogue (${cards.length} cards, top 5 with reasons; ${test.length} held-out moments), in process:`,
  "",
  "| method | p50 ms | p95 ms | p50 / popularity p50 |",
  "|---|---|---|---|",
  ...latencyRows.map(
    (r) => `| ${r.name} | ${f(r.p50, 4)} | ${f(r.p95, 4)} | ${f(r.p50 / latencyRows.find((x) => x.name === "popularity")!.p50, 1)} |`,
  ),
  "",
  "The HTTP route adds its reads through the read side (the session from its actor, the library's cards and up to 8 past sessions as the caller); those are not in these figures.",
  "",
  "## Demo data",
  "",
  "```",
  demoLine,
  "```",
  "",
  "The demo organization's sample session deals no cards and places none on its canvas (it has sticky notes), so the demo data holds no group choices to learn from or to evaluate on; no figures are reported for it.",
  "",
].join("\n")
writeFileSync(join(dir, "report.md"), markdown)
writeFileSync(
  join(dir, "report.json"),
  JSON.stringify(
    {
      seed,
      machine,
      simulator: simReport,
      trainMs: simulated.trainMs,
      knnMs,
      latency: latencyRows,
      demo: { rows: demoData.rows.length, choices: demo.choices, evaluation: demo.evaluation },
    },
    null,
    2,
  ),
)
console.log(`wrote ${dir}`)
process.exit(0)
