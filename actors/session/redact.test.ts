import { describe, expect, it } from "vitest"
import { FIXED_NOW } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { admin, ana, ben, coFacilitator, decksLoaded, drawn, lead, picked, pollOpened, system, voted, withGroup } from "./testing/fixtures.ts"
import { sessionKind, viewRulesChanged, type SessionEvent, type SessionState } from "./index.ts"

const session = spec(sessionKind)
const view = (events: SessionEvent[], user: typeof ana) => sessionKind.redactState!(session.given(events).state, user) as SessionState
const eventView = (events: SessionEvent[], event: SessionEvent, user: typeof ana) =>
  sessionKind.redactEvent!(session.given(events).state, event, user)

describe("picks", () => {
  const picks = [...withGroup, decksLoaded(), drawn("d1", ["f1", "f2"]), picked("d1", "part-1", "f1"), picked("d1", "part-2", "f2")]

  it("a pick is its picker's until revealed: others, the lead and admins see only that someone picked", () => {
    for (const user of [ben, lead, admin]) {
      expect(view(picks, user).picks.find((p) => p.userId === "part-1")).toMatchObject({ cardId: null, position: null, revealed: false })
      expect(eventView(picks, picks[6]!, user)).toEqual({ type: "cardPicked", drawId: "d1", userId: "part-1", cardId: null, position: null })
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
      expect(eventView(votes, votes.at(-1)!, user)).toEqual({ type: "voteCast", pollId: "p1", voterId: "part-1" })
    }
    expect(view(votes, ana).polls[0]?.ballots).toEqual([{ voterId: "part-1", choices: [2] }])
    const closed = [...votes, { type: "pollClosed" as const, pollId: "p1", tally: [0, 0, 1], voters: 1 }]
    expect(view(closed, ben).polls[0]).toMatchObject({ ballots: [], tally: [0, 0, 1] })
    expect(eventView(closed, votes.at(-1)!, lead)).toEqual({ type: "voteCast", pollId: "p1", voterId: "part-1" })
    expect(eventView(closed, closed.at(-1)!, lead)).toEqual(closed.at(-1))
  })

  it("results on close: participants wait, whoever runs polls sees them live", () => {
    const votes = [...withGroup, coFacilitator("part-3", "polls"), pollOpened("p1", { resultsWhen: "closed" }), voted("p1", "part-1", [0])]
    expect(view(votes, ben).polls[0]).toMatchObject({ ballots: [], tally: null })
    expect(eventView(votes, votes.at(-1)!, ben)).toEqual({ type: "voteCast", pollId: "p1", voterId: "part-1" })
    expect(view(votes, lead).polls[0]).toMatchObject({ ballots: [{ voterId: "part-1", choices: [0] }], tally: [1, 0, 0] })
    expect(view(votes, { ...ben, id: "part-3" }).polls[0]?.tally).toEqual([1, 0, 0])
    const closed = [...votes, { type: "pollClosed" as const, pollId: "p1", tally: [1, 0, 0], voters: 1 }]
    expect(eventView(closed, votes.at(-1)!, ben)).toEqual(votes.at(-1))
    // The close brings the ballots participants could not see before.
    expect(eventView(closed, closed.at(-1)!, ben)).toEqual({ ...closed.at(-1), ballots: [{ voterId: "part-1", choices: [0] }] })
  })

  it("a named poll with live results shows everything to every member", () => {
    const votes = [...withGroup, pollOpened("p1"), voted("p1", "part-1", [0])]
    expect(view(votes, ben).polls[0]).toMatchObject({ ballots: [{ voterId: "part-1", choices: [0] }], tally: [1, 0, 0] })
    expect(eventView(votes, votes.at(-1)!, ben)).toEqual(votes.at(-1))
  })
})

describe("folding redacted events", () => {
  const fold = (from: SessionState, events: SessionEvent[]) =>
    events.reduce((state, event, i) => sessionKind.evolve(state, event, { seq: 100 + i, by: "x", at: FIXED_NOW }), from)

  it("a reveal fills in the hidden picks a member holds without their cards, person by person and in order", () => {
    const given = [
      ...withGroup,
      decksLoaded(),
      drawn("d1", ["f1", "f2", "f3"], { faceDown: true, picks: 2 }),
      picked("d1", "part-1", "f3", 2),
      picked("d1", "part-1", "f1", 0),
      picked("d1", "part-2", "f2", 1),
    ]
    const reveal: SessionEvent = {
      type: "picksRevealed",
      drawId: "d1",
      picks: [
        { userId: "part-1", cardId: "f3", position: 2 },
        { userId: "part-1", cardId: "f1", position: 0 },
      ],
    }
    const before = view(given, ben)
    expect(before.picks.map((p) => p.cardId)).toEqual([null, null, "f2"])
    const after = fold(before, [reveal])
    expect(after.picks.map((p) => [p.cardId, p.position, p.revealed])).toEqual([
      ["f3", 2, true],
      ["f1", 0, true],
      ["f2", 1, false],
    ])
    expect(after).toEqual(view([...given, reveal], ben))
  })

  it("a hidden vote only counts a voter, and the close of a named results-on-close poll brings every ballot", () => {
    const opened = [...withGroup, pollOpened("p1", { resultsWhen: "closed" })]
    const votes = [voted("p1", "part-1", [0]), voted("p1", "part-2", [2])]
    const close: SessionEvent = { type: "pollClosed", pollId: "p1", tally: [1, 0, 1], voters: 2 }
    let seen = view(opened, ben)
    const events = [...votes, close]
    events.forEach((event, i) => {
      const full = [...opened, ...events.slice(0, i + 1)]
      seen = fold(seen, [eventView(full, event, ben)!])
      expect(seen).toEqual(view(full, ben))
    })
    expect(seen.polls[0]).toMatchObject({
      ballots: [
        { voterId: "part-1", choices: [0] },
        { voterId: "part-2", choices: [2] },
      ],
      tally: [1, 0, 1],
      voters: 2,
    })
  })

  it("gaining or losing the polls power changes a member's view rules; other events do not", () => {
    const polls = session.given([...withGroup, coFacilitator("part-2", "polls")]).state
    const none = session.given(withGroup).state
    const gone = session.given([...withGroup, coFacilitator("part-2", "polls"), { type: "participantLeft", userId: "part-2" }]).state
    expect(viewRulesChanged(none, polls, ben)).toBe(true)
    expect(viewRulesChanged(polls, gone, ben)).toBe(true)
    expect(viewRulesChanged(none, polls, ana)).toBe(false)
    expect(viewRulesChanged(none, session.given([...withGroup, coFacilitator("part-2", "timer")]).state, ben)).toBe(false)
  })
})
