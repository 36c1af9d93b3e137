/**
 * Seeded random session commands built against the state reached so far,
 * shared by the decider's property test, the privacy property and the
 * runtime's live-versus-rebuild test. Most arguments name things that exist
 * (a draw, a poll, a participant) so commands get past the rules; some
 * deliberately do not.
 */
import fc from "fast-check"
import type { User } from "../../../engine/actor-kind.ts"
import { testUser } from "../../../engine/testing/context.ts"
import { SYSTEM_USER_ID } from "../../cards/rules.ts"
import { freeDeck, packDeck, plan, proDeck } from "./fixtures.ts"
import { PHASES, POWERS } from "../protocol.ts"
import type { SessionState } from "../state.ts"

export const users: readonly User[] = [
  testUser("fac-1", ["facilitator"]),
  testUser("admin-1", ["admin"]),
  testUser("part-1"),
  testUser("part-2"),
  testUser("part-3"),
  testUser("stranger", ["facilitator"], "tenant-2"),
  testUser(SYSTEM_USER_ID, ["admin"]),
]
const participantIds = ["part-1", "part-2", "part-3"]

const ACTIONS = {
  core: ["create", "join", "join", "join", "leave", "advance", "advance", "lock", "unlock"],
  rare: ["garbage", "remove", "remove", "readmit", "readmit", "readmit", "end"],
  cards: ["loadDecks", "draw", "draw", "pick", "pick", "pick", "reveal", "revealOne"],
  group: ["openPoll", "vote", "vote", "vote", "closePoll", "startBreakout", "reshuffle", "renameRoom", "endBreakout"],
  room: [
    "appoint",
    "dismiss",
    "activity",
    "startTimer",
    "pauseTimer",
    "resumeTimer",
    "addTime",
    "stopTimer",
    "spotlight",
    "view",
    "raiseHand",
    "lowerHand",
    "lowerAll",
    "markDone",
    "markDone",
    "markNotDone",
    "clearDone",
    "consent",
    "consent",
    "anonymise",
  ],
} as const

export const recipe = fc.record({
  action: fc.oneof(
    { arbitrary: fc.constantFrom(...ACTIONS.core), weight: 18 },
    { arbitrary: fc.constantFrom(...ACTIONS.rare), weight: 6 },
    { arbitrary: fc.constantFrom(...ACTIONS.cards), weight: 18 },
    { arbitrary: fc.constantFrom(...ACTIONS.group), weight: 15 },
    { arbitrary: fc.constantFrom(...ACTIONS.room), weight: 15 },
  ),
  // Facilitator-only commands mostly come from the facilitator, or few would get past the rules.
  asFacilitator: fc.boolean(),
  user: fc.nat({ max: users.length - 1 }),
  rightCode: fc.boolean(),
  flag: fc.boolean(),
  from: fc.option(fc.constantFrom(...PHASES)),
  title: fc.string({ minLength: 0, maxLength: 12 }),
  a: fc.nat({ max: 40 }),
  b: fc.nat({ max: 40 }),
})
export type Recipe = typeof recipe extends fc.Arbitrary<infer R> ? R : never

const pickOf = <A>(items: readonly A[], n: number): A | undefined => (items.length === 0 ? undefined : items[n % items.length])
const MEMBER_ACTIONS = new Set(["join", "leave", "pick", "vote", "raiseHand", "lowerHand", "markDone", "markNotDone", "consent"])

