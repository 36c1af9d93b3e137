/**
 * The session decider: a session opens in the lobby (phase null), its
 * facilitators advance it through the journey's phases and activities and
 * end it; participants join with the code unless it is locked or they were
 * removed. Facilitation, cards and group work have their own modules; this
 * one holds the core commands and routes every command and event.
 */
import { reject, unknownCommand, unknownEvent, type CommandContext, type Decision, type EventEnvelope } from "../../engine/actor-kind.ts"
import { EMPTY_PLAN, PHASES } from "../journey/phases.ts"
import { sameTenant } from "../shared-values.ts"
import { CARD_COMMANDS, cardEvolvers, decideCards } from "./cards.ts"
import { decideFacilitation, FACILITATION_COMMANDS, facilitationEvolvers, withoutMember } from "./facilitation.ts"
import { decideGroup, GROUP_COMMANDS, groupEvolvers } from "./group.ts"
import { decideInsights, INSIGHTS_COMMANDS, insightsEvolvers } from "./insights-consent.ts"
import { needLead, needPower, type Evolver, type SessionHandler } from "./handler.ts"
import { JOIN_CODE_ALPHABET, MAX_ATTENDANCE, MAX_PARTICIPANTS } from "./limits.ts"
import type { SessionCommand, SessionEvent } from "./protocol.ts"
import { isFacilitator, isMember, isParticipant, mayCreateSession } from "./rules.ts"
import { upgradeState, type SessionState } from "./state.ts"

export { initialState, type Participant, type SessionState } from "./state.ts"

/** Six readable characters from a fresh id: two FNV-1a hashes, so decide stays pure. */
export const deriveJoinCode = (seed: string): string => {
  const hash = (offset: number) => {
    let h = offset >>> 0
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0
    return h
  }
  let a = hash(0x811c9dc5)
  let b = hash(0x050c5d1f)
  let code = ""
  for (let i = 0; i < 6; i++) {
    const source = i < 3 ? a : b
    code += JOIN_CODE_ALPHABET[source % JOIN_CODE_ALPHABET.length]
    if (i < 3) a = Math.floor(a / JOIN_CODE_ALPHABET.length)
    else b = Math.floor(b / JOIN_CODE_ALPHABET.length)
  }
  return code
}

const create: SessionHandler<"create"> = (state, command, ctx) => {
  if (state.status !== "absent") return reject("conflict", `session ${state.id} already exists`)
  if (!mayCreateSession(ctx.user)) return reject("forbidden", "only facilitators and admins may create a session")
  return [
    {
      type: "created",
      title: command.title,
      phases: [...PHASES],
      joinCode: command.joinCode ?? deriveJoinCode(ctx.newId()),
      facilitatorId: ctx.user.id,
      ...(command.journey ? { journey: command.journey } : {}),
      ...(command.displayName?.trim() ? { facilitatorName: command.displayName.trim() } : {}),
    },
  ]
}

const join: SessionHandler<"join"> = (state, command, ctx) => {
  // Already a member: rejoining after a reconnect changes nothing and is not an error.
  if (isMember(state, ctx.user.id)) return []
  if (command.joinCode !== state.joinCode) return reject("forbidden", "the join code does not match this session")
  if (state.removed.includes(ctx.user.id)) return reject("forbidden", "you were removed from this session; ask the facilitator to readmit you")
  if (state.locked) return reject("forbidden", "the session is locked; ask the facilitator to unlock it")
  if (state.participants.length >= MAX_PARTICIPANTS) return reject("conflict", `the session is full (${MAX_PARTICIPANTS} participants)`)
  const known = state.attendance.some((a) => a.userId === ctx.user.id)
  if (!known && state.attendance.length >= MAX_ATTENDANCE) return reject("conflict", `the session has had ${MAX_ATTENDANCE} attendees, its limit`)
  return [{ type: "participantJoined", userId: ctx.user.id, displayName: command.displayName ?? "" }]
}

const leave: SessionHandler<"leave"> = (state, _command, ctx) => {
  if (isFacilitator(state, ctx.user.id)) return reject("conflict", "a facilitator cannot leave the session; end it instead")
  return isParticipant(state, ctx.user.id) ? [{ type: "participantLeft", userId: ctx.user.id }] : []
}

const advancePhase: SessionHandler<"advancePhase"> = (state, command, ctx) => {
  const refused = needPower(state, ctx, "advance", "advance the phase")
  if (refused) return refused
  // The phase moved on since the facilitator pressed "next": that press has already been served.
  if (command.from !== undefined && command.from !== state.phase) return []
  const next = state.phase === null ? state.phases[0] : state.phases[state.phases.indexOf(state.phase) + 1]
  if (next === undefined) return reject("conflict", `${state.phase} is the last phase; end the session instead`)
  return [{ type: "phaseAdvanced", from: state.phase, to: next }]
}

const end: SessionHandler<"end"> = (state, _command, ctx) => needLead(state, ctx, "end the session") ?? [{ type: "ended", phase: state.phase }]

