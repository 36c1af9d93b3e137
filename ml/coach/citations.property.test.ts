/**
 * Over random organizations (tiers), cards, entries and consents, and a
 * model that cites at random: every citation the coach keeps resolves to a
 * card of a tier the asker's organization has, or to the asker's own entry
 * shared with the AI coach; never another tier's card, never an entry
 * without consent, never another person's entry.
 *
 * The retriever here is the fixture shaped like ml/retrieval's (its rules,
 * fixed passages): the coach's own check is what is under test. STUDIO_TEST_SEED
 * replays a run.
 */
import { describe, expect, it } from "vitest"
import { extractiveLanguageModel } from "../llm/extractive.ts"
import type { ChatChunk, ChatRequest, LanguageModel } from "../llm/port.ts"
import { makeCoach, type CoachStreamEvent } from "./coach.ts"
import { AI_COACH_FIXTURE_ID, fixtureRetriever, type FixtureCard, type FixtureEntry } from "./testing/fixture-retriever.ts"
import { memoryRecorder } from "./testing/memory-recorder.ts"
import { makeRandom, type Random, testSeed } from "../../engine/testing/random.ts"

const TIERS = ["free", "pro", "enterprise"]
const WORDS = ["calm", "bridge", "courage", "rest", "change", "family", "work", "morning", "trust", "fear", "joy", "path"]

/** A model that cites numbers at random, in and out of range. */
const randomCiter = (random: Random): LanguageModel => ({
  model: "random-citer",
  outside: false,
  chat: async function* (request: ChatRequest): AsyncIterable<ChatChunk> {
    const count = 1 + random.int(5)
    for (let i = 0; i < count; i++) yield { type: "delta", text: `Sentence ${i} [${random.int(request.sources.length + 4)}]. ` }
    yield { type: "usage", promptTokens: 10, completionTokens: 10 }
  },
})

const worldOf = (random: Random) => {
  const tenants = ["org-a", "org-b"]
  const tiers = new Map(tenants.map((tenant) => [tenant, TIERS.filter(() => random.chance(0.6))]))
  const users = ["u1", "u2", "u3"]
  const phrase = () => `${random.pick(WORDS)} ${random.pick(WORDS)} ${random.pick(WORDS)}`
  const cards: FixtureCard[] = Array.from({ length: 12 }, (_, i) => ({
    deckId: `deck-${i % 3}`,
    cardId: `c${i}`,
    word: random.pick(WORDS),
    question: `${phrase()}?`,
    themes: [random.pick(WORDS)],
    tier: random.pick(TIERS),
  }))
  const entries: FixtureEntry[] = Array.from({ length: 14 }, (_, i) => ({
    entryId: `e${i}`,
    title: phrase(),
    text: `${phrase()}. ${phrase()}.`,
    writtenAt: "2026-01-01T00:00:00Z",
    ownerId: random.pick(users),
    tenant: random.pick(tenants),
    coachIds: [...(random.chance(0.5) ? [AI_COACH_FIXTURE_ID] : []), ...(random.chance(0.3) ? ["human-coach"] : [])],
  }))
  return { tenants, users, tiers, cards, entries, phrase }
}

describe("coach citations, over random tiers and consents", () => {
  it("resolve only to cards the tier allows and the asker's own entries shared with the AI coach", async () => {
    const random = makeRandom(testSeed("coach citations"))
    let checked = 0
    for (let round = 0; round < 25; round++) {
      const world = worldOf(random)
      const retriever = fixtureRetriever({ tiersOf: (tenant) => world.tiers.get(tenant) ?? [], cards: world.cards, entries: world.entries })
      const model = random.chance(0.5) ? randomCiter(random) : extractiveLanguageModel()
      const coach = makeCoach({ retriever, model, recorder: memoryRecorder(), people: () => [] })
      for (let ask = 0; ask < 4; ask++) {
        const asker = { tenant: random.pick(world.tenants), userId: random.pick(world.users), roles: ["participant"] }
        const events: CoachStreamEvent[] = []
        for await (const event of await coach.ask({ asker, questionId: `q${ask}`, question: world.phrase(), language: "en" })) events.push(event)
        for (const citation of events.flatMap((event) => (event.type === "citations" ? event.citations : []))) {
          checked++
          const [kind, id] = [citation.ref.slice(0, citation.ref.indexOf(":")), citation.ref.slice(citation.ref.indexOf(":") + 1)]
          if (kind === "card") {
            const card = world.cards.find((c) => `${c.deckId}/${c.cardId}` === id)
            expect(card, citation.ref).toBeDefined()
            expect(world.tiers.get(asker.tenant), `tier of ${citation.ref}`).toContain(card!.tier)
          } else {
            const entry = world.entries.find((e) => e.entryId === id)
            expect(entry, citation.ref).toBeDefined()
            expect({ tenant: entry!.tenant, owner: entry!.ownerId }).toEqual({ tenant: asker.tenant, owner: asker.userId })
            expect(entry!.coachIds).toContain(AI_COACH_FIXTURE_ID)
          }
        }
      }
    }
    // Not vacuous: many citations were kept and checked.
    expect(checked).toBeGreaterThan(20)
  })
})
