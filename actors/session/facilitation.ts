/**
 * Running the room: co-facilitators, removals, activities, the shared timer,
 * spotlight, shared view, raised hands and the ready counter ("I'm done",
 * which lasts for the current activity only). The timer is kept as the moment it
 * ends (or the time left while paused), so every member counts down to the
 * same instant and a replay lands on the same values.
 */
import { reject, unknownCommand, type CommandContext, type Decision } from "../../engine/actor-kind.ts"
import type { Evolver, SessionHandler } from "./handler.ts"
import { needLead, needMember, needPower } from "./handler.ts"
import type { DoneFor, SessionCommand, SessionEvent } from "./protocol.ts"
import { hasPower, isFacilitator, isMember, isParticipant } from "./rules.ts"
import { IDLE_TIMER, type SessionState } from "./state.ts"

type FacilitationCommand = Extract<SessionCommand, { type: (typeof FACILITATION_COMMANDS)[number] }>
export const FACILITATION_COMMANDS = [
  "appointCoFacilitator",
  "dismissCoFacilitator",
  "removeParticipant",
  "readmitParticipant",
  "advanceActivity",
  "startTimer",
  "pauseTimer",
  "resumeTimer",
  "addTime",
  "stopTimer",
  "spotlight",
  "bringToView",
  "raiseHand",
  "lowerHand",
  "lowerAllHands",
  "markDone",
  "markNotDone",
  "clearDone",
] as const

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x))

const appointCoFacilitator: SessionHandler<"appointCoFacilitator"> = (state, command, ctx) => {
  const refused = needLead(state, ctx, "appoint co-facilitators")
  if (refused) return refused
  if (!isParticipant(state, command.userId)) return reject("invalid_command", `${command.userId} is not a participant of this session`)
  const powers = [...new Set(command.powers)]
  const current = state.coFacilitators.find((co) => co.userId === command.userId)
  return current && sameSet(current.powers, powers) ? [] : [{ type: "coFacilitatorAppointed", userId: command.userId, powers }]
}

const dismissCoFacilitator: SessionHandler<"dismissCoFacilitator"> = (state, command, ctx) =>
  needLead(state, ctx, "dismiss co-facilitators") ??
  (state.coFacilitators.some((co) => co.userId === command.userId) ? [{ type: "coFacilitatorDismissed", userId: command.userId }] : [])

const removeParticipant: SessionHandler<"removeParticipant"> = (state, command, ctx) => {
  const refused = needLead(state, ctx, "remove participants")
  if (refused) return refused
  if (isFacilitator(state, command.userId)) return reject("invalid_command", "a lead facilitator cannot be removed")
  if (state.removed.includes(command.userId)) return []
  if (!state.attendance.some((a) => a.userId === command.userId)) return reject("not_found", `${command.userId} never joined this session`)
  return [{ type: "participantRemoved", userId: command.userId }]
}

const readmitParticipant: SessionHandler<"readmitParticipant"> = (state, command, ctx) =>
  needLead(state, ctx, "readmit participants") ??
  (state.removed.includes(command.userId) ? [{ type: "participantReadmitted", userId: command.userId }] : [])

const advanceActivity: SessionHandler<"advanceActivity"> = (state, command, ctx) => {
  const refused = needPower(state, ctx, "advance", "move to the next activity")
  if (refused) return refused
  if (command.from !== undefined && command.from !== state.activity) return []
  if (state.phase === null) return reject("conflict", "the session is in the lobby; advance to the first phase")
  const activities = state.plan[state.phase]
  const next = state.activity === null ? 0 : state.activity + 1
  if (next >= activities.length) return reject("conflict", `that was the last activity of ${state.phase}; advance the phase instead`)
  return [{ type: "activityAdvanced", index: next }]
}

const timerHandlers: { [T in "startTimer" | "pauseTimer" | "resumeTimer" | "addTime" | "stopTimer"]: SessionHandler<T> } = {
  startTimer: (state, command, ctx) => {
    const durationMs = command.seconds * 1000
    return [{ type: "timerStarted", durationMs, endsAt: ctx.now + durationMs }]
  },
  pauseTimer: (state, _command, ctx) =>
    state.timer.status !== "running" ? [] : [{ type: "timerPaused", remainingMs: Math.max(0, (state.timer.endsAt ?? ctx.now) - ctx.now) }],
  resumeTimer: (state, _command, ctx) =>
    state.timer.status !== "paused" ? [] : [{ type: "timerResumed", endsAt: ctx.now + (state.timer.remainingMs ?? 0) }],
  addTime: (state, command, ctx) => {
    const addedMs = command.seconds * 1000
    if (state.timer.status === "running")
      return [{ type: "timeAdded", addedMs, endsAt: Math.max(state.timer.endsAt ?? ctx.now, ctx.now) + addedMs, remainingMs: null }]
    if (state.timer.status === "paused") return [{ type: "timeAdded", addedMs, endsAt: null, remainingMs: (state.timer.remainingMs ?? 0) + addedMs }]
    return reject("conflict", "no timer is running; start one first")
  },
  stopTimer: (state) => (state.timer.status === "idle" ? [] : [{ type: "timerStopped" }]),
}

