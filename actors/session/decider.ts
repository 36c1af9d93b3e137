/**
 * The session decider: a session opens in the lobby (phase null), its
 * facilitators advance it through the journey's phases in order and end it;
 * participants join with the code unless it is locked.
 */
import { reject, type CommandContext, type EventEnvelope, type Rejection } from "../../engine/actor-kind.ts"
import type { Address } from "../../engine/address.ts"
import { sameTenant } from "../shared.ts"
import {
  JOIN_CODE_ALPHABET,
  MAX_PARTICIPANTS,
  PHASES,
  type Phase,
  type SessionCommand,
  type SessionEvent,
} from "./protocol.ts"
import { isFacilitator, isMember, isParticipant, mayCreateSession } from "./rules.ts"

export interface Participant {
  readonly userId: string
  readonly displayName: string
  readonly joinedAt: number
}

export interface SessionState {
  readonly tenant: string
  readonly id: string
  readonly status: "absent" | "open" | "ended"
  readonly title: string
  readonly joinCode: string
  readonly phases: readonly Phase[]
  /** null while in the lobby, before the first phase. */
  readonly phase: Phase | null
  readonly phaseStartedAt: number | null
  readonly locked: boolean
  readonly facilitators: readonly string[]
  readonly participants: readonly Participant[]
  readonly createdAt: number | null
  readonly endedAt: number | null
}

type Decision = readonly SessionEvent[] | Rejection
type Handler<T extends SessionCommand["type"]> = (
  state: SessionState,
  command: Extract<SessionCommand, { type: T }>,
  ctx: CommandContext,
) => Decision

export const initialState = (addr: Address): SessionState => ({
  tenant: addr.tenant,
  id: addr.id,
  status: "absent",
  title: "",
  joinCode: "",
  phases: [],
  phase: null,
  phaseStartedAt: null,
  locked: false,
  facilitators: [],
  participants: [],
  createdAt: null,
  endedAt: null,
})

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

const onlyFacilitators = (state: SessionState, ctx: CommandContext, action: string): Rejection | undefined =>
  isFacilitator(state, ctx.user.id) ? undefined : reject("forbidden", `only the session's facilitators may ${action}`)

const create: Handler<"create"> = (state, command, ctx) => {
  if (state.status !== "absent") return reject("conflict", `session ${state.id} already exists`)
  if (!mayCreateSession(ctx.user)) return reject("forbidden", "only facilitators and admins may create a session")
  return [
    {
      type: "created",
      title: command.title,
      phases: [...PHASES],
      joinCode: command.joinCode ?? deriveJoinCode(ctx.newId()),
      facilitatorId: ctx.user.id,
    },
  ]
}

const join: Handler<"join"> = (state, command, ctx) => {
  // Already a member: rejoining after a reconnect changes nothing and is not an error.
  if (isMember(state, ctx.user.id)) return []
  if (command.joinCode !== state.joinCode) return reject("forbidden", "the join code does not match this session")
  if (state.locked) return reject("forbidden", "the session is locked; ask the facilitator to unlock it")
  if (state.participants.length >= MAX_PARTICIPANTS) return reject("conflict", `the session is full (${MAX_PARTICIPANTS} participants)`)
  return [{ type: "participantJoined", userId: ctx.user.id, displayName: command.displayName ?? "" }]
}

const leave: Handler<"leave"> = (state, _command, ctx) => {
  if (isFacilitator(state, ctx.user.id)) return reject("conflict", "a facilitator cannot leave the session; end it instead")
  return isParticipant(state, ctx.user.id) ? [{ type: "participantLeft", userId: ctx.user.id }] : []
}

const advancePhase: Handler<"advancePhase"> = (state, command, ctx) => {
  const refused = onlyFacilitators(state, ctx, "advance the phase")
  if (refused) return refused
  // The phase moved on since the facilitator pressed "next": that press has already been served.
  if (command.from !== undefined && command.from !== state.phase) return []
  const next = state.phase === null ? state.phases[0] : state.phases[state.phases.indexOf(state.phase) + 1]
  if (next === undefined) return reject("conflict", `${state.phase} is the last phase; end the session instead`)
  return [{ type: "phaseAdvanced", from: state.phase, to: next }]
}

const end: Handler<"end"> = (state, _command, ctx) =>
  onlyFacilitators(state, ctx, "end the session") ?? [{ type: "ended", phase: state.phase }]

const lock: Handler<"lock"> = (state, _command, ctx) =>
  onlyFacilitators(state, ctx, "lock the session") ?? (state.locked ? [] : [{ type: "locked" }])

const unlock: Handler<"unlock"> = (state, _command, ctx) =>
  onlyFacilitators(state, ctx, "unlock the session") ?? (state.locked ? [{ type: "unlocked" }] : [])

export const decide = (state: SessionState, command: SessionCommand, ctx: CommandContext): Decision => {
  if (!sameTenant(ctx.user, state.tenant)) return reject("not_found", `no session ${state.id} in your tenant`)
  if (command.type === "create") return create(state, command, ctx)
  if (state.status === "absent") return reject("not_found", `session ${state.id} does not exist; create it first`)
  if (state.status === "ended") return reject("conflict", "the session has ended")
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
      return command satisfies never
  }
}

export const evolve = (state: SessionState, event: SessionEvent, envelope: EventEnvelope): SessionState => {
  switch (event.type) {
    case "created":
      return {
        ...state,
        status: "open",
        title: event.title,
        joinCode: event.joinCode,
        phases: event.phases,
        facilitators: [event.facilitatorId],
        createdAt: envelope.at,
      }
    case "participantJoined":
      return {
        ...state,
        participants: [
          ...state.participants.filter((participant) => participant.userId !== event.userId),
          { userId: event.userId, displayName: event.displayName, joinedAt: envelope.at },
        ],
      }
    case "participantLeft":
      return { ...state, participants: state.participants.filter((participant) => participant.userId !== event.userId) }
    case "phaseAdvanced":
      return { ...state, phase: event.to, phaseStartedAt: envelope.at }
    case "ended":
      return { ...state, status: "ended", endedAt: envelope.at }
    case "locked":
      return { ...state, locked: true }
    case "unlocked":
      return { ...state, locked: false }
    default:
      return event satisfies never
  }
}
