/** What every session command handler shares: its signature and the permission checks. */
import { reject, type CommandContext, type EventEnvelope, type Handler, type Rejection } from "../../engine/actor-kind.ts"
import type { Power, SessionCommand, SessionEvent } from "./protocol.ts"
import { hasPower, isFacilitator, isMember } from "./rules.ts"
import type { SessionState } from "./state.ts"

export type SessionHandler<T extends SessionCommand["type"]> = Handler<SessionState, SessionCommand, SessionEvent, T>

export type Evolver<T extends SessionEvent["type"]> = (
  state: SessionState,
  event: Extract<SessionEvent, { type: T }>,
  envelope: EventEnvelope,
) => SessionState

/** Refuses unless the user holds `power` (leads hold all of them). */
export const needPower = (state: SessionState, ctx: CommandContext, power: Power, action: string): Rejection | undefined =>
  hasPower(state, ctx.user.id, power)
    ? undefined
    : reject("forbidden", `only the session's facilitators (or a co-facilitator with the ${power} power) may ${action}`)

export const needLead = (state: SessionState, ctx: CommandContext, action: string): Rejection | undefined =>
  isFacilitator(state, ctx.user.id) ? undefined : reject("forbidden", `only the session's lead facilitators may ${action}`)

export const needMember = (state: SessionState, ctx: CommandContext, action: string): Rejection | undefined =>
  isMember(state, ctx.user.id) ? undefined : reject("forbidden", `join the session before you ${action}`)