/** A card may be spotlighted only once everyone can already see it: in a face-up spread, or revealed. */
const isPublicCard = (state: SessionState, drawId: string, cardId: string): boolean => {
  const draw = state.draws.find((d) => d.drawId === drawId)
  if (!draw) return false
  if (!draw.faceDown && draw.cardIds.includes(cardId)) return true
  return state.picks.some((p) => p.drawId === drawId && p.revealed && p.cardId === cardId)
}

const spotlight: SessionHandler<"spotlight"> = (state, command, ctx) => {
  const refused = needPower(state, ctx, "spotlight", "set the spotlight")
  if (refused) return refused
  const target = command.target
  if (target?.kind === "participant" && !isMember(state, target.userId)) return reject("invalid_command", `${target.userId} is not in the session`)
  if (target?.kind === "card" && !isPublicCard(state, target.drawId, target.cardId)) {
    return reject("invalid_command", "only a card everyone can already see (face up, or revealed) can be spotlighted")
  }
  return JSON.stringify(target) === JSON.stringify(state.spotlight) ? [] : [{ type: "spotlightSet", target }]
}

const bringToView: SessionHandler<"bringToView"> = (state, command, ctx) => {
  const refused = needPower(state, ctx, "spotlight", "bring everyone to a view")
  if (refused) return refused
  const { kind, id } = command.view
  const needsId = kind === "canvas" || kind === "draw" || kind === "poll"
  if (needsId !== (id !== null)) return reject("invalid_command", needsId ? `a ${kind} view names its id` : `a ${kind} view has no id`)
  if (kind === "draw" && !state.draws.some((d) => d.drawId === id)) return reject("not_found", `no draw ${id} in this session`)
  if (kind === "poll" && !state.polls.some((p) => p.pollId === id)) return reject("not_found", `no poll ${id} in this session`)
  return [{ type: "viewShared", view: command.view }]
}

const raiseHand: SessionHandler<"raiseHand"> = (state, _command, ctx) =>
  needMember(state, ctx, "raise your hand") ?? (state.hands.includes(ctx.user.id) ? [] : [{ type: "handRaised", userId: ctx.user.id }])

const lowerHand: SessionHandler<"lowerHand"> = (state, command, ctx) => {
  const userId = command.userId ?? ctx.user.id
  if (userId !== ctx.user.id && !hasPower(state, ctx.user.id, "hands")) {
    return reject("forbidden", "only the session's facilitators (or a co-facilitator with the hands power) may lower another's hand")
  }
  return state.hands.includes(userId) ? [{ type: "handLowered", userId }] : []
}

const lowerAllHands: SessionHandler<"lowerAllHands"> = (state, _command, ctx) =>
  needPower(state, ctx, "hands", "lower every hand") ?? (state.hands.length === 0 ? [] : [{ type: "handsCleared" }])

/** Whether a press meant `during` an activity still applies: the room has not moved to another phase or activity since. */
const stillCurrent = (state: SessionState, during: DoneFor | undefined): boolean =>
  during === undefined || (during.phase === state.phase && during.activity === state.activity)

const markDone: SessionHandler<"markDone"> = (state, command, ctx) =>
  needMember(state, ctx, "say you are done") ??
  (!stillCurrent(state, command.during) || state.done.includes(ctx.user.id) ? [] : [{ type: "doneMarked", userId: ctx.user.id }])

const markNotDone: SessionHandler<"markNotDone"> = (state, command, ctx) =>
  needMember(state, ctx, 'undo your "I\'m done"') ??
  (stillCurrent(state, command.during) && state.done.includes(ctx.user.id) ? [{ type: "doneUnmarked", userId: ctx.user.id }] : [])

const clearDone: SessionHandler<"clearDone"> = (state, _command, ctx) =>
  needPower(state, ctx, "advance", "reset the ready counter") ?? (state.done.length === 0 ? [] : [{ type: "doneCleared" }])

