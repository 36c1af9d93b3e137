/**
 * Hybrid retrieval over the embedded read store, as the asker: cards the
 * organization's tier allows, and only the asker's own journal entries that
 * carry consent for the AI coach. Ends with a seeded property over random
 * tiers, roles and consents (STUDIO_TEST_SEED replays it).
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { BUILT_IN_DECKS } from "../../actors/cards/sample-deck/index.ts"
import { tierAllows } from "../../actors/cards/tiers.ts"
import type { OrgTier } from "../../actors/cards/tiers.ts"
import type { ReadStore } from "../../projections/store/port.ts"
import { makeRandom, testSeed } from "../../engine/testing/random.ts"
import { lexicalHashEmbeddings } from "../embeddings/lexical-hash.ts"
import { EmbeddingsUnavailable, type Embeddings } from "../embeddings/port.ts"
import { AI_COACH_ID } from "../../actors/journal/ai-coach.ts"
import { passageRef, RetrievalRefused, RetrievalUnavailable, type Asker, type Passage } from "./port.ts"
import { makeRetriever } from "./retriever.ts"
import { closeStore, makeWorldScript, person, projectWorld, type Role } from "./testing/world.ts"

const embeddings = lexicalHashEmbeddings()
const askerOf = (user: { id: string; tenant: string; roles: readonly string[] }): Asker => ({
  tenant: user.tenant,
  userId: user.id,
  roles: user.roles,
})
const asker = (tenant: string, role: Role, n = 1): Asker => askerOf(person(tenant, role, n))
const refs = (passages: readonly Passage[]) => passages.map(passageRef)
const retrieve = (
  store: ReadStore,
  who: Asker,
  query: string,
  options: { limit?: number; embeddings?: Embeddings; mode?: "hybrid" | "vector" | "fulltext" } = {},
) =>
  Effect.runPromise(
    makeRetriever({
      store,
      embeddings: options.embeddings ?? embeddings,
      ...(options.mode ? { mode: options.mode } : {}),
      onDegraded: () => undefined,
    }).retrieve({ asker: who, query, limit: options.limit ?? 5 }),
  )

// One store for both parts (opening one takes seconds): tenant A for the scenarios, P, Q and R for the property.
const script = makeWorldScript()
let store: ReadStore
const worlds: Array<() => void> = []
beforeAll(async () => {
  for (const build of worlds) build()
  store = await projectWorld(script, embeddings)
})
afterAll(() => closeStore(store))

describe("hybrid retrieval (embedded store, lexical hash)", () => {
  const noa = person("A", "participant", 1)
  const dana = person("A", "participant", 2)
  worlds.push(() => {
    script.tenant("A", "pro")
    script.write(noa, "rush", "Rushing again", "I rush from one meeting to the next and never pause to breathe.")
    script.consent(noa, "rush", AI_COACH_ID)
    script.write(noa, "private", "Rushing, private", "Rushing is all I do; this one stays mine.")
    script.write(noa, "human", "Rushing, for my coach", "Rushing and meetings, for my human coach only.")
    script.consent(noa, "human", person("A", "facilitator").id)
    script.write(dana, "dana", "Dana rushes too", "Meetings, rushing, no pause at all.")
    script.consent(dana, "dana", AI_COACH_ID)
    script.consent(dana, "dana", noa.id)
  })

  it("retrieves the asker's own entries with AI-coach consent, and no other entry", async () => {
    const passages = await retrieve(store, askerOf(noa), "rushing between meetings without a pause")
    expect(refs(passages.filter((p) => p.kind === "entry"))).toEqual(["entry:rush"])
    for (const mode of ["vector", "fulltext"] as const) {
      const alone = await retrieve(store, askerOf(noa), "rushing between meetings without a pause", { mode })
      expect(refs(alone.filter((p) => p.kind === "entry")), mode).toEqual(["entry:rush"])
    }
    const forDana = await retrieve(store, askerOf(dana), "rushing between meetings without a pause")
    expect(refs(forDana.filter((p) => p.kind === "entry"))).toEqual(["entry:dana"])
  })

  it("gives a facilitator usable cards the tier allows, best first, and a participant none (the library is not theirs)", async () => {
    const passages = await retrieve(store, asker("A", "facilitator"), "I need to stop and pause for a minute", { limit: 10 })
    const cards = passages.filter((p) => p.kind === "card")
    expect(cards.length).toBeGreaterThan(0)
    expect(cards[0]).toMatchObject({ word: "Pause" })
    expect(cards.map((c) => c.score)).toEqual([...cards.map((c) => c.score)].sort((a, b) => b - a))
    const pro = BUILT_IN_DECKS.flatMap((deck) => deck.cards.map((card) => ({ ref: `card:${deck.deckId}/${card.cardId}`, card, deck })))
    for (const card of cards) {
      const found = pro.find((c) => c.ref === passageRef(card))!
      expect(tierAllows({ tier: "pro", packs: [] }, { tier: found.card.tier, packId: found.deck.packId })).toBe(true)
    }
    expect((await retrieve(store, askerOf(noa), "pause")).filter((p) => p.kind === "card")).toEqual([])
  })

  it("gives a built-in card's texts in the asker's language, ranked on its English text", async () => {
    const retriever = makeRetriever({ store, embeddings })
    const passages = await Effect.runPromise(
      retriever.retrieve({
        asker: asker("A", "facilitator"),
        query: "stop and pause for one minute",
        limit: 1,
        language: "he-IL",
        include: { entries: false },
      }),
    )
    expect(passages[0]).toMatchObject({ kind: "card", word: "עצירה", question: "מה היה משתנה אילו עצרת לדקה שלמה?" })
  })

  it("takes a withdrawn consent out of the next answer", async () => {
    script.withdraw(noa, "rush", AI_COACH_ID)
    await projectWorld(script, embeddings, store)
    expect((await retrieve(store, askerOf(noa), "rushing meetings pause")).filter((p) => p.kind === "entry")).toEqual([])
    script.consent(noa, "rush", AI_COACH_ID)
    await projectWorld(script, embeddings, store)
    expect(refs((await retrieve(store, askerOf(noa), "rushing meetings pause")).filter((p) => p.kind === "entry"))).toEqual(["entry:rush"])
  })

  it("refuses a limit out of range with a typed error, and answers a question without words with nothing", async () => {
    const retriever = makeRetriever({ store, embeddings })
    for (const limit of [0, 21, 1.5]) {
      const error = await Effect.runPromise(Effect.flip(retriever.retrieve({ asker: askerOf(noa), query: "pause", limit })))
      expect(error).toBeInstanceOf(RetrievalRefused)
    }
    expect(await retrieve(store, askerOf(noa), " ?! ")).toEqual([])
  })

  it("answers from full text alone when the embeddings fail, and vector-only retrieval fails typed", async () => {
    const broken: Embeddings = { ...embeddings, embed: () => Effect.fail(new EmbeddingsUnavailable({ message: "stand-in outage" })) }
    const lines: string[] = []
    const retriever = makeRetriever({ store, embeddings: broken, onDegraded: (line) => lines.push(line) })
    const passages = await Effect.runPromise(retriever.retrieve({ asker: asker("A", "facilitator"), query: "pause", limit: 3 }))
    expect(passages.some((p) => p.kind === "card" && p.word === "Pause")).toBe(true)
    expect(lines).toEqual(["answering from full text only: stand-in outage"])
    const error = await Effect.runPromise(
      Effect.flip(makeRetriever({ store, embeddings: broken, mode: "vector" }).retrieve({ asker: askerOf(noa), query: "pause", limit: 3 })),
    )
    expect(error).toBeInstanceOf(RetrievalUnavailable)
  })
})

describe("retrieval property: random tiers, roles and consents (seeded)", () => {
  const seed = testSeed("retrieval property")
  const r = makeRandom(seed)
  const TIERS: readonly OrgTier[] = ["free", "pro", "enterprise"]
  const ROLES: readonly Role[] = ["admin", "facilitator", "participant"]
  const WORDS = ["rest", "change", "team", "courage", "pause", "rushing", "harbour", "growth", "fear", "light", "meeting", "step"]
  const tenants = ["P", "Q", "R"].map((tenant) => ({ tenant, tier: r.pick(TIERS), tides: r.chance(0.5) }))
  const people = tenants.flatMap(({ tenant }) => ROLES.flatMap((role) => [person(tenant, role, 1), person(tenant, role, 2)]))
  /** entry id -> owner and who it is consented to, as the script leaves it. */
  const entries = new Map<string, { owner: string; coaches: Set<string> }>()

  worlds.push(() => {
    for (const t of tenants) script.tenant(t.tenant, t.tier, t.tides)
    for (let i = 0; i < 60; i++) {
      const owner = r.pick(people)
      const id = `e${i}`
      const text = () => Array.from({ length: 3 + r.int(8) }, () => r.pick(WORDS)).join(" ")
      script.write(owner, id, text(), text())
      const coaches = new Set<string>()
      for (const coach of [AI_COACH_ID, ...people.filter((p) => p.tenant === owner.tenant && p.id !== owner.id).map((p) => p.id)]) {
        if (r.chance(coach === AI_COACH_ID ? 0.5 : 0.15)) {
          script.consent(owner, id, coach)
          coaches.add(coach)
        }
      }
      if (coaches.has(AI_COACH_ID) && r.chance(0.2)) {
        script.withdraw(owner, id, AI_COACH_ID)
        coaches.delete(AI_COACH_ID)
      }
      entries.set(id, { owner: owner.id, coaches })
    }
  })

  it("never returns a card the tier or role forbids, an entry without AI-coach consent, or another person's entry", async () => {
    const cardsById = new Map(
      BUILT_IN_DECKS.flatMap((deck) =>
        deck.cards.map((card): [string, { card: typeof card; deck: typeof deck }] => [`card:${deck.deckId}/${card.cardId}`, { card, deck }]),
      ),
    )
    for (let round = 0; round < 40; round++) {
      const who = r.pick(people)
      const { tier, tides } = tenants.find((t) => t.tenant === who.tenant)!
      const query = Array.from({ length: 1 + r.int(4) }, () => r.pick(WORDS)).join(" ")
      const passages = await retrieve(store, askerOf(who), query, { limit: 1 + r.int(10), mode: r.pick(["hybrid", "vector", "fulltext"] as const) })
      for (const passage of passages) {
        const context = `seed ${seed}, round ${round}, ${who.id} (${tier}${tides ? "+tides" : ""}) asked ${JSON.stringify(query)} and got ${passageRef(passage)}`
        if (passage.kind === "card") {
          const found = cardsById.get(passageRef(passage))
          expect(found, context).toBeDefined()
          expect(who.roles.includes("participant"), context).toBe(false)
          expect(tierAllows({ tier, packs: tides ? ["tides"] : [] }, { tier: found!.card.tier, packId: found!.deck.packId }), context).toBe(true)
        } else {
          const entry = entries.get(passage.entryId)
          expect(entry?.owner, context).toBe(who.id)
          expect(entry?.coaches.has(AI_COACH_ID), context).toBe(true)
        }
      }
    }
  })
})
