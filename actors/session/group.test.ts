import { describe, expect, it } from "vitest"
import { spec } from "../../engine/testing/decider-spec.ts"
import { dealRooms } from "./group.ts"
import { ana, ben, coFacilitator, cy, joined, lead, outsider, pollOpened, voted, withGroup } from "./testing/fixtures.ts"
import { sessionKind, type SessionEvent } from "./index.ts"

const session = spec(sessionKind)
const settings = { question: "Which?", options: ["A", "B", "C"], mode: "single", dots: 3, anonymous: false, resultsWhen: "live" } as const

describe("polls", () => {
  it("a facilitator opens a poll under a fresh id", () => {
    const { state } = session
      .given(withGroup)
      .when({ type: "openPoll", ...settings }, { user: lead })
      .then([pollOpened("id-1")])
    expect(state.polls[0]).toMatchObject({ pollId: "id-1", status: "open", tally: [0, 0, 0], voters: 0 })
  })

  it("an anonymous poll must keep its results until closed", () => {
    session
      .given(withGroup)
      .when({ type: "openPoll", ...settings, anonymous: true }, { user: lead })
      .thenRejects("invalid_command", /who voted what/)
    session
      .given(withGroup)
      .when({ type: "openPoll", ...settings, anonymous: true, resultsWhen: "closed" }, { user: lead })
      .then([pollOpened("id-1", { anonymous: true, resultsWhen: "closed" })])
  })

  it("needs the polls power and a sound poll", () => {
    session
      .given(withGroup)
      .when({ type: "openPoll", ...settings }, { user: ana })
      .thenRejects("forbidden", /polls power/)
    session
      .given([...withGroup, coFacilitator("part-1", "polls")])
      .when({ type: "openPoll", ...settings }, { user: ana })
      .then([pollOpened("id-1")])
    session.when({ type: "openPoll", ...settings, options: ["only one"] }).thenRefusedBySchema()
    session.when({ type: "openPoll", ...settings, dots: 11 }).thenRefusedBySchema()
  })

  it("members vote once; the tally counts each choice", () => {
    const open = [...withGroup, pollOpened("p1", { mode: "multiple" })]
    const { state } = session
      .given(open)
      .when({ type: "vote", pollId: "p1", choices: [0, 2] }, { user: ana })
      .then([voted("p1", "part-1", [0, 2])])
    expect(state.polls[0]).toMatchObject({ tally: [1, 0, 1], voters: 1 })
    session
      .given([...open, voted("p1", "part-1", [0])])
      .when({ type: "vote", pollId: "p1", choices: [1] }, { user: ana })
      .thenRejects("conflict", /already voted/)
  })

  it("a dot vote takes exactly its number of dots, several on one option if wanted", () => {
    const open = [...withGroup, pollOpened("p1", { mode: "dots", dots: 3 })]
    expect(
      session
        .given(open)
        .when({ type: "vote", pollId: "p1", choices: [2, 2, 0] }, { user: ana })
        .then([voted("p1", "part-1", [2, 2, 0])]).state.polls[0]?.tally,
    ).toEqual([1, 0, 2])
    session
      .given(open)
      .when({ type: "vote", pollId: "p1", choices: [2, 2] }, { user: ana })
      .thenRejects("invalid_command", /exactly 3 dots/)
  })

  it("refuses a wrong number of choices, unknown options, closed and unknown polls, and non-members", () => {
    const open = [...withGroup, pollOpened("p1"), pollOpened("p2", { mode: "multiple" })]
    session
      .given(open)
      .when({ type: "vote", pollId: "p1", choices: [0, 1] }, { user: ana })
      .thenRejects("invalid_command", /exactly one/)
    session
      .given(open)
      .when({ type: "vote", pollId: "p2", choices: [1, 1] }, { user: ana })
      .thenRejects("invalid_command", /at most once/)
    session
      .given(open)
      .when({ type: "vote", pollId: "p1", choices: [3] }, { user: ana })
      .thenRejects("invalid_command", /options 0 to 2/)
    session
      .given([...open, { type: "pollClosed", pollId: "p1", tally: [0, 0, 0], voters: 0 }])
      .when({ type: "vote", pollId: "p1", choices: [0] }, { user: ana })
      .thenRejects("conflict", /closed/)
    session
      .given(open)
      .when({ type: "vote", pollId: "zz", choices: [0] }, { user: ana })
      .thenRejects("not_found")
    session
      .given(open)
      .when({ type: "vote", pollId: "p1", choices: [0] }, { user: outsider })
      .thenRejects("forbidden", /join/)
    session.when({ type: "vote", pollId: "p1", choices: [] }).thenRefusedBySchema()
  })

  it("closing publishes the tally once; it needs the polls power", () => {
    const votes = [...withGroup, pollOpened("p1"), voted("p1", "part-1", [1]), voted("p1", "part-2", [1])]
    const { state } = session
      .given(votes)
      .when({ type: "closePoll", pollId: "p1" }, { user: lead })
      .then([{ type: "pollClosed", pollId: "p1", tally: [0, 2, 0], voters: 2 }])
    expect(state.polls[0]?.status).toBe("closed")
    session
      .given([...votes, { type: "pollClosed", pollId: "p1", tally: [0, 2, 0], voters: 2 }])
      .when({ type: "closePoll", pollId: "p1" }, { user: lead })
      .then([])
    session.given(votes).when({ type: "closePoll", pollId: "p1" }, { user: ben }).thenRejects("forbidden")
    session.given(votes).when({ type: "closePoll", pollId: "zz" }, { user: lead }).thenRejects("not_found")
  })
})