const buildCommand = (r: Recipe, state: SessionState): Record<string, unknown> => {
  const draw = pickOf(state.draws, r.a)
  const poll = pickOf(state.polls, r.a)
  const someone = pickOf([...participantIds, "fac-1", "part-9"], r.b)!
  switch (r.action) {
    case "create":
      return r.flag
        ? { type: "create", title: r.title, journey: { journeyId: "j1", version: 1, title: "Plan", plan } }
        : { type: "create", title: r.title }
    case "join":
      return { type: "join", joinCode: r.a % 5 !== 0 ? state.joinCode : "ZZZ999", displayName: r.title }
    case "leave":
      return { type: "leave" }
    case "advance":
      return r.rightCode ? { type: "advancePhase" } : { type: "advancePhase", from: r.from }
    // Ending stops everything after it, so it stays rare.
    case "end":
      return r.a < 5 ? { type: "end" } : { type: "stopTimer" }
    case "lock":
      return { type: "lock" }
    case "unlock":
      return { type: "unlock" }
    case "remove":
      return { type: "removeParticipant", userId: someone }
    case "readmit":
      return { type: "readmitParticipant", userId: someone }
    case "loadDecks":
      return {
        type: "loadDecks",
        licence: { tier: (["free", "pro", "enterprise"] as const)[r.a % 3], packs: r.flag ? ["tides"] : [] },
        decks: [freeDeck, proDeck, packDeck],
      }
    case "draw": {
      const draw = {
        type: "drawCards",
        deckId: pickOf(["sample", "sample", "studio-pro", "tides", "nope"], r.a),
        count: 1 + (r.b % 6),
        faceDown: r.flag,
        picksPerPerson: r.b % 3,
      }
      if (r.a % 3 !== 0) return draw
      // Chosen cards: mostly the sample deck's free ones; some beyond the licence, in another deck, unknown, repeated, or not `count` of them.
      const candidates = ["f1", "f2", "f3", "f4", "f5", "f6", "f3", "q1", "zz", "p1"]
      const cardIds = Array.from({ length: draw.count }, (_, i) => candidates[(r.b + i) % (r.rightCode ? 6 : candidates.length)]!)
      return { ...draw, cardIds, count: r.rightCode || r.b % 4 !== 0 ? draw.count : draw.count + 1 }
    }
    case "pick":
      if (!draw) return { type: "pickCard", drawId: "nope", cardId: "f1" }
      return draw.faceDown
        ? { type: "pickCard", drawId: draw.drawId, position: r.b % (draw.count + 1) }
        : { type: "pickCard", drawId: draw.drawId, cardId: pickOf([...draw.cardIds, "zz"], r.b) }
    case "reveal":
      return { type: "revealPicks", drawId: draw?.drawId ?? "nope" }
    case "revealOne":
      return { type: "revealPicks", drawId: draw?.drawId ?? "nope", userId: someone }
    case "openPoll":
      return {
        type: "openPoll",
        question: "Which?",
        options: ["A", "B", "C"].slice(0, 2 + (r.a % 2)),
        mode: pickOf(["single", "multiple", "dots"], r.b),
        dots: 1 + (r.a % 3),
        anonymous: r.flag,
        resultsWhen: r.rightCode || (r.flag && r.a % 5 !== 0) ? "closed" : "live",
      }
    case "vote": {
      const target =
        pickOf(
          state.polls.filter((p) => p.status === "open"),
          r.a,
        ) ?? poll
      if (!target || r.a % 6 === 0)
        return { type: "vote", pollId: target?.pollId ?? "nope", choices: [r.a % 3, r.b % 3, (r.a + r.b) % 3].slice(0, 1 + (r.b % 3)) }
      const n = target.options.length
      const choices =
        target.mode === "single"
          ? [r.b % n]
          : target.mode === "multiple"
            ? [...new Set([r.a % n, r.b % n])]
            : Array.from({ length: target.dots }, (_, i) => (r.b + i * r.a) % n)
      return { type: "vote", pollId: target.pollId, choices }
    }
    case "closePoll":
      return { type: "closePoll", pollId: poll?.pollId ?? "nope" }
    case "startBreakout":
      return { type: "startBreakout", rooms: r.flag ? 2 + (r.a % 3) : null, size: r.flag ? null : 2 + (r.a % 2), names: r.rightCode ? ["Oak"] : [] }
    case "reshuffle":
      return { type: "reshuffleBreakout" }
    case "renameRoom":
      return { type: "renameRoom", roomId: `room-${1 + (r.a % 3)}`, name: r.title || "Room" }
    case "endBreakout":
      return { type: "endBreakout" }
    case "appoint":
      return {
        type: "appointCoFacilitator",
        userId: pickOf([...state.participants.map((p) => p.userId), someone], r.a)!,
        powers: POWERS.filter((_, i) => ((r.a + r.b * 7) >> i) & 1).concat(POWERS[r.a % POWERS.length]!),
      }
    case "dismiss":
      return { type: "dismissCoFacilitator", userId: pickOf([...state.coFacilitators.map((co) => co.userId), someone], r.b)! }
    case "activity":
      return r.rightCode ? { type: "advanceActivity" } : { type: "advanceActivity", from: r.flag ? null : r.a % 3 }
    case "startTimer":
      return { type: "startTimer", seconds: 1 + r.a * 10 }
    case "pauseTimer":
      return { type: "pauseTimer" }
    case "resumeTimer":
      return { type: "resumeTimer" }
    case "addTime":
      return { type: "addTime", seconds: 1 + r.b }
    case "stopTimer":
      return { type: "stopTimer" }
    case "spotlight": {
      if (r.flag)
        return { type: "spotlight", target: draw ? { kind: "card", drawId: draw.drawId, cardId: pickOf([...draw.cardIds, "f1"], r.b) } : null }
      return { type: "spotlight", target: r.rightCode ? { kind: "participant", userId: someone } : null }
    }
    case "view":
      return { type: "bringToView", view: r.flag ? { kind: "poll", id: poll?.pollId ?? "nope" } : { kind: "draw", id: draw?.drawId ?? "nope" } }
    case "raiseHand":
      return { type: "raiseHand" }
    case "lowerHand":
      return r.flag ? { type: "lowerHand", userId: pickOf([...state.hands, someone], r.a)! } : { type: "lowerHand" }
    case "lowerAll":
      return { type: "lowerAllHands" }
    // Mostly for the activity on screen; now and then for the one before, which must change nothing.
    case "markDone":
      return r.rightCode
        ? { type: "markDone" }
        : { type: "markDone", during: { phase: state.phase, activity: r.flag ? state.activity : (state.activity ?? 0) + 1 } }
    case "markNotDone":
      return r.rightCode ? { type: "markNotDone" } : { type: "markNotDone", during: { phase: state.phase, activity: state.activity } }
    case "clearDone":
      return { type: "clearDone" }
    case "consent":
      return { type: "setInsightsConsent", given: r.flag || r.a % 3 !== 0 }
    case "anonymise":
      return { type: "setInsightsAnonymised", anonymised: r.flag }
    default:
      return { type: "join", joinCode: r.title }
  }
}

