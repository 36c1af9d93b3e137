/**
 * Turns a moment into the context tower's input, and a card into the item
 * tower's theme input. One encoding for training (tfjs) and serving (plain
 * arithmetic in scorer.ts).
 */
import type { CardInfo, MomentContext } from "./context.ts"
import { PHASES } from "./interactions.ts"

export interface Vocabulary {
  readonly cardIds: readonly string[]
  readonly themes: readonly string[]
}

export const vocabularyOf = (cards: readonly CardInfo[]): Vocabulary => ({
  cardIds: [...new Set(cards.map((card) => card.cardId))].sort(),
  themes: [...new Set(cards.flatMap((card) => card.themes.map((theme) => theme.toLowerCase())))].sort(),
})

export const featureCount = (vocabulary: Vocabulary): number => PHASES.length + 2 * vocabulary.themes.length + 2 * vocabulary.cardIds.length

const normalize = (values: Float32Array, from: number, to: number) => {
  let sum = 0
  for (let i = from; i < to; i++) sum += values[i]! * values[i]!
  if (sum === 0) return
  const scale = 1 / Math.sqrt(sum)
  for (let i = from; i < to; i++) values[i]! *= scale
}

export class Encoder {
  private readonly cardIndex: Map<string, number>
  private readonly themeIndex: Map<string, number>
  readonly features: number

  constructor(readonly vocabulary: Vocabulary) {
    this.cardIndex = new Map(vocabulary.cardIds.map((id, i) => [id, i]))
    this.themeIndex = new Map(vocabulary.themes.map((theme, i) => [theme, i]))
    this.features = featureCount(vocabulary)
  }

  cardPosition(cardId: string): number | undefined {
    return this.cardIndex.get(cardId)
  }

  /** Phase one-hot, then session themes, cards chosen, cards dealt, the group's themes in this phase before; each block scaled to length 1. */
  encode(context: MomentContext, into: Float32Array = new Float32Array(this.features), offset = 0): Float32Array {
    const themesAt = offset + PHASES.length
    const chosenAt = themesAt + this.vocabulary.themes.length
    const dealtAt = chosenAt + this.vocabulary.cardIds.length
    const groupAt = dealtAt + this.vocabulary.cardIds.length
    if (context.phase) into[offset + PHASES.indexOf(context.phase)] = 1
    for (const [theme, weight] of context.themes) {
      const i = this.themeIndex.get(theme.toLowerCase())
      if (i !== undefined) into[themesAt + i] = into[themesAt + i]! + weight
    }
    for (const cardId of context.chosen) {
      const i = this.cardIndex.get(cardId)
      if (i !== undefined) into[chosenAt + i] = into[chosenAt + i]! + 1
    }
    for (const cardId of context.dealt) {
      const i = this.cardIndex.get(cardId)
      if (i !== undefined) into[dealtAt + i] = into[dealtAt + i]! + 1
    }
    for (const [theme, weight] of context.groupThemes) {
      const i = this.themeIndex.get(theme.toLowerCase())
      if (i !== undefined) into[groupAt + i] = into[groupAt + i]! + weight
    }
    normalize(into, themesAt, chosenAt)
    normalize(into, chosenAt, dealtAt)
    normalize(into, dealtAt, groupAt)
    normalize(into, groupAt, groupAt + this.vocabulary.themes.length)
    return into
  }

  /** A card's themes as the item tower reads them (known themes only, scaled to length 1). */
  cardThemes(themes: readonly string[]): Array<{ index: number; weight: number }> {
    const known = [...new Set(themes.map((t) => t.toLowerCase()))].map((t) => this.themeIndex.get(t)).filter((i): i is number => i !== undefined)
    return known.map((index) => ({ index, weight: 1 / Math.sqrt(known.length) }))
  }
}
