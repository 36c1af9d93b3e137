/**
 * Facts in, a trained model and its evaluation out: the one path that
 * `npm run ml:train`, the bench and the tests all take. The model is
 * evaluated on the choices after the split, trained on those before; the
 * model it returns for serving is then trained again on everything.
 */
import { contentScores, ItemKnn, TimeAwarePopularity } from "./baselines.ts"
import { choicesWithContext, type CardInfo } from "./context.ts"
import { evaluate, splitTime, type EvaluationReport } from "./evaluate.ts"
import { interactionsFrom, participantsFrom, type FactRow } from "./interactions.ts"
import { TwoTowerScorer, type ModelFile } from "./scorer.ts"
import { trainTwoTower, type TrainOptions } from "./train-model.ts"

/** Below this many group choices an evaluation says nothing; the report says so instead. */
export const MIN_CHOICES_TO_EVALUATE = 200

export interface PipelineResult {
  readonly choices: number
  readonly evaluation: EvaluationReport | { readonly skipped: string }
  /** Trained on all choices; undefined when there were none. */
  readonly model: ModelFile | undefined
  readonly trainMs: number
}

export const runPipeline = async (
  rows: readonly FactRow[],
  cards: readonly CardInfo[],
  options: TrainOptions & { trainShare?: number; resamples?: number; final?: boolean },
): Promise<PipelineResult> => {
  const interactions = interactionsFrom(rows)
  const examples = choicesWithContext(interactions, cards, participantsFrom(rows))
  const choices = examples.map((e) => e.interaction)
  const toExamples = (list: typeof examples) => list.map(({ context, interaction }) => ({ context, cardId: interaction.cardId }))
  let evaluation: PipelineResult["evaluation"]
  let trainMs = 0
  if (choices.length < MIN_CHOICES_TO_EVALUATE) {
    evaluation = {
      skipped: `${choices.length} group choices (picks revealed, cards placed on session canvases): an evaluation needs at least ${MIN_CHOICES_TO_EVALUATE}`,
    }
  } else {
    const cut = splitTime(choices, options.trainShare ?? 0.8)
    const train = examples.filter((e) => e.interaction.at < cut)
    const test = examples.filter((e) => e.interaction.at >= cut)
    const started = performance.now()
    const scorer = new TwoTowerScorer(await trainTwoTower(toExamples(train), cards, options))
    trainMs = performance.now() - started
    const popularity = new TimeAwarePopularity(interactions)
    const knn = new ItemKnn(interactions.filter((i) => i.at < cut))
    evaluation = evaluate(
      test,
      cards,
      {
        model: (e) => scorer.score(e.context, cards),
        popularity: (e) => popularity.scores(e.interaction.at, cards),
        "item-kNN": (e) => knn.scores(e.context, cards),
        content: (e) => contentScores(e.context, cards),
      },
      { seed: options.seed, splitAt: cut, ...(options.resamples ? { resamples: options.resamples } : {}) },
    )
  }
  const model =
    options.final === false || choices.length === 0 ? undefined : { ...(await trainTwoTower(toExamples(examples), cards, options)), evaluation }
  return { choices: choices.length, evaluation, model, trainMs }
}
