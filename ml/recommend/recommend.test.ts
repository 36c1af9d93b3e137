/**
 * The recommender against its baselines on the simulator's held-out
 * interactions, in one run: the two-tower model's NDCG@10 must reach 1.3x
 * the time-aware popularity baseline's. Seeded (STUDIO_TEST_SEED replays a run).
 */
import { describe, expect, it } from "vitest"
import { makeRandom, testSeed } from "../../engine/testing/random.ts"
import { formatReport, rankOf } from "./evaluate.ts"
import { interactionsFrom } from "./interactions.ts"
import { runPipeline } from "./pipeline.ts"
import { TwoTowerScorer } from "./scorer.ts"
import { simulate } from "./testing/simulator.ts"

describe("recommender on the simulator", () => {
  it("beats the time-aware popularity baseline by 1.3x NDCG@10 on held-out choices", async () => {
    const seed = testSeed("recommend simulator")
    const { rows, cards } = simulate(makeRandom(seed), { groups: 30, sessionsPerGroup: 6 })
    const result = await runPipeline(rows, cards, { seed, epochs: 5, resamples: 200, final: false })
    if (!("methods" in result.evaluation)) throw new Error(result.evaluation.skipped)
    console.log(formatReport(`simulator (STUDIO_TEST_SEED=${seed})`, result.evaluation))
    const ndcg = Object.fromEntries(result.evaluation.methods.map((m) => [m.method, m.ndcg.mean]))
    expect(ndcg["model"]!).toBeGreaterThanOrEqual(1.3 * ndcg["popularity"]!)
  }, 60_000)

  it("trains the same model from the same seed and facts, and serves it from a JSON round trip", async () => {
    const seed = 7
    const { rows, cards } = simulate(makeRandom(seed), { groups: 6, sessionsPerGroup: 6 })
    const a = (await runPipeline(rows, cards, { seed, epochs: 2 })).model!
    const b = (await runPipeline(rows, cards, { seed, epochs: 2 })).model!
    expect(b.weights).toEqual(a.weights)
    const scorer = new TwoTowerScorer(JSON.parse(JSON.stringify(a)))
    const context = {
      phase: "Focus" as const,
      themes: new Map([["courage", 1]]),
      chosen: [cards[0]!.cardId],
      dealt: [],
      groupThemes: new Map([["rest", 2]]),
    }
    expect([...scorer.score(context, cards)]).toEqual([...new TwoTowerScorer(a).score(context, cards)])
  }, 60_000)

  it("scores a card the model never saw by its themes, and refuses a model of another shape", async () => {
    const { rows, cards } = simulate(makeRandom(3), { groups: 4, sessionsPerGroup: 4 })
    const model = (await runPipeline(rows, cards, { seed: 3, epochs: 1 })).model!
    const scorer = new TwoTowerScorer(model)
    const newCard = { cardId: "own-1", word: "Ember", themes: [...cards[0]!.themes] }
    const scores = scorer.score(
      { phase: "Pause", themes: new Map(cards[0]!.themes.map((t) => [t, 1])), chosen: [], dealt: [], groupThemes: new Map() },
      [...cards, newCard],
    )
    expect(Number.isFinite(scores[cards.length]!)).toBe(true)
    expect(() => new TwoTowerScorer({ ...model, weights: { ...model.weights, b1: [] } })).toThrow(/b1 has 0 values/)
  }, 60_000)
})

describe("evaluation pieces", () => {
  it("ranks ties against the target only for cards listed before it", () => {
    expect(rankOf(Float64Array.from([1, 1, 1]), 0)).toBe(1)
    expect(rankOf(Float64Array.from([1, 1, 1]), 2)).toBe(3)
    expect(rankOf(Float64Array.from([0, 5, 2]), 2)).toBe(2)
  })

  it("folds reveals and canvas placements into choices with the phase of their moment", () => {
    const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 10, m)).toISOString()
    const base = { tenant_id: "t", actor_kind: "session" as const, actor_id: "s1", user_id: "f" }
    const interactions = interactionsFrom([
      { ...base, event_type: "phaseAdvanced", occurred_at: at(1), attributes: { from: null, to: "Pause" } },
      { ...base, event_type: "cardsDrawn", occurred_at: at(2), attributes: { cardIds: ["a", "b"] } },
      { ...base, event_type: "phaseAdvanced", occurred_at: at(3), attributes: { from: "Pause", to: "Focus" } },
      { ...base, event_type: "picksRevealed", occurred_at: at(4), attributes: { picks: [{ userId: "u1", cardId: "a" }, { userId: "u2" }] } },
      {
        ...base,
        actor_kind: "canvas",
        actor_id: "c1",
        user_id: "u1",
        event_type: "elementAdded",
        occurred_at: at(5),
        attributes: { sessionId: "s1", cardId: "b" },
      },
    ])
    expect(interactions.map((i) => [i.kind, i.cardId, i.phase])).toEqual([
      ["draw", "a", "Pause"],
      ["draw", "b", "Pause"],
      ["pick", "a", "Focus"],
      ["place", "b", "Focus"],
    ])
  })
})
