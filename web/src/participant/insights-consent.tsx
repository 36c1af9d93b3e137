/**
 * The participant's insights consent: a clear switch, off until they turn
 * it on, saying what it means (activity counted, never feelings; without it
 * they appear in totals only). It sends `setInsightsConsent` to the session.
 */
import { Show } from "solid-js"
import type { SessionState } from "../../../actors/session/state.ts"
import { t } from "../i18n/i18n.ts"

export const InsightsConsent = (props: {
  readonly state: SessionState
  readonly me: string
  readonly send: (cmd: { type: string; [field: string]: unknown }) => unknown
}) => {
  const given = () => (props.state.insightsConsent ?? []).includes(props.me)
  return (
    <Show when={props.state.status === "open" && props.state.participants.some((p) => p.userId === props.me)}>
      <section class="panel stack insights-consent" aria-labelledby="insights-consent-title" data-testid="insights-consent">
        <label class="row" id="insights-consent-title">
          <input
            type="checkbox"
            role="switch"
            checked={given()}
            onChange={(e) => void props.send({ type: "setInsightsConsent", given: e.currentTarget.checked })}
          />
          <span>{t("insights.consentLabel")}</span>
        </label>
        <p class="hint">{t("insights.consentHint")}</p>
      </section>
    </Show>
  )
}