/**
 * Most actions need something earlier (a draw to pick from, a poll to vote
 * in, people in the room): when it is missing, build that instead, so the
 * sequences reach deep states rather than repeating the same refusals.
 */
const prerequisite = (action: Recipe["action"], state: SessionState, r: Recipe): Recipe["action"] => {
  if (r.a % 7 === 0) return action
  const needsPeople = MEMBER_ACTIONS.has(action) || ["appoint", "startBreakout", "remove"].includes(action)
  if (needsPeople && action !== "join" && action !== "leave" && state.participants.length < 2) return "join"
  if (["draw"].includes(action) && state.licence === null) return "loadDecks"
  if (["pick", "reveal", "revealOne", "spotlight"].includes(action) && state.draws.length === 0) return state.licence === null ? "loadDecks" : "draw"
  if (["reveal", "revealOne"].includes(action) && !state.picks.some((p) => !p.revealed)) return "pick"
  if (["vote", "closePoll"].includes(action) && !state.polls.some((p) => p.status === "open")) return "openPoll"
  if (["reshuffle", "renameRoom", "endBreakout"].includes(action) && state.breakout?.status !== "open") return "startBreakout"
  if (action === "dismiss" && state.coFacilitators.length === 0) return "appoint"
  if (action === "readmit" && state.removed.length === 0) return "remove"
  if (["pauseTimer", "addTime"].includes(action) && state.timer.status === "idle") return "startTimer"
  if (action === "resumeTimer" && state.timer.status !== "paused") return state.timer.status === "running" ? "pauseTimer" : "startTimer"
  if ((action === "lowerHand" || action === "lowerAll") && state.hands.length === 0) return "raiseHand"
  if ((action === "markNotDone" || action === "clearDone") && state.done.length === 0) return "markDone"
  if (action === "activity" && state.phase === null) return "advance"
  if (action === "join" && state.locked) return "unlock"
  return action
}

