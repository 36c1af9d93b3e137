/**
 * Consent to insights: a member gives or withdraws their own (never
 * someone else's); a lead switches the room's anonymised mode. Repeating
 * the current value logs nothing. Leaving does not withdraw consent, and
 * rejoining keeps it, as the participant last set it.
 */
import { reject, type CommandContext, type Decision } from "../../engine/actor-kind.ts"
import type { Evolver, SessionHandler } from "./handler.ts"
import { needLead } from "./handler.ts"
import type { SessionCommand, SessionEvent } from "./protocol.ts"
import { isFacilitator, isParticipant } from "./rules.ts"
import type { SessionState } from "./state.ts"

export const INSIGHTS_COMMANDS = ["setInsightsConsent", "setInsightsAnonymised"] as const
type InsightsCommand = Extract<SessionCommand, { type: (typeof INSIGHTS_COMMANDS)[number] }>

const setInsightsConsent: SessionHandler<"setInsightsConsent"> = (state, command, ctx) => {
  if (isFacilitator(state, ctx.user.id)) return reject("invalid_command", "facilitators are not measured by insights; consent is for participants")
  if (!isParticipant(state, ctx.user.id)) return reject("forbidden", "join the session before you set your insights consent")
  const given = state.insightsConsent.includes(ctx.user.id)
  return given === command.given ? [] : [{ type: "insightsConsentChanged", userId: ctx.user.id, given: command.given }]
}

const setInsightsAnonymised: SessionHandler<"setInsightsAnonymised"> = (state, command, ctx) =>
  needLead(state, ctx, "switch the room's anonymised insights") ??
  (state.insightsAnonymised === command.anonymised ? [] : [{ type: "insightsModeChanged", anonymised: command.anonymised }])

export const decideInsights = (state: SessionState, command: InsightsCommand, ctx: CommandContext): Decision<SessionEvent> =>
  command.type === "setInsightsConsent" ? setInsightsConsent(state, command, ctx) : setInsightsAnonymised(state, command, ctx)

export const insightsEvolvers: { [T in "insightsConsentChanged" | "insightsModeChanged"]: Evolver<T> } = {
  insightsConsentChanged: (state, event) => ({
    ...state,
    insightsConsent: event.given
      ? [...state.insightsConsent.filter((id) => id !== event.userId), event.userId]
      : state.insightsConsent.filter((id) => id !== event.userId),
  }),
  insightsModeChanged: (state, event) => ({ ...state, insightsAnonymised: event.anonymised }),
}