export const decideFacilitation = (state: SessionState, command: FacilitationCommand, ctx: CommandContext): Decision<SessionEvent> => {
  switch (command.type) {
    case "appointCoFacilitator":
      return appointCoFacilitator(state, command, ctx)
    case "dismissCoFacilitator":
      return dismissCoFacilitator(state, command, ctx)
    case "removeParticipant":
      return removeParticipant(state, command, ctx)
    case "readmitParticipant":
      return readmitParticipant(state, command, ctx)
    case "advanceActivity":
      return advanceActivity(state, command, ctx)
    case "startTimer":
    case "pauseTimer":
    case "resumeTimer":
    case "addTime":
    case "stopTimer":
      return (
        needPower(state, ctx, "timer", "control the timer") ??
        (timerHandlers[command.type] as SessionHandler<typeof command.type>)(state, command, ctx)
      )
    case "spotlight":
      return spotlight(state, command, ctx)
    case "bringToView":
      return bringToView(state, command, ctx)
    case "raiseHand":
      return raiseHand(state, command, ctx)
    case "lowerHand":
      return lowerHand(state, command, ctx)
    case "lowerAllHands":
      return lowerAllHands(state, command, ctx)
    case "markDone":
      return markDone(state, command, ctx)
    case "markNotDone":
      return markNotDone(state, command, ctx)
    case "clearDone":
      return clearDone(state, command, ctx)
    default:
      return unknownCommand(command, "session")
  }
}

/** Removing someone takes them out of everything live: the room, their hand, their "done", their breakout room, their powers. */
export const withoutMember = (state: SessionState, userId: string): SessionState => ({
  ...state,
  participants: state.participants.filter((p) => p.userId !== userId),
  hands: state.hands.filter((id) => id !== userId),
  done: state.done.filter((id) => id !== userId),
  breakout: state.breakout && {
    ...state.breakout,
    rooms: state.breakout.rooms.map((room) => ({ ...room, members: room.members.filter((id) => id !== userId) })),
  },
})

export const facilitationEvolvers: { [T in (typeof FACILITATION_EVENTS)[number]]: Evolver<T> } = {
  coFacilitatorAppointed: (state, event) => ({
    ...state,
    coFacilitators: [...state.coFacilitators.filter((co) => co.userId !== event.userId), { userId: event.userId, powers: event.powers }],
  }),
  coFacilitatorDismissed: (state, event) => ({ ...state, coFacilitators: state.coFacilitators.filter((co) => co.userId !== event.userId) }),
  participantRemoved: (state, event, envelope) => ({
    ...withoutMember(state, event.userId),
    coFacilitators: state.coFacilitators.filter((co) => co.userId !== event.userId),
    removed: [...state.removed, event.userId],
    attendance: state.attendance.map((a) => (a.userId === event.userId ? { ...a, removed: true, leftAt: a.leftAt ?? envelope.at } : a)),
  }),
  participantReadmitted: (state, event) => ({ ...state, removed: state.removed.filter((id) => id !== event.userId) }),
  activityAdvanced: (state, event, envelope) => ({
    ...state,
    activity: event.index,
    done: [],
    timeline: [...state.timeline, { phase: state.phase, activity: event.index, at: envelope.at }],
  }),
  timerStarted: (state, event) => ({ ...state, timer: { status: "running", durationMs: event.durationMs, endsAt: event.endsAt, remainingMs: null } }),
  timerPaused: (state, event) => ({ ...state, timer: { ...state.timer, status: "paused", endsAt: null, remainingMs: event.remainingMs } }),
  timerResumed: (state, event) => ({ ...state, timer: { ...state.timer, status: "running", endsAt: event.endsAt, remainingMs: null } }),
  timeAdded: (state, event) => ({
    ...state,
    timer: { ...state.timer, durationMs: state.timer.durationMs + event.addedMs, endsAt: event.endsAt, remainingMs: event.remainingMs },
  }),
  timerStopped: (state) => ({ ...state, timer: IDLE_TIMER }),
  spotlightSet: (state, event) => ({ ...state, spotlight: event.target }),
  viewShared: (state, event) => ({ ...state, view: event.view }),
  handRaised: (state, event) => ({ ...state, hands: [...state.hands, event.userId] }),
  handLowered: (state, event) => ({ ...state, hands: state.hands.filter((id) => id !== event.userId) }),
  handsCleared: (state) => ({ ...state, hands: [] }),
  doneMarked: (state, event) => ({ ...state, done: [...state.done, event.userId] }),
  doneUnmarked: (state, event) => ({ ...state, done: state.done.filter((id) => id !== event.userId) }),
  doneCleared: (state) => ({ ...state, done: [] }),
}

export const FACILITATION_EVENTS = [
  "coFacilitatorAppointed",
  "coFacilitatorDismissed",
  "participantRemoved",
  "participantReadmitted",
  "activityAdvanced",
  "timerStarted",
  "timerPaused",
  "timerResumed",
  "timeAdded",
  "timerStopped",
  "spotlightSet",
  "viewShared",
  "handRaised",
  "handLowered",
  "handsCleared",
  "doneMarked",
  "doneUnmarked",
  "doneCleared",
] as const
