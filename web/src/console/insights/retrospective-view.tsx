/**
 * The recap page's insights: what stood out during the session, activity by
 * phase, and each consenting participant's activity, from
 * GET /api/sessions/{id}/insights/retrospective. Shown to the session's
 * facilitators only (anyone else gets a 403 and sees nothing here).
 */
import { createResource, For, onCleanup, Show } from "solid-js"
import { t } from "../../i18n/i18n.ts"
import { api } from "../store.ts"
import { insightText, stepLabel, type Retrospective } from "./words.ts"

const fetchRetrospective = async (sessionId: string): Promise<Retrospective | "waiting" | "none"> => {
  const response = await api()
    .fetchRaw("GET", `/api/sessions/${encodeURIComponent(sessionId)}/insights/retrospective`)
    .catch((error: { status?: number }) => error)
  if (response instanceof Response) return (await response.json()) as Retrospective
  const status = (response as { status?: number }).status
  return status === 409 ? "waiting" : "none"
}

export const InsightsRetrospective = (props: { readonly sessionId: string }) => {
  const [retrospective, { refetch }] = createResource(() => props.sessionId, fetchRetrospective)
  // Ended a moment ago: the summary comes within seconds, so ask again shortly.
  const retry = setInterval(() => {
    if (retrospective() === "waiting") void refetch()
    else if (!retrospective.loading) clearInterval(retry)
  }, 3_000)
  onCleanup(() => clearInterval(retry))
  return (
    <Show when={retrospective() !== "none" && !retrospective.error}>
      <section class="panel stack insights-retrospective" aria-labelledby="insights-retrospective-title" data-testid="insights-retrospective">
        <h2 id="insights-retrospective-title">{t("insights.retrospective")}</h2>
        <p class="hint">{t("insights.notice")}</p>
        <Show
          when={typeof retrospective() === "object" ? (retrospective() as Retrospective) : undefined}
          fallback={
            <p class="muted" role="status">
              {t("insights.retrospectiveWaiting")}
            </p>
          }
        >
          {(r) => (
            <>
              <p>
                {t("insights.summary", {
                  minutes: Math.round(r().durationSeconds / 60),
                  participants: r().room.participants,
                  ops: r().room.operations,
                })}
              </p>
              <p class="muted">{t("insights.consenting", { consenting: r().room.consenting, participants: r().room.participants })}</p>
              <Show when={r().moments.length > 0}>
                <h3>{t("insights.moments")}</h3>
                <ul class="stack">
                  <For each={r().moments}>{(moment) => <li data-kind={moment.kind}>{insightText(moment)}</li>}</For>
                </ul>
              </Show>
              <Show when={r().steps.length > 0}>
                <h3>{t("insights.steps")}</h3>
                <ul>
                  <For each={r().steps}>{(step) => <li>{t("insights.stepLine", { label: stepLabel(step.label), ops: step.operations })}</li>}</For>
                </ul>
              </Show>
              <Show when={r().people.length > 0}>
                <h3>{t("insights.people")}</h3>
                <ul>
                  <For each={r().people}>
                    {(p) => (
                      <li>
                        {t("insights.person", { name: p.name, ops: p.operations, kinds: p.variety, minutes: Math.round(p.activeSeconds / 60) })}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </>
          )}
        </Show>
      </section>
    </Show>
  )
}
