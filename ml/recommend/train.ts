/**
 * `npm run ml:train`: reads the interaction facts from the read store
 * (DATABASE_URL, else the embedded store under STUDIO_DATA_DIR), evaluates
 * the model against its baselines on a time split, trains it on everything,
 * and writes it where the node reads it (model-file.ts); a running node
 * picks it up within ten seconds. A model clearly worse than content
 * similarity on the held-out choices is not written (`--force` writes it). The embedded store is one process's: stop
 * the node first, or train against a Postgres server.
 *
 * ML_SEED fixes the weights' start and the batch order (default 1).
 */
import { Effect } from "effect"
import { openReadStore } from "../../projections/store/open.ts"
import { formatReport } from "./evaluate.ts"
import { modelPath, writeModel } from "./model-file.ts"
import { runPipeline } from "./pipeline.ts"
import { progressBar } from "./progress.ts"
import { readTrainingData } from "./read-facts.ts"
import { builtInCatalogue } from "./catalogue.ts"

const seed = process.env.ML_SEED ? Number(process.env.ML_SEED) : 1
if (!Number.isInteger(seed)) {
  console.error(`ML_SEED must be an integer, got ${JSON.stringify(process.env.ML_SEED)}`)
  process.exit(2)
}
console.log(`ML_SEED=${seed}`)

const { store } = await openReadStore()
try {
  const { rows, cards: libraryCards } = await readTrainingData(store)
  const cards = builtInCatalogue(libraryCards)
  console.log(`read ${rows.length} fact rows and ${cards.length} cards from the ${store.name} read store`)
  // Two trainings when there is enough to evaluate (before the split, then on everything): one bar across both.
  let part = 0
  let lastDone = 0
  const bar = progressBar("training")
  const result = await runPipeline(rows, cards, {
    seed,
    onProgress: (done, loss) => {
      if (done < lastDone) part = 1
      lastDone = done
      bar((part + done) / 2, `loss ${loss.toFixed(3)}`)
    },
  })
  if (result.model) bar(1)
  if ("methods" in result.evaluation) console.log(formatReport("held-out choices", result.evaluation))
  else console.log(`no evaluation: ${result.evaluation.skipped}`)
  const methods = "methods" in result.evaluation ? result.evaluation.methods : []
  const model = methods.find((m) => m.method === "model")
  const content = methods.find((m) => m.method === "content")
  // A model clearly worse than content similarity on held-out choices would make suggestions worse: keep it off the node.
  const worse = model && content && model.ndcg.high < content.ndcg.mean && !process.argv.includes("--force")
  if (worse) {
    console.log(
      `not written: the model's NDCG@10 (${model.ndcg.mean.toFixed(3)}, at most ${model.ndcg.high.toFixed(3)}) is below content similarity's (${content.ndcg.mean.toFixed(3)}); the node keeps what it has (--force writes it anyway)`,
    )
  } else if (!result.model) {
    console.log("no group choices yet: no model written; the node recommends by content similarity until there are some")
  } else {
    const path = modelPath()
    await writeModel(path, result.model)
    console.log(
      `model (${result.model.examples} choices, ${result.model.vocabulary.cardIds.length} cards) written to ${path}; a running node reloads it within 10 s`,
    )
  }
} finally {
  await Effect.runPromise(store.close())
}
