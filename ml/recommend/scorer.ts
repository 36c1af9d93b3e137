/**
 * The trained model as the node serves it: plain arrays in memory and a
 * forward pass in arithmetic (no tfjs in the live process). Cards the model
 * never saw are scored by their themes alone through the item tower.
 */
import type { CardInfo, MomentContext } from "./context.ts"
import { Encoder, type Vocabulary } from "./features.ts"
import { PHASES } from "./interactions.ts"

export const MODEL_FORMAT = "studio-recommend-two-tower/1"

export interface ModelFile {
  readonly format: typeof MODEL_FORMAT
  readonly trainedAt: string
  readonly seed: number
  readonly examples: number
  readonly vocabulary: Vocabulary
  readonly hidden: number
  readonly dimensions: number
  /** Row-major weights: w1 [features x hidden], b1, w2 [hidden x dimensions], b2, cardEmbeddings [cards x dimensions], themeEmbeddings [themes x dimensions], cardBias [cards]. */
  readonly weights: {
    readonly w1: number[]
    readonly b1: number[]
    readonly w2: number[]
    readonly b2: number[]
    readonly cardEmbeddings: number[]
    readonly themeEmbeddings: number[]
    readonly cardBias: number[]
    /** The wide part: themeMatch [themes], phaseThemes [phases x themes], repeat [chosen, dealt], groupMatch [themes]. */
    readonly themeMatch: number[]
    readonly phaseThemes: number[]
    readonly repeat: number[]
    readonly groupMatch: number[]
  }
  /** The evaluation printed when it was trained, kept for the record. */
  readonly evaluation?: unknown
}

export class TwoTowerScorer {
  readonly encoder: Encoder
  private readonly w: { [K in keyof ModelFile["weights"]]: Float32Array }

  constructor(readonly model: ModelFile) {
    if (model.format !== MODEL_FORMAT)
      throw new Error(`recommendation model: unknown format ${JSON.stringify(model.format)} (expected ${MODEL_FORMAT})`)
    this.encoder = new Encoder(model.vocabulary)
    const { weights } = model
    const expect = (name: string, actual: number, wanted: number) => {
      if (actual !== wanted) throw new Error(`recommendation model: ${name} has ${actual} values, expected ${wanted}`)
    }
    const f = this.encoder.features,
      h = model.hidden,
      d = model.dimensions,
      c = model.vocabulary.cardIds.length,
      t = model.vocabulary.themes.length
    expect("w1", weights.w1.length, f * h)
    expect("b1", weights.b1.length, h)
    expect("w2", weights.w2.length, h * d)
    expect("b2", weights.b2.length, d)
    expect("cardEmbeddings", weights.cardEmbeddings.length, c * d)
    expect("themeEmbeddings", weights.themeEmbeddings.length, t * d)
    expect("cardBias", weights.cardBias.length, c)
    expect("themeMatch", weights.themeMatch.length, t)
    expect("phaseThemes", weights.phaseThemes.length, PHASES.length * t)
    expect("repeat", weights.repeat.length, 2)
    expect("groupMatch", weights.groupMatch.length, t)
    this.w = Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, Float32Array.from(v)])) as never
  }

  /** The context tower: a moment as a point in the shared space. */
  contextVector(context: MomentContext, x: Float32Array = this.encoder.encode(context)): Float32Array {
    const { hidden: h, dimensions: d } = this.model
    const hiddenOut = Float32Array.from(this.w.b1)
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!
      if (xi === 0) continue
      const row = i * h
      for (let j = 0; j < h; j++) hiddenOut[j]! += xi * this.w.w1[row + j]!
    }
    const out = Float32Array.from(this.w.b2)
    for (let j = 0; j < h; j++) {
      const a = Math.max(0, hiddenOut[j]!)
      if (a === 0) continue
      for (let k = 0; k < d; k++) out[k]! += a * this.w.w2[j * d + k]!
    }
    return out
  }

  /** Scores for the given cards (any order), higher is better. */
  score(context: MomentContext, cards: readonly CardInfo[]): Float64Array {
    const x = this.encoder.encode(context)
    const u = this.contextVector(context, x)
    const d = this.model.dimensions
    const p = PHASES.length,
      t = this.model.vocabulary.themes.length,
      c = this.model.vocabulary.cardIds.length
    // Per theme: how much a card carrying it gains here (session themes, weighted, plus the phase's lean).
    const themeGain = new Float32Array(t)
    for (let i = 0; i < t; i++) {
      let g = x[p + i]! * this.w.themeMatch[i]! + x[p + t + 2 * c + i]! * this.w.groupMatch[i]!
      for (let q = 0; q < p; q++) g += x[q]! * this.w.phaseThemes[q * t + i]!
      themeGain[i] = g
    }
    const scores = new Float64Array(cards.length)
    cards.forEach((card, n) => {
      const position = this.encoder.cardPosition(card.cardId)
      let s = position === undefined ? 0 : this.w.cardBias[position]!
      const themes = this.encoder.cardThemes(card.themes)
      for (const { index, weight } of themes) s += weight * themeGain[index]!
      if (position !== undefined) s += x[p + t + position]! * this.w.repeat[0]! + x[p + t + c + position]! * this.w.repeat[1]!
      for (let k = 0; k < d; k++) {
        let item = position === undefined ? 0 : this.w.cardEmbeddings[position * d + k]!
        for (const { index, weight } of themes) item += weight * this.w.themeEmbeddings[index * d + k]!
        s += u[k]! * item
      }
      scores[n] = s
    })
    return scores
  }
}
