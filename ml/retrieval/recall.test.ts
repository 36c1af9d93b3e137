/**
 * Retrieval quality on the labelled set (testing/labelled-questions.ts):
 * Recall@5 over the built-in decks for full text alone, lexical-hash
 * vectors, sentence-encoder vectors, and the fusion of full text with each.
 * The configured default (embeddings and mode) must be the best of them.
 * Also shows that changing the model rebuilds the card vectors at the new
 * model's dimension.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { BUILT_IN_DECKS } from "../../actors/cards/sample-deck/index.ts"
import type { ReadStore } from "../../projections/store/port.ts"
import { owner } from "../../projections/testing/fixtures.ts"
import { DEFAULT_EMBEDDINGS } from "../embeddings/config.ts"
import { lexicalHashEmbeddings } from "../embeddings/lexical-hash.ts"
import type { Embeddings } from "../embeddings/port.ts"
import { universalSentenceEncoderEmbeddings, USE_LITE_MODEL } from "../embeddings/universal-sentence-encoder.ts"
import { passageRef, type Asker } from "./port.ts"
import { DEFAULT_RETRIEVAL_MODE, makeRetriever, type RetrievalMode } from "./retriever.ts"
import { LABELLED_QUESTIONS } from "./testing/labelled-questions.ts"
import { closeStore, makeWorldScript, person, projectWorld, switchCardsModel } from "./testing/world.ts"

const K = 5
const facilitator = person("E", "facilitator")
const asker: Asker = { tenant: facilitator.tenant, userId: facilitator.id, roles: facilitator.roles }
const refOfWord = new Map(BUILT_IN_DECKS.flatMap((deck) => deck.cards.map((card) => [card.word, `card:${deck.deckId}/${card.cardId}`] as const)))

/** The same questions are embedded for two modes: once is enough. */
const memoized = (embeddings: Embeddings): Embeddings => {
  const seen = new Map<string, Float32Array>()
  return {
    ...embeddings,
    embed: (texts) =>
      texts.every((text) => seen.has(text))
        ? Effect.succeed(texts.map((text) => seen.get(text)!))
        : Effect.tap(embeddings.embed(texts), (vectors) => Effect.sync(() => texts.forEach((text, i) => seen.set(text, vectors[i]!)))),
  }
}

const recallAt = async (store: ReadStore, embeddings: Embeddings, mode: RetrievalMode) => {
  const retriever = makeRetriever({ store, embeddings, mode, onDegraded: () => undefined })
  let recall = 0
  let hits = 0
  for (const { question, relevant } of LABELLED_QUESTIONS) {
    const passages = await Effect.runPromise(retriever.retrieve({ asker, query: question, limit: K, include: { cards: true, entries: false } }))
    const top = new Set(passages.map(passageRef))
    const found = relevant.filter((word) => top.has(refOfWord.get(word)!)).length
    recall += found / relevant.length
    if (found > 0) hits += 1
  }
  return { recall: recall / LABELLED_QUESTIONS.length, hit: hits / LABELLED_QUESTIONS.length }
}

describe(`retrieval quality on ${LABELLED_QUESTIONS.length} labelled questions (Recall@${K})`, () => {
  let store: ReadStore
  const script = makeWorldScript()
  const rows: Array<{ name: string; embeddings: string; mode: RetrievalMode; recall: number; hit: number }> = []

  beforeAll(async () => {
    // Enterprise with the Tides pack: every built-in card is usable.
    script.tenant("E", "enterprise", true)
  })
  afterAll(() => closeStore(store))

  it("labels only cards that exist, and at least 100 questions", () => {
    expect(LABELLED_QUESTIONS.length).toBeGreaterThanOrEqual(100)
    for (const { relevant } of LABELLED_QUESTIONS) for (const word of relevant) expect(refOfWord.has(word), word).toBe(true)
  })

  it("measures full text and lexical-hash vectors", { timeout: 300_000 }, async () => {
    const lexical = lexicalHashEmbeddings()
    store = await projectWorld(script, lexical)
    rows.push({ name: "full text", embeddings: "-", mode: "fulltext", ...(await recallAt(store, lexical, "fulltext")) })
    rows.push({ name: "lexical", embeddings: "lexical", mode: "vector", ...(await recallAt(store, lexical, "vector")) })
    rows.push({ name: "hybrid (full text + lexical)", embeddings: "lexical", mode: "hybrid", ...(await recallAt(store, lexical, "hybrid")) })
  })

  it("rebuilds the card vectors at 512 dimensions when the model changes, and measures the sentence encoder", { timeout: 300_000 }, async () => {
    const semantic = memoized(universalSentenceEncoderEmbeddings())
    await switchCardsModel(script, semantic, store)
    const [stored] = await owner(store, (sql) =>
      sql.query<{ models: string[]; dims: number[] }>(
        "select array_agg(distinct model) as models, array_agg(distinct vector_dims(embedding)) as dims from card_vectors where tenant_id = 'E'",
      ),
    )
    expect(stored).toEqual({ models: [USE_LITE_MODEL], dims: [512] })
    rows.push({ name: "semantic (USE lite)", embeddings: "local", mode: "vector", ...(await recallAt(store, semantic, "vector")) })
    rows.push({ name: "hybrid (full text + USE lite)", embeddings: "local", mode: "hybrid", ...(await recallAt(store, semantic, "hybrid")) })
  })

  it("has the configured default as the best of them", () => {
    const table = [
      `| retrieval | embeddings | mode | Recall@${K} | any relevant in top ${K} |`,
      "|---|---|---|---|---|",
      ...rows.map((row) => `| ${row.name} | ${row.embeddings} | ${row.mode} | ${row.recall.toFixed(3)} | ${row.hit.toFixed(3)} |`),
    ].join("\n")
    console.log(`Recall@${K} on ${LABELLED_QUESTIONS.length} labelled questions over the built-in decks:\n${table}`)
    expect(rows).toHaveLength(5)
    const best = Math.max(...rows.map((row) => row.recall))
    const configured = rows.find((row) => row.embeddings === DEFAULT_EMBEDDINGS && row.mode === DEFAULT_RETRIEVAL_MODE)!
    expect(configured.recall).toBe(best)
  })
})