const lock: SessionHandler<"lock"> = (state, _command, ctx) =>
  needPower(state, ctx, "lock", "lock the session") ?? (state.locked ? [] : [{ type: "locked" }])

const unlock: SessionHandler<"unlock"> = (state, _command, ctx) =>
  needPower(state, ctx, "lock", "unlock the session") ?? (state.locked ? [{ type: "unlocked" }] : [])

/** Narrows `command` to the types a module decides, so what is left for the core switch is only its own. */
const isCommandOf = <T extends SessionCommand["type"]>(
  types: readonly T[],
  command: SessionCommand,
): command is Extract<SessionCommand, { type: T }> => (types as readonly string[]).includes(command.type)

export const decide = (restored: SessionState, command: SessionCommand, ctx: CommandContext): Decision<SessionEvent> => {
  const state = upgradeState(restored)
  if (!sameTenant(ctx.user, state.tenant)) return reject("not_found", `no session ${state.id} in your tenant`)
  if (command.type === "create") return create(state, command, ctx)
  if (state.status === "absent") return reject("not_found", `session ${state.id} does not exist; create it first`)
  if (state.status === "ended") return reject("conflict", "the session has ended")
  if (isCommandOf(FACILITATION_COMMANDS, command)) return decideFacilitation(state, command, ctx)
  if (isCommandOf(CARD_COMMANDS, command)) return decideCards(state, command, ctx)
  if (isCommandOf(GROUP_COMMANDS, command)) return decideGroup(state, command, ctx)
  if (isCommandOf(INSIGHTS_COMMANDS, command)) return decideInsights(state, command, ctx)
  switch (command.type) {
    case "join":
      return join(state, command, ctx)
    case "leave":
      return leave(state, command, ctx)
    case "advancePhase":
      return advancePhase(state, command, ctx)
    case "end":
      return end(state, command, ctx)
    case "lock":
      return lock(state, command, ctx)
    case "unlock":
      return unlock(state, command, ctx)
    default:
      return unknownCommand(command, "session")
  }
}

const coreEvolvers: { [T in "created" | "participantJoined" | "participantLeft" | "phaseAdvanced" | "ended" | "locked" | "unlocked"]: Evolver<T> } = {
  created: (state, event, envelope) => ({
    ...state,
    status: "open",
    title: event.title,
    joinCode: event.joinCode,
    phases: event.phases,
    facilitators: [event.facilitatorId],
    facilitatorName: event.facilitatorName ?? "",
    createdAt: envelope.at,
    journey: event.journey ? { journeyId: event.journey.journeyId, version: event.journey.version, title: event.journey.title } : null,
    plan: event.journey?.plan ?? EMPTY_PLAN,
  }),
  participantJoined: (state, event, envelope) => {
    const earlier = state.attendance.find((a) => a.userId === event.userId)
    const record = {
      userId: event.userId,
      displayName: event.displayName,
      firstJoinedAt: earlier?.firstJoinedAt ?? envelope.at,
      leftAt: null,
      removed: false,
    }
    return {
      ...state,
      participants: [
        ...state.participants.filter((p) => p.userId !== event.userId),
        { userId: event.userId, displayName: event.displayName, joinedAt: envelope.at },
      ],
      attendance: earlier ? state.attendance.map((a) => (a.userId === event.userId ? record : a)) : [...state.attendance, record],
    }
  },
  participantLeft: (state, event, envelope) => ({
    ...withoutMember(state, event.userId),
    attendance: state.attendance.map((a) => (a.userId === event.userId ? { ...a, leftAt: envelope.at } : a)),
  }),
  phaseAdvanced: (state, event, envelope) => {
    const activity = state.plan[event.to].length > 0 ? 0 : null
    return {
      ...state,
      phase: event.to,
      phaseStartedAt: envelope.at,
      activity,
      done: [],
      timeline: [...state.timeline, { phase: event.to, activity, at: envelope.at }],
    }
  },
  ended: (state, _event, envelope) => ({ ...state, status: "ended", endedAt: envelope.at }),
  locked: (state) => ({ ...state, locked: true }),
  unlocked: (state) => ({ ...state, locked: false }),
}

const evolvers = { ...coreEvolvers, ...facilitationEvolvers, ...cardEvolvers, ...groupEvolvers, ...insightsEvolvers } satisfies {
  [T in SessionEvent["type"]]: Evolver<T>
}

/** `evolvers` satisfying a map over every event type is the exhaustive check; an event of any other type changes nothing. */
export const evolve = (state: SessionState, event: SessionEvent, envelope: EventEnvelope): SessionState => {
  // Own keys only: a type named `toString` or `constructor` must not find Object.prototype's.
  if (!Object.hasOwn(evolvers, event.type)) return unknownEvent(event as never, state)
  return (evolvers[event.type] as Evolver<SessionEvent["type"]>)(upgradeState(state), event as never, envelope)
}
