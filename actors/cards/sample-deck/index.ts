/**
 * Studio's built-in decks: the sample deck (64 cards: 40 free, 16 pro, 8
 * enterprise) and a small marketplace pack, "Tides" (8 cards, unlocked by
 * the pack `tides`). Written and drawn for Studio; every organization sees
 * the part of them its licence covers.
 */
import type { CardRecord, DeckRecord } from "../card.ts"
import type { ContentTier } from "../tiers.ts"
import { drawCard } from "./art.ts"
import { ENTERPRISE_CARDS, FREE_CARDS, PRO_CARDS, TIDES_PACK_CARDS, type CardText } from "./words.ts"

export const SAMPLE_DECK_ID = "studio-sample"
export const TIDES_DECK_ID = "studio-tides"
export const TIDES_PACK_ID = "tides"

const tagsFor = (text: CardText): string[] => ["sample", text.motif]

const cardsOf = (prefix: string, groups: ReadonlyArray<readonly [ContentTier, readonly CardText[]]>): CardRecord[] => {
  let number = 0
  return groups.flatMap(([tier, texts]) =>
    texts.map((text): CardRecord => {
      const cardId = `${prefix}-${String(++number).padStart(2, "0")}`
      return {
        cardId,
        word: text.word,
        question: text.question,
        image: { kind: "svg", svg: drawCard(text.motif, cardId) },
        themes: [...text.themes],
        tags: tagsFor(text),
        language: "en",
        tier,
        status: "active",
      }
    }),
  )
}

export const SAMPLE_DECK: DeckRecord = {
  deckId: SAMPLE_DECK_ID,
  title: "Studio sample deck",
  description: "Sixty-four photo-style cards for reflection: one word, one question and a picture each. Written and drawn for Studio.",
  language: "en",
  tier: "free",
  packId: null,
  status: "active",
  cards: cardsOf("sample", [
    ["free", FREE_CARDS],
    ["pro", PRO_CARDS],
    ["enterprise", ENTERPRISE_CARDS],
  ]),
}

export const TIDES_DECK: DeckRecord = {
  deckId: TIDES_DECK_ID,
  title: "Tides",
  description: "A marketplace pack of eight cards about what comes and goes.",
  language: "en",
  tier: "marketplace",
  packId: TIDES_PACK_ID,
  status: "active",
  cards: cardsOf("tides", [["marketplace", TIDES_PACK_CARDS]]),
}

export const BUILT_IN_DECKS: readonly DeckRecord[] = [SAMPLE_DECK, TIDES_DECK]

/** A deck as an import file (the format `POST /api/decks/import` takes), e.g. to start a deck of one's own from the sample. */
export const asDeckFile = (deck: DeckRecord, deckId: string) => ({
  deckId,
  title: deck.title,
  description: deck.description,
  language: deck.language,
  tier: deck.tier,
  ...(deck.packId === null ? {} : { packId: deck.packId }),
  cards: deck.cards.map(({ status: _status, ...card }) => card),
})
