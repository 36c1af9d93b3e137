/** The organization's AI usage for its admins: the coach's questions, answers and feedback, the copilot's drafts, and the tokens of both, ready for AI credits. */
import { createResource, Show } from "solid-js"
import type { CoachUsage as UsageCounts } from "../../../actors/coach/usage.ts"
import type { Api } from "../client/index.ts"
import { formatNumber, t } from "../i18n/i18n.ts"
import { coachError } from "./words.ts"

/** The server's fold (actors/coach/usage.ts), with what the route adds about the node. */
interface CoachUsage extends UsageCounts {
  readonly configured: boolean
  readonly model: string | null
  readonly complete: boolean
}

export const CoachUsageSection = (props: { readonly api: Api }) => {
  const [usage] = createResource(() => props.api.get<CoachUsage>("/api/coach/usage"))
  const rows = (u: CoachUsage): [string, number][] => [
    [t("coach.usage.questions"), u.questions],
    [t("coach.usage.answers"), u.answers],
    [t("coach.usage.withoutModel"), u.repliesWithoutModel],
    [t("coach.usage.failed"), u.failed],
    [t("coach.usage.copilotDrafts"), u.copilotDrafts],
    [t("coach.usage.promptTokens"), u.promptTokens],
    [t("coach.usage.completionTokens"), u.completionTokens],
    [t("coach.usage.helpful"), u.helpful],
    [t("coach.usage.notHelpful"), u.notHelpful],
  ]
  return (
    <section class="panel stack" aria-labelledby="coach-usage-title">
      <h2 id="coach-usage-title">{t("coach.usage.title")}</h2>
      <Show
        when={!usage.error}
        fallback={
          <p class="alert" role="alert">
            {coachError(usage.error)}
          </p>
        }
      >
        <Show when={usage()} fallback={<p class="muted">{t("coach.cardLoading")}</p>}>
          {(u) => (
            <>
              <p class="muted">{u().configured ? t("coach.usage.model", { model: u().model ?? "" }) : t("coach.notConfigured")}</p>
              <table class="table coach-usage">
                <tbody>
                  {rows(u()).map(([label, value]) => (
                    <tr>
                      <th scope="row">{label}</th>
                      <td>{formatNumber(value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </Show>
      </Show>
    </section>
  )
}
