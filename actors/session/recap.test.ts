import { Effect } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import { openEmbeddedLog } from "../../engine/eventlog/embedded/embedded-log.ts"
import { freshDir, removeDir } from "../../engine/eventlog/embedded/testing/test-dirs.ts"
import { openMemoryLog } from "../../engine/eventlog/testing/memory-log.ts"
import type { EventLog } from "../../engine/eventlog/port.ts"
import { makeActorSystem } from "../../engine/runtime/runtime.ts"
import { TEST_TENANT } from "../../engine/testing/context.ts"
import { testSeed } from "../../engine/testing/random.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { build, recipe, users } from "./testing/arbitrary.ts"
import { admin, ana, ben, decksLoaded, drawn, freeDeck, lead, picked, plan, pollOpened, system, voted, withGroup } from "./testing/fixtures.ts"
import { sessionKind, type SessionEvent, type SessionState } from "./index.ts"
import { buildRecap, recapJson } from "./recap.ts"
import { foldSession, recapFromRecord } from "./testing/replay.ts"

const session = spec(sessionKind)
const quiet = { info: () => {}, error: () => {} }
const recapFor = (events: SessionEvent[], viewer: User) => buildRecap(sessionKind.redactState!(session.given(events).state, viewer) as SessionState)

describe("the recap", () => {
  const events: SessionEvent[] = [
    ...withGroup,
    decksLoaded(),
    { type: "phaseAdvanced", from: null, to: "Pause" },
    { type: "activityAdvanced", index: 1 },
    drawn("d1", ["f1", "f2", "f3"]),
    picked("d1", "part-1", "f1"),
    picked("d1", "part-2", "f3"),
    { type: "picksRevealed", drawId: "d1", picks: [{ userId: "part-1", cardId: "f1", position: null }] },
    pollOpened("p1", { anonymous: true, resultsWhen: "closed" }),
    voted("p1", "part-1", [1]),
    voted("p1", "part-2", [1]),
    { type: "pollClosed", pollId: "p1", tally: [0, 2, 0], voters: 2 },
    pollOpened("p2", { resultsWhen: "closed" }),
    voted("p2", "part-1", [0]),
    { type: "participantLeft", userId: "part-3" },
    { type: "ended", phase: "Pause" },
  ]

  it("lists attendance, the timeline with activity titles, draws with card words, and closed results", () => {
    const recap = recapFor(events, ben)
    expect(recap.attendance.map((a) => [a.name, a.leftAt !== null])).toEqual([
      ["Ana", false],
      ["Ben", false],
      ["Cy", true],
    ])
    expect(recap.timeline.map((t) => [t.phase, t.activityTitle])).toEqual([
      ["Pause", plan.Pause[0]!.title],
      ["Pause", plan.Pause[1]!.title],
    ])
    expect(recap.draws[0]).toMatchObject({ deck: "Sample", cards: ["F 1", "F 2", "F 3"] })
    expect(recap.polls[0]).toMatchObject({
      anonymous: true,
      voters: 2,
      options: [
        { label: "A", count: 0 },
        { label: "B", count: 2 },
        { label: "C", count: 0 },
      ],
    })
    expect(recap.session).toMatchObject({ status: "ended", journey: { journeyId: "j1", version: 2 } })
  })

  it("shows revealed picks to all, one's own unrevealed pick to oneself, and no hidden results", () => {
    expect(recapFor(events, ben).picks.map((p) => [p.name, p.word, p.revealed])).toEqual([
      ["Ana", "F 1", true],
      ["Ben", "F 3", false],
    ])
    expect(recapFor(events, lead).picks.map((p) => p.name)).toEqual(["Ana"])
    expect(recapFor(events, ben).polls[1]?.options.map((o) => o.count)).toEqual([null, null, null])
    expect(recapFor(events, lead).polls[1]?.options.map((o) => o.count)).toEqual([1, 0, 0])
    expect(JSON.stringify(recapFor(events, admin))).not.toContain('"voterId"')
  })

  it("is the same text every time it is built from the same events", () => {
    expect(recapJson(recapFor(events, ana))).toBe(recapJson(recapFor(events, ana)))
    expect(recapJson(recapFor(events, ana))).toMatch(/^\{\n {2}"recapVersion": 1,/)
  })
})

describe("replay", () => {
  let dir: string
  beforeAll(async () => void (dir = await freshDir("recap-replay")))
  afterAll(() => removeDir(dir))

  it("a session recorded in the durable log rebuilds the same recap, byte for byte, after the process is gone", async () => {
    const addr = makeAddress(TEST_TENANT, "session", "recorded")
    let clock = Date.UTC(2025, 2, 3, 9, 0, 0)
    const run = async (log: EventLog) => {
      const actors = makeActorSystem({ log, kinds: { session: sessionKind }, logger: quiet, now: () => (clock += 61_000) })
      const send = (user: User, id: string, command: object) => Effect.runPromise(actors.send(addr, user, id, command))
      await send(lead, "c1", { type: "create", title: "Recorded", joinCode: "ABC234", journey: { journeyId: "j1", version: 1, title: "Plan", plan } })
      for (const [i, user] of [ana, ben].entries()) await send(user, `j${i}`, { type: "join", joinCode: "ABC234", displayName: user.id })
      await send(system, "d", { type: "loadDecks", licence: { tier: "free", packs: [] }, decks: [freeDeck] })
      await send(lead, "c2", { type: "advancePhase" })
      await send(lead, "c3", { type: "drawCards", deckId: "sample", count: 4, faceDown: true, picksPerPerson: 1 })
      const { state } = (await Effect.runPromise(actors.inspect(addr))) as { state: SessionState }
      await send(ana, "p1", { type: "pickCard", drawId: state.draws[0]!.drawId, position: 2 })
      await send(ben, "p2", { type: "pickCard", drawId: state.draws[0]!.drawId, position: 0 })
      await send(lead, "c4", { type: "revealPicks", drawId: state.draws[0]!.drawId, userId: "part-1" })
      await send(lead, "c5", {
        type: "openPoll",
        question: "Energy?",
        options: ["High", "Low"],
        mode: "single",
        dots: 1,
        anonymous: true,
        resultsWhen: "closed",
      })
      const polls = ((await Effect.runPromise(actors.inspect(addr))).state as SessionState).polls
      await send(ana, "v1", { type: "vote", pollId: polls[0]!.pollId, choices: [0] })
      await send(lead, "c6", { type: "closePoll", pollId: polls[0]!.pollId })
      await send(lead, "c7", { type: "end" })
      const views = await Promise.all(
        [lead, ana, ben].map(async (viewer) => {
          const joined = await Effect.runPromise(actors.join({ addr, user: viewer, onEvent: () => {} }))
          joined.leave()
          return recapJson(buildRecap(joined.snapshot as SessionState))
        }),
      )
      await Effect.runPromise(actors.shutdown())
      return views
    }
    const firstLog = await openEmbeddedLog({ dir })
    const live = await run(firstLog)
    await Effect.runPromise(firstLog.close())

    const reopened = await openEmbeddedLog({ dir })
    const commits = await Effect.runPromise(reopened.readStream(addr, 0))
    await Effect.runPromise(reopened.close())
    const replayed = [lead, ana, ben].map((viewer) => recapJson(recapFromRecord(addr, commits, viewer)))
    expect(replayed).toEqual(live)
    expect(live[1]).toContain('"revealed": true')
    // Ben's own pick is still hidden from the others, so the readers' recaps differ.
    expect(live[2]).not.toBe(live[0])
    expect(live[0]).toBe(live[1])
  })

  it("seeded random sessions: the live actor's recap equals the one rebuilt from the log, for every reader", async () => {
    const seed = testSeed("session recap replay")
    const log = openMemoryLog()
    const actors = makeActorSystem({ log, kinds: { session: sessionKind }, logger: quiet, snapshotEvery: 7 })
    let n = 0
    await fc.assert(
      fc.asyncProperty(fc.array(recipe, { minLength: 20, maxLength: 60 }), async (recipes) => {
        const addr = makeAddress(TEST_TENANT, "session", `replay-${++n}`)
        for (const [i, r] of recipes.entries()) {
          const { state } = await Effect.runPromise(actors.inspect(addr))
          const step = build(r, state as SessionState)
          await Effect.runPromiseExit(actors.send(addr, step.user, `c${i}`, step.command))
        }
        const commits = await Effect.runPromise(log.readStream(addr, 0))
        if (commits.length === 0) return
        for (const viewer of users.filter((u) => u.tenant === TEST_TENANT)) {
          const joined = await Effect.runPromiseExit(actors.join({ addr, user: viewer, onEvent: () => {} }))
          if (joined._tag === "Failure") continue
          joined.value.leave()
          expect(recapJson(recapFromRecord(addr, commits, viewer))).toBe(recapJson(buildRecap(joined.value.snapshot as SessionState)))
        }
        expect(foldSession(addr, commits)).toEqual((await Effect.runPromise(actors.inspect(addr))).state)
      }),
      { seed, numRuns: 20 },
    )
    await Effect.runPromise(actors.shutdown())
  })
})
