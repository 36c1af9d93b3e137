/**
 * Offline evaluation: split by time, rank the whole catalogue for every
 * held-out group choice with what was known just before it, NDCG@10 and
 * Recall@10 per method, with bootstrap intervals (seeded) and a paired
 * bootstrap of each method's NDCG@10 over the time-aware popularity's.
 */
import { makeRandom } from "../../engine/random.ts"
import type { CardInfo, MomentContext } from "./context.ts"
import type { Interaction } from "./interactions.ts"

export const K = 10

export interface Example {
  readonly interaction: Interaction
  readonly context: MomentContext
}

export interface Interval {
  readonly mean: number
  readonly low: number
  readonly high: number
}

export interface MethodReport {
  readonly method: string
  readonly ndcg: Interval
  readonly recall: Interval
  /** NDCG@10 over the popularity baseline's, paired bootstrap. */
  readonly ndcgRatio: Interval
}

export interface EvaluationReport {
  readonly examples: number
  readonly catalogue: number
  readonly splitAt: string
  readonly resamples: number
  readonly methods: readonly MethodReport[]
}

/** The time before which `trainShare` of the group choices fall. */
export const splitTime = (choices: readonly Interaction[], trainShare = 0.8): number => {
  const times = choices.map((c) => c.at).sort((a, b) => a - b)
  return times[Math.min(times.length - 1, Math.floor(times.length * trainShare))] ?? 0
}

/** 1-based rank of `target` among scores, ties counted against it only for cards listed before it. */
export const rankOf = (scores: Float64Array, target: number): number => {
  const s = scores[target]!
  let rank = 1
  for (let i = 0; i < scores.length; i++) if (scores[i]! > s || (scores[i] === s && i < target)) rank++
  return rank
}

const ndcgAt = (rank: number) => (rank <= K ? 1 / Math.log2(rank + 1) : 0)

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))]!

export type MethodScores = (example: Example) => Float64Array

/** `methods` in order; the one named `popularity` is the baseline of the ratios. Methods are called in test time order. */
export const evaluate = (
  examples: readonly Example[],
  catalogue: readonly CardInfo[],
  methods: Readonly<Record<string, MethodScores>>,
  options: { seed: number; splitAt: number; resamples?: number },
): EvaluationReport => {
  const resamples = options.resamples ?? 1000
  const index = new Map(catalogue.map((card, i) => [card.cardId, i]))
  const usable = examples.filter((e) => index.has(e.interaction.cardId))
  const perMethod = Object.entries(methods).map(([method, scores]) => {
    const ndcg: number[] = [],
      recall: number[] = []
    for (const example of usable) {
      const rank = rankOf(scores(example), index.get(example.interaction.cardId)!)
      ndcg.push(ndcgAt(rank))
      recall.push(rank <= K ? 1 : 0)
    }
    return { method, ndcg, recall }
  })
  const baseline = perMethod.find((m) => m.method === "popularity")
  const random = makeRandom(options.seed)
  const draws = Array.from({ length: resamples }, () => Array.from({ length: usable.length }, () => random.int(usable.length)))
  const mean = (values: readonly number[], rows?: readonly number[]) =>
    rows ? rows.reduce((s, r) => s + values[r]!, 0) / Math.max(1, rows.length) : values.reduce((s, v) => s + v, 0) / Math.max(1, values.length)
  const interval = (statistic: (rows?: readonly number[]) => number): Interval => {
    const samples = draws.map((rows) => statistic(rows)).sort((a, b) => a - b)
    return { mean: statistic(), low: percentile(samples, 0.025), high: percentile(samples, 0.975) }
  }
  return {
    examples: usable.length,
    catalogue: catalogue.length,
    splitAt: new Date(options.splitAt).toISOString(),
    resamples,
    methods: perMethod.map(({ method, ndcg, recall }) => ({
      method,
      ndcg: interval((rows) => mean(ndcg, rows)),
      recall: interval((rows) => mean(recall, rows)),
      ndcgRatio: baseline ? interval((rows) => mean(ndcg, rows) / Math.max(1e-12, mean(baseline.ndcg, rows))) : { mean: NaN, low: NaN, high: NaN },
    })),
  }
}

const f3 = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : "n/a")

export const formatReport = (title: string, report: EvaluationReport): string =>
  [
    `${title}: ${report.examples} held-out choices after ${report.splitAt}, catalogue of ${report.catalogue}, ${report.resamples} bootstrap resamples (95% intervals)`,
    `  ${"method".padEnd(12)} ${"NDCG@10".padEnd(24)} ${"Recall@10".padEnd(24)} NDCG@10 / popularity`,
    ...report.methods.map(
      (m) =>
        `  ${m.method.padEnd(12)} ${`${f3(m.ndcg.mean)} [${f3(m.ndcg.low)}, ${f3(m.ndcg.high)}]`.padEnd(24)} ${`${f3(m.recall.mean)} [${f3(m.recall.low)}, ${f3(m.recall.high)}]`.padEnd(24)} ${f3(m.ndcgRatio.mean)} [${f3(m.ndcgRatio.low)}, ${f3(m.ndcgRatio.high)}]`,
    ),
  ].join("\n")
