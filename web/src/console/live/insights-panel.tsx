/**
 * The live room's insights panel, for the session's facilitators: what
 * stands out now (silent or dominant participants, a stuck or finished
 * phase, a theme someone keeps choosing, who builds on whose work), pushed
 * by GET /api/sessions/{id}/insights/live as it happens. Participants are
 * named only with their consent; the lead can anonymise the whole room.
 * It says plainly that insights describe activity, never emotions.
 * It sits in the side column's Insights tab, which names it; `onNews`
 * tells the tab which insights stand now, for its badge.
 */
import { batch, createEffect, createSignal, For, onCleanup, onMount, Show } from "solid-js"
import { createStore, reconcile } from "solid-js/store"
import { t } from "../../i18n/i18n.ts"
import { consoleError } from "../errors.ts"
import { insightText, readInsightStream, type Insight, type InsightsView } from "../insights/words.ts"
import type { PersonSummary } from "../../../../ml/insights/present.ts"
import { api } from "../store.ts"
import { useRoom } from "./room-context.ts"

export const InsightsPanel = (props: { readonly onNews?: (keys: readonly string[]) => void }) => {
  const room = useRoom()
  const runs = () => room.lead() || room.state().coFacilitators.some((co) => co.userId === room.me)
  const [view, setView] = createSignal<InsightsView>()
  // Each push is a whole new view: reconciled by id, a standing insight keeps its element (and the
  // screen reader hears only what changed) instead of every item being drawn again every push.
  const [insights, setInsights] = createStore<Insight[]>([])
  const [people, setPeople] = createStore<PersonSummary[]>([])
  const show = (next: InsightsView) =>
    batch(() => {
      setInsights(reconcile([...next.insights], { key: "id" }))
      setPeople(reconcile([...next.people], { key: "userId" }))
      setView(next)
    })
  const [failure, setFailure] = createSignal<unknown>()
  const abort = new AbortController()

  onMount(() => {
    if (!runs()) return
    const path = `/api/sessions/${encodeURIComponent(room.sessionId)}/insights/live`
    void api()
      .fetchRaw("GET", path, { signal: abort.signal })
      .then((response) => readInsightStream(response, (event, data) => event === "insights" && show(data as InsightsView)))
      .catch((error: unknown) => !abort.signal.aborted && setFailure(error))
  })
  onCleanup(() => abort.abort())
  createEffect(() => props.onNews?.(insights.map((insight) => insight.id)))

  return (
    <Show when={runs()}>
      <section class="panel stack insights-panel" aria-labelledby="insights-title" data-testid="insights-panel">
        <h2 id="insights-title" class="visually-hidden">
          {t("insights.title")}
        </h2>
        <p class="hint">{t("insights.notice")}</p>
        <Show when={room.lead()}>
          <label class="journal-switch">
            <input
              type="checkbox"
              role="switch"
              checked={room.state().insightsAnonymised === true}
              onChange={(e) => void room.send({ type: "setInsightsAnonymised", anonymised: e.currentTarget.checked })}
            />
            <span>{t("insights.anonymise")}</span>
          </label>
        </Show>
        <Show
          when={failure() === undefined}
          fallback={
            <p class="muted" role="status">
              {t("insights.unavailable", { reason: consoleError(failure()) })}
            </p>
          }
        >
          <Show
            when={view()}
            fallback={
              <p class="muted" role="status">
                {t("insights.connecting")}
              </p>
            }
          >
            {(v) => (
              <>
                <p class="muted">{t("insights.consenting", { consenting: v().room.consenting, participants: v().room.participants })}</p>
                <Show when={insights.length > 0} fallback={<p class="empty">{t("insights.none")}</p>}>
                  <ul class="stack" aria-live="polite">
                    <For each={insights}>
                      {(insight) => (
                        <li data-kind={insight.kind} data-who={insight.who.join(" ")}>
                          {insightText(insight)}
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <Show when={people.length > 0}>
                  <h3>{t("insights.people")}</h3>
                  <ul>
                    <For each={people}>
                      {(p) => (
                        <li>
                          {t("insights.person", { name: p.name, ops: p.operations, kinds: p.variety, minutes: Math.round(p.activeSeconds / 60) })}
                          <Show when={p.topThemes.length > 0}>
                            <span class="muted"> · {t("insights.drawnTo", { themes: p.topThemes.join(", ") })}</span>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </>
            )}
          </Show>
        </Show>
      </section>
    </Show>
  )
}