describe("breakouts", () => {
  const crowd: SessionEvent[] = [...withGroup, joined("part-4"), joined("part-5"), joined("part-6"), joined("part-7")]
  const pool = ["part-1", "part-2", "part-3", "part-4", "part-5", "part-6", "part-7"]
  const noRooms = { rooms: null, size: null, names: [] }

  it("deals everyone present (not the leads) into random rooms whose sizes differ by one at most", () => {
    const { state } = session
      .given(crowd)
      .when({ type: "startBreakout", ...noRooms, rooms: 3, names: ["Oak", "Elm"] }, { user: lead })
      .then([{ type: "breakoutStarted", seed: "id-1", rooms: dealRooms(pool, "id-1", 3, ["Oak", "Elm"]) }])
    const rooms = state.breakout!.rooms
    expect(rooms.map((r) => r.name)).toEqual(["Oak", "Elm", "Room 3"])
    expect(rooms.map((r) => r.members.length).sort()).toEqual([2, 2, 3])
    expect(rooms.flatMap((r) => r.members).sort()).toEqual(pool)
  })

  it("a room size gives as many rooms as needed", () => {
    const { state } = session
      .given(crowd)
      .when({ type: "startBreakout", ...noRooms, size: 2 }, { user: lead })
      .then([expect.objectContaining({ type: "breakoutStarted" })])
    expect(state.breakout!.rooms.map((r) => r.members.length).sort()).toEqual([1, 2, 2, 2])
  })

  it("reshuffles with a new seed and the same rooms, renames a room, and calls everyone back", () => {
    const started = [...crowd, { type: "breakoutStarted", seed: "s1", rooms: dealRooms(pool, "s1", 2, ["Oak", "Elm"]) } as SessionEvent]
    session
      .given(started)
      .when({ type: "reshuffleBreakout" }, { user: lead })
      .then([{ type: "breakoutReshuffled", seed: "id-1", rooms: dealRooms(pool, "id-1", 2, ["Oak", "Elm"]) }])
    session
      .given(started)
      .when({ type: "renameRoom", roomId: "room-2", name: "Ash" }, { user: lead })
      .then([{ type: "roomRenamed", roomId: "room-2", name: "Ash" }])
    session.given(started).when({ type: "renameRoom", roomId: "room-2", name: "Elm" }, { user: lead }).then([])
    expect(
      session
        .given(started)
        .when({ type: "endBreakout" }, { user: lead })
        .then([{ type: "breakoutEnded" }]).state.breakout?.status,
    ).toBe("ended")
    session
      .given([...started, { type: "breakoutEnded" }])
      .when({ type: "endBreakout" }, { user: lead })
      .then([])
  })

  it("refuses a second start, a reshuffle or rename with none running, too few people, and both or neither sizing", () => {
    const started = [...crowd, { type: "breakoutStarted", seed: "s1", rooms: dealRooms(pool, "s1", 2, []) } as SessionEvent]
    session
      .given(started)
      .when({ type: "startBreakout", ...noRooms, rooms: 2 }, { user: lead })
      .thenRejects("conflict", /already running/)
    session
      .given(crowd)
      .when({ type: "reshuffleBreakout" }, { user: lead })
      .thenRejects("conflict", /no breakouts/)
    session.given(crowd).when({ type: "renameRoom", roomId: "room-1", name: "x" }, { user: lead }).thenRejects("not_found")
    session
      .given([...withGroup.slice(0, 2)])
      .when({ type: "startBreakout", ...noRooms, rooms: 2 }, { user: lead })
      .thenRejects("conflict", /at least two/)
    session
      .given(crowd)
      .when({ type: "startBreakout", ...noRooms }, { user: lead })
      .thenRejects("invalid_command", /either/)
    session
      .given(crowd)
      .when({ type: "startBreakout", ...noRooms, rooms: 2, size: 2 }, { user: lead })
      .thenRejects("invalid_command", /either/)
  })

  it("needs the breakouts power; a removed participant leaves their room", () => {
    session
      .given(crowd)
      .when({ type: "startBreakout", ...noRooms, rooms: 2 }, { user: cy })
      .thenRejects("forbidden", /breakouts power/)
    session
      .given([...crowd, coFacilitator("part-3", "breakouts")])
      .when({ type: "startBreakout", ...noRooms, rooms: 2 }, { user: cy })
      .then([expect.objectContaining({ type: "breakoutStarted" })])
    const started = [...crowd, { type: "breakoutStarted", seed: "s1", rooms: dealRooms(pool, "s1", 2, []) } as SessionEvent]
    const { state } = session
      .given(started)
      .when({ type: "removeParticipant", userId: "part-4" }, { user: lead })
      .then([{ type: "participantRemoved", userId: "part-4" }])
    expect(state.breakout!.rooms.flatMap((r) => r.members)).not.toContain("part-4")
  })
})
