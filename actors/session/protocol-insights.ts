/**
 * Consent to facilitator insights. Default off: a participant is measured
 * by name only after they switch it on, and may switch it off at any time.
 * A lead facilitator may anonymise the whole room (nobody named at all).
 */
import { Schema } from "effect"
import { Id } from "../shared.ts"

const message = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) => Schema.Struct({ type: Schema.Literal(type), ...fields })

export const InsightsCommands = [
  /** One's own consent: whether insights may name them (otherwise they count in aggregates only). */
  message("setInsightsConsent", { given: Schema.Boolean }),
  /** The lead's switch for the room: insights name nobody and show aggregates only. */
  message("setInsightsAnonymised", { anonymised: Schema.Boolean }),
] as const

export const InsightsEvents = [
  message("insightsConsentChanged", { userId: Id, given: Schema.Boolean }),
  message("insightsModeChanged", { anonymised: Schema.Boolean }),
] as const