export const build = (recipe: Recipe, state: SessionState) => {
  const r = state.status === "open" ? { ...recipe, action: prerequisite(recipe.action, state, recipe) } : recipe
  // Before creation almost every command is refused alike; spend most of those steps creating the session instead.
  if (state.status === "absent" && r.a % 4 !== 0)
    return {
      command: { type: "create", title: r.title || "Session", ...(r.flag ? { journey: { journeyId: "j1", version: 1, title: "Plan", plan } } : {}) },
      user: users[0]!,
    }
  const command = buildCommand(r, state)
  // Lowering one's own hand is only interesting for someone whose hand is up.
  const raised =
    r.action === "lowerHand" && !r.flag
      ? users.find((u) => u.id === pickOf(state.hands, r.a))
      : r.action === "markNotDone"
        ? users.find((u) => u.id === pickOf(state.done, r.a))
        : undefined
  const present = users.find((u) => u.id === pickOf(state.participants, r.b)?.userId)
  const participant = raised ?? (r.action === "join" ? users[2 + (r.b % 3)]! : (present ?? users[2 + (r.b % 3)]!))
  const user =
    !r.asFacilitator && r.b % 3 === 0 ? users[r.user]! : r.action === "loadDecks" ? users[6]! : MEMBER_ACTIONS.has(r.action) ? participant : users[0]!
  return { command, user }
}

const fail = (message: string): never => {
  throw new Error(message)
}

export const invariant = (state: SessionState) => {
  const ids = state.participants.map((participant) => participant.userId)
  if (new Set(ids).size !== ids.length) fail(`a participant is listed twice: ${ids}`)
  if (ids.some((id) => state.facilitators.includes(id))) fail("a facilitator is also listed as a participant")
  if (ids.some((id) => state.removed.includes(id))) fail("a removed participant is still present")
  if (state.phase !== null && !state.phases.includes(state.phase)) fail(`phase ${state.phase} is not in the journey`)
  if ((state.status === "ended") !== (state.endedAt !== null)) fail("endedAt disagrees with status")
  if (state.hands.some((id) => !ids.includes(id) && !state.facilitators.includes(id)) || new Set(state.hands).size !== state.hands.length)
    fail(`hands ${state.hands} are not distinct members`)
  if (state.done.some((id) => !ids.includes(id) && !state.facilitators.includes(id)) || new Set(state.done).size !== state.done.length)
    fail(`done ${state.done} are not distinct members`)
  if (state.activity !== null && (state.phase === null || state.activity >= state.plan[state.phase].length))
    fail(`activity ${state.activity} is outside ${state.phase}`)
  for (const draw of state.draws) {
    const byUser = new Map<string, number>()
    for (const p of state.picks.filter((p) => p.drawId === draw.drawId)) byUser.set(p.userId, (byUser.get(p.userId) ?? 0) + 1)
    if ([...byUser.values()].some((n) => n > draw.picksPerPerson)) fail(`more picks than allowed in ${draw.drawId}`)
    if (draw.cardIds.length !== draw.count || new Set(draw.cardIds).size !== draw.count) fail(`draw ${draw.drawId} has repeated or missing cards`)
  }
  for (const poll of state.polls) {
    if (new Set(poll.ballots.map((b) => b.voterId)).size !== poll.ballots.length || poll.voters !== poll.ballots.length)
      fail(`poll ${poll.pollId} counts a voter twice`)
    const counted = (poll.tally ?? []).reduce((a, b) => a + b, 0)
    if (counted !== poll.ballots.reduce((sum, b) => sum + b.choices.length, 0)) fail(`poll ${poll.pollId} tally does not match its ballots`)
  }
  const seated = state.breakout?.status === "open" ? state.breakout.rooms.flatMap((room) => room.members) : []
  if (new Set(seated).size !== seated.length || seated.some((id) => !ids.includes(id)))
    fail(`breakout rooms seat someone twice or someone absent: ${seated}`)
  if (state.timer.status === "running" && state.timer.endsAt === null) fail("a running timer has no end")
}
