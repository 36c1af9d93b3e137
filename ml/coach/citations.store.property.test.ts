/**
 * The coach's citations over the real retriever and a real read store
 * (embedded PGlite, projected by the real cards and journal projections
 * from the real deciders): random tiers and packs, roles, and consents
 * given and withdrawn; the model cites numbers at random (in range and
 * not). Every citation the coach keeps resolves to a card the asker's tier
 * and role allow, or to the asker's own entry shared with the AI coach.
 * STUDIO_TEST_SEED replays a run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { BUILT_IN_DECKS } from "../../actors/cards/sample-deck/index.ts"
import { tierAllows, type OrgTier } from "../../actors/cards/tiers.ts"
import type { ReadStore } from "../../projections/store/port.ts"
import { lexicalHashEmbeddings } from "../embeddings/lexical-hash.ts"
import { extractiveLanguageModel } from "../llm/extractive.ts"
import type { ChatChunk, ChatRequest, LanguageModel } from "../llm/port.ts"
import { AI_COACH_ID } from "../../actors/journal/ai-coach.ts"
import { makeRetriever } from "../retrieval/retriever.ts"
import { closeStore, makeWorldScript, person, projectWorld, type Role } from "../retrieval/testing/world.ts"
import { makeCoach, type CoachStreamEvent } from "./coach.ts"
import { memoryRecorder } from "./testing/memory-recorder.ts"
import { makeRandom, type Random, testSeed } from "../../engine/testing/random.ts"

const randomCiter = (random: Random): LanguageModel => ({
  model: "random-citer",
  outside: false,
  chat: async function* (request: ChatRequest): AsyncIterable<ChatChunk> {
    for (let i = 0; i < 1 + random.int(5); i++) yield { type: "delta", text: `Sentence ${i} [${random.int(request.sources.length + 4)}]. ` }
    yield { type: "usage", promptTokens: 10, completionTokens: 10 }
  },
})

describe("coach citations over the real retriever and read store (seeded)", () => {
  const seed = testSeed("coach citations, real store")
  const random = makeRandom(seed)
  const TIERS: readonly OrgTier[] = ["free", "pro", "enterprise"]
  const ROLES: readonly Role[] = ["admin", "facilitator", "participant"]
  const WORDS = ["rest", "change", "team", "courage", "pause", "safe", "harbour", "growth", "fear", "light", "step", "roots"]
  const tenants = ["P", "Q"].map((tenant) => ({ tenant, tier: random.pick(TIERS), tides: random.chance(0.5) }))
  const people = tenants.flatMap(({ tenant }) => ROLES.flatMap((role) => [person(tenant, role, 1), person(tenant, role, 2)]))
  const entries = new Map<string, { owner: string; tenant: string; aiCoach: boolean }>()
  let store: ReadStore

  beforeAll(async () => {
    const script = makeWorldScript()
    for (const t of tenants) script.tenant(t.tenant, t.tier, t.tides)
    const text = () => Array.from({ length: 3 + random.int(6) }, () => random.pick(WORDS)).join(" ")
    for (let i = 0; i < 40; i++) {
      const owner = random.pick(people)
      script.write(owner, `e${i}`, text(), `${text()}.`)
      let aiCoach = random.chance(0.5)
      if (aiCoach) script.consent(owner, `e${i}`, AI_COACH_ID)
      if (random.chance(0.2)) script.consent(owner, `e${i}`, random.pick(people.filter((p) => p.tenant === owner.tenant && p.id !== owner.id)).id)
      if (aiCoach && random.chance(0.2)) {
        script.withdraw(owner, `e${i}`, AI_COACH_ID)
        aiCoach = false
      }
      entries.set(`e${i}`, { owner: owner.id, tenant: owner.tenant, aiCoach })
    }
    store = await projectWorld(script, lexicalHashEmbeddings())
  }, 60_000)
  afterAll(() => closeStore(store))

  it("keeps only citations of cards the tier and role allow and of the asker's own entries shared with the AI coach", async () => {
    const cards = new Map(
      BUILT_IN_DECKS.flatMap((deck) =>
        deck.cards.map((card): [string, { tier: typeof card.tier; packId: string | null }] => [
          `card:${deck.deckId}/${card.cardId}`,
          { tier: card.tier, packId: deck.packId },
        ]),
      ),
    )
    const retriever = makeRetriever({ store, embeddings: lexicalHashEmbeddings(), onDegraded: () => undefined })
    let checked = 0
    for (let round = 0; round < 30; round++) {
      const who = random.pick(people)
      const { tier, tides } = tenants.find((t) => t.tenant === who.tenant)!
      const model = random.chance(0.5) ? randomCiter(random) : extractiveLanguageModel()
      const coach = makeCoach({ retriever, model, recorder: memoryRecorder(), people: () => [] })
      const question = Array.from({ length: 1 + random.int(4) }, () => random.pick(WORDS)).join(" ")
      const events: CoachStreamEvent[] = []
      for await (const event of await coach.ask({
        asker: { tenant: who.tenant, userId: who.id, roles: who.roles },
        questionId: `q${round}`,
        question,
        language: "en",
      }))
        events.push(event)
      for (const citation of events.flatMap((event) => (event.type === "citations" ? event.citations : []))) {
        checked++
        const context = `seed ${seed}, round ${round}: ${who.id} (${tier}${tides ? "+tides" : ""}) asked ${JSON.stringify(question)} and the coach cited ${citation.ref}`
        if (citation.ref.startsWith("card:")) {
          const card = cards.get(citation.ref)
          expect(card, context).toBeDefined()
          expect(who.roles.includes("participant"), context).toBe(false)
          expect(tierAllows({ tier, packs: tides ? ["tides"] : [] }, card!), context).toBe(true)
        } else {
          const entry = entries.get(citation.ref.slice("entry:".length))
          expect({ owner: entry?.owner, tenant: entry?.tenant, aiCoach: entry?.aiCoach }, context).toEqual({
            owner: who.id,
            tenant: who.tenant,
            aiCoach: true,
          })
        }
      }
    }
    expect(checked).toBeGreaterThan(10)
  })
})
