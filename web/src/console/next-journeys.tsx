/**
 * "For this group next time" on a recap: journeys (the ready templates and
 * the organization's own) ranked for the people of this session, each with
 * why, in the facilitator's language, and a button that starts it. The
 * reasons come as codes with parameters (ml/recommend/journeys.ts); one this
 * console does not know shows the server's English sentence.
 */
import { createResource, For, Show } from "solid-js"
import { formatNumber, locale, plural, t } from "../i18n/i18n.ts"
import { startFromTemplate, startJourney, useSessionStarter } from "./start-session.ts"
import { api } from "./store.ts"

interface JourneyReason {
  readonly code: string
  readonly text: string
  readonly params?: { readonly themes?: readonly string[]; readonly runs?: number }
}

interface SuggestedJourney {
  readonly id: string
  readonly source: "template" | "journey"
  readonly title: string
  readonly reason: JourneyReason
}

const themeList = (themes: readonly string[]): string => new Intl.ListFormat(locale(), { style: "short", type: "unit" }).format(themes)

export const journeyReasonText = (reason: JourneyReason): string => {
  switch (reason.code) {
    case "group-themes":
      return reason.params?.themes?.length ? t("console.next.reason.groupThemes", { themes: themeList(reason.params.themes) }) : reason.text
    case "not-run-yet":
      return t("console.next.reason.notRunYet")
    case "run-before": {
      const runs = reason.params?.runs
      return runs === undefined
        ? reason.text
        : t(plural(runs, "console.next.reason.runBefore.one", "console.next.reason.runBefore.other"), { count: formatNumber(runs) })
    }
    default:
      return reason.text
  }
}

export const NextJourneys = (props: { readonly sessionId: string }) => {
  const [suggested] = createResource(
    () => ({ session: props.sessionId, lang: locale() }),
    (query) => api().get<{ items: SuggestedJourney[] }>("/api/recommendations/journeys", { query: { ...query, limit: 3 } }),
  )
  const { starting, start: startSession } = useSessionStarter()
  const start = (journey: SuggestedJourney) =>
    startSession(journey.id, () => (journey.source === "template" ? startFromTemplate(journey.id, journey.title) : startJourney(journey.id)))
  return (
    <section class="panel stack" aria-labelledby="next-journeys-title">
      <h2 id="next-journeys-title">{t("console.next.title")}</h2>
      <Show
        when={!suggested.error}
        fallback={
          <p class="muted" role="status">
            {t("console.next.unavailable")}
          </p>
        }
      >
        <Show when={suggested()} fallback={<p class="muted">{t("console.list.loading")}</p>}>
          {(answer) => (
            <Show when={answer().items.length > 0} fallback={<p class="muted">{t("console.next.none")}</p>}>
              <ul class="item-list next-journeys">
                <For each={answer().items}>
                  {(journey) => (
                    <li class="row between">
                      <div class="stack-s">
                        <strong dir="auto">{journey.title}</strong>
                        <span class="muted small">{journeyReasonText(journey.reason)}</span>
                      </div>
                      <button
                        type="button"
                        class="btn"
                        disabled={starting() !== undefined}
                        aria-label={t("console.home.startOf", { title: journey.title })}
                        onClick={() => void start(journey)}
                      >
                        {starting() === journey.id ? t("console.home.starting") : t("console.home.start")}
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </Show>
    </section>
  )
}
