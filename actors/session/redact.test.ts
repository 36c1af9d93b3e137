import { describe, expect, it } from "vitest"
import { spec } from "../../engine/testing/decider-spec.ts"
import { admin, ana, ben, coFacilitator, decksLoaded, drawn, lead, picked, pollOpened, system, voted, withGroup } from "./fixtures.ts"
import { sessionKind, type SessionEvent, type SessionState } from "./index.ts"

const session = spec(sessionKind)
const view = (events: SessionEvent[], user: typeof ana) => sessionKind.redactState!(session.given(events).state, user) as SessionState
const eventView = (events: SessionEvent[], event: SessionEvent, user: typeof ana) => sessionKind.redactEvent!(session.given(events).state, event, user)

describe("picks", () => {
  const picks = [...withGroup, decksLoaded(), drawn("d1", ["f1", "f2"]), picked("d1", "part-1", "f1"), picked("d1", "part-2", "f2")]

  it("a pick is its picker's until revealed: others, the lead and admins see only that someone picked", () => {
    for (const user of [ben, lead, admin]) {
      expect(view(picks, user).picks.find((p) => p.userId === "part-1")).toMatchObject({ cardId: null, position: null, revealed: false })
      expect(eventView(picks, picks[6]!, user)).toBeUndefined()
    }
    expect(view(picks, ana).picks.find((p) => p.userId === "part-1")?.cardId).toBe("f1")
    expect(eventView(picks, picks[6]!, ana)).toEqual(picks[6])
  })

  it("after the reveal everyone sees it, the earlier event included", () => {
    const revealed = [...picks, { type: "picksRevealed" as const, drawId: "d1", picks: [{ userId: "part-1", cardId: "f1", position: null }] }]
    expect(view(revealed, ben).picks.map((p) => p.cardId)).toEqual(["f1", "f2"])
    expect(view(revealed, lead).picks.map((p) => p.cardId)).toEqual(["f1", null])
    expect(eventView(revealed, picks[6]!, ben)).toEqual(picks[6])
  })

  it("a face-down spread shows no cards and no seed to anyone, lead included; the server sees all", () => {
    const down = [...withGroup, decksLoaded(), drawn("d2", ["f3", "f4"], { faceDown: true, seed: "s-1" })]
    for (const user of [ana, lead, admin]) {
      expect(view(down, user).draws[0]).toMatchObject({ cardIds: [], seed: "", count: 2 })
      expect(eventView(down, down.at(-1)!, user)).toMatchObject({ cardIds: [], seed: "", count: 2 })
    }
    expect(view(down, system).draws[0]).toMatchObject({ cardIds: ["f3", "f4"], seed: "s-1" })
  })
})

describe("ballots", () => {
  it("an anonymous ballot is its voter's alone, even for facilitators and after the close; the tally waits for the close", () => {
    const votes = [...withGroup, pollOpened("p1", { anonymous: true, resultsWhen: "closed" }), voted("p1", "part-1", [2])]
    for (const user of [ben, lead, admin]) {
      expect(view(votes, user).polls[0]).toMatchObject({ ballots: [], tally: null, voters: 1 })
      expect(eventView(votes, votes.at(-1)!, user)).toBeUndefined()
    }
    expect(view(votes, ana).polls[0]?.ballots).toEqual([{ voterId: "part-1", choices: [2] }])
    const closed = [...votes, { type: "pollClosed" as const, pollId: "p1", tally: [0, 0, 1], voters: 1 }]
    expect(view(closed, ben).polls[0]).toMatchObject({ ballots: [], tally: [0, 0, 1] })
    expect(eventView(closed, votes.at(-1)!, lead)).toBeUndefined()
  })

  it("results on close: participants wait, whoever runs polls sees them live", () => {
    const votes = [...withGroup, coFacilitator("part-3", "polls"), pollOpened("p1", { resultsWhen: "closed" }), voted("p1", "part-1", [0])]
    expect(view(votes, ben).polls[0]).toMatchObject({ ballots: [], tally: null })
    expect(eventView(votes, votes.at(-1)!, ben)).toBeUndefined()
    expect(view(votes, lead).polls[0]).toMatchObject({ ballots: [{ voterId: "part-1", choices: [0] }], tally: [1, 0, 0] })
    expect(view(votes, { ...ben, id: "part-3" }).polls[0]?.tally).toEqual([1, 0, 0])
    const closed = [...votes, { type: "pollClosed" as const, pollId: "p1", tally: [1, 0, 0], voters: 1 }]
    expect(eventView(closed, votes.at(-1)!, ben)).toEqual(votes.at(-1))
  })

  it("a named poll with live results shows everything to every member", () => {
    const votes = [...withGroup, pollOpened("p1"), voted("p1", "part-1", [0])]
    expect(view(votes, ben).polls[0]).toMatchObject({ ballots: [{ voterId: "part-1", choices: [0] }], tally: [1, 0, 0] })
    expect(eventView(votes, votes.at(-1)!, ben)).toEqual(votes.at(-1))
  })
})
