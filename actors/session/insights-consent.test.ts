import { describe, expect, it } from "vitest"
import { spec } from "../../engine/testing/decider-spec.ts"
import { ana, ben, lead, outsider, withGroup } from "./testing/fixtures.ts"
import { sessionKind } from "./index.ts"

const session = spec(sessionKind)

describe("insights consent", () => {
  it("is off by default; a participant gives and withdraws their own, and repeating it logs nothing", () => {
    const { state } = session
      .given(withGroup)
      .when({ type: "setInsightsConsent", given: true }, { user: ana })
      .then([{ type: "insightsConsentChanged", userId: "part-1", given: true }])
    expect(state.insightsConsent).toEqual(["part-1"])
    session.given(withGroup).when({ type: "setInsightsConsent", given: false }, { user: ana }).then([])
    const given = [...withGroup, { type: "insightsConsentChanged" as const, userId: "part-1", given: true }]
    session.given(given).when({ type: "setInsightsConsent", given: true }, { user: ana }).then([])
    const { state: withdrawn } = session
      .given(given)
      .when({ type: "setInsightsConsent", given: false }, { user: ana })
      .then([{ type: "insightsConsentChanged", userId: "part-1", given: false }])
    expect(withdrawn.insightsConsent).toEqual([])
    // Another participant's switch is their own.
    session
      .given(given)
      .when({ type: "setInsightsConsent", given: true }, { user: ben })
      .then([{ type: "insightsConsentChanged", userId: "part-2", given: true }])
  })

  it("is refused to someone who has not joined and to the facilitator, and a bad value changes nothing", () => {
    session.given(withGroup).when({ type: "setInsightsConsent", given: true }, { user: outsider }).thenRejects("forbidden", /join/)
    session
      .given(withGroup)
      .when({ type: "setInsightsConsent", given: true }, { user: lead })
      .thenRejects("invalid_command", /participants/)
    session.when({ type: "setInsightsConsent", given: "yes" }).thenRefusedBySchema()
  })

  it("only a lead switches the room's anonymised mode", () => {
    const { state } = session
      .given(withGroup)
      .when({ type: "setInsightsAnonymised", anonymised: true }, { user: lead })
      .then([{ type: "insightsModeChanged", anonymised: true }])
    expect(state.insightsAnonymised).toBe(true)
    session.given(withGroup).when({ type: "setInsightsAnonymised", anonymised: false }, { user: lead }).then([])
    session.given(withGroup).when({ type: "setInsightsAnonymised", anonymised: true }, { user: ana }).thenRejects("forbidden", /lead/)
  })
})
