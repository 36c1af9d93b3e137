/**
 * Home: the sessions running now (back into the room), the past ones (their
 * recaps), the organization's journeys, and the journey templates, each
 * with "Start session" (one click: a journey from the template, then a
 * session of it, then the live room). Every empty list says what to do next.
 */
import { A } from "@solidjs/router"
import { createResource, For, onMount, Show } from "solid-js"
import { PHASES } from "../../../actors/journey/activity.ts"
import { formatDateTime, formatNumber, locale, plural, t } from "../i18n/i18n.ts"
import type { SessionSummary, TemplateSummary } from "./api-types.ts"
import { consoleError } from "./errors.ts"
import { knownJourneys, type KnownJourney } from "./journeys-local.ts"
import { createPaged } from "./paged.ts"
import { startFromTemplate, startJourney, useSessionStarter } from "./start-session.ts"
import { api, hasRole } from "./store.ts"

const sessionsOf = (status: "open" | "ended") =>
  createPaged<SessionSummary>((cursor) => api().get("/api/sessions", { query: { status, limit: 20, cursor } }))

const phaseWord = (phase: string | null) =>
  phase && (PHASES as readonly string[]).includes(phase) ? t(`phase.${phase as (typeof PHASES)[number]}`) : t("phase.lobby")

const SessionList = (props: { readonly list: ReturnType<typeof sessionsOf>; readonly empty: string; readonly running: boolean }) => (
  <>
    <Show when={props.list.error()}>
      <div class="alert" role="alert">
        {consoleError(props.list.error())}{" "}
        <button type="button" class="btn btn-quiet" onClick={() => void props.list.reload()}>
          {t("action.retry")}
        </button>
      </div>
    </Show>
    <Show when={props.list.loaded() && props.list.items().length === 0}>
      <p class="empty">{props.empty}</p>
    </Show>
    <ul class="item-list">
      <For each={props.list.items()}>
        {(session, i) => (
          <li class="item">
            <div class="item-main">
              <strong dir="auto">{session.title}</strong>
              <span class="muted">
                {props.running
                  ? t("console.home.runningMeta", {
                      phase: phaseWord(session.phase),
                      people: t(plural(session.participantCount, "console.people.one", "console.people.other"), { count: session.participantCount }),
                    })
                  : t("console.home.pastMeta", {
                      date: formatDateTime(Date.parse(session.endedAt ?? session.createdAt)),
                      people: t(plural(session.participantCount, "console.people.one", "console.people.other"), { count: session.participantCount }),
                    })}
              </span>
              <Show when={session.locked && props.running}>
                <span class="chip chip-warn">{t("console.room.locked")}</span>
              </Show>
            </div>
            <Show
              when={props.running}
              fallback={
                <A class="btn" href={`/sessions/${session.id}/recap`} aria-label={t("console.home.recapOf", { title: session.title })}>
                  {t("console.home.recap")}
                </A>
              }
            >
              <A
                class={i() === 0 ? "btn btn-primary" : "btn"}
                href={`/sessions/${session.id}`}
                aria-label={t("console.home.openRoomOf", { title: session.title })}
              >
                {t("console.home.openRoom")}
              </A>
            </Show>
          </li>
        )}
      </For>
    </ul>
    <Show when={props.list.hasMore()}>
      <button type="button" class="btn" disabled={props.list.loading()} onClick={() => void props.list.loadMore()}>
        {t("console.list.more")}
      </button>
    </Show>
    <Show when={props.list.loading() && !props.list.loaded()}>
      <p class="muted" role="status">
        {t("console.list.loading")}
      </p>
    </Show>
  </>
)

interface JourneySummary {
  readonly id: string
  readonly title: string
  readonly version: number
  readonly updatedAt: string
}

/** The organization's journeys (GET /api/journeys, last changed first); the ones saved on this device when that list cannot be read. */
const loadJourneys = async (): Promise<readonly KnownJourney[]> => {
  try {
    const page = await api().get<{ items: JourneySummary[] }>("/api/journeys", { query: { limit: 12 } })
    return page.items.map((j) => ({ journeyId: j.id, title: j.title, version: j.version, savedAt: Date.parse(j.updatedAt) }))
  } catch {
    return knownJourneys()
  }
}

export const HomePage = () => {
  const running = sessionsOf("open")
  const past = sessionsOf("ended")
  const canRun = () => hasRole("facilitator") || hasRole("admin")
  // Asked again in the new language when the user switches: the templates are built-in content.
  const [templates, { refetch }] = createResource(
    () => canRun() && locale(),
    async () => (await api().get<{ templates: TemplateSummary[] }>("/api/journey-templates")).templates,
  )
  const { starting, start } = useSessionStarter()
  const [journeys] = createResource(canRun, loadJourneys)

  onMount(() => {
    void running.reload()
    void past.reload()
  })

  return (
    <div class="page stack-l">
      <h1>{t("console.home.title")}</h1>

      <section class="panel stack" aria-labelledby="running-title">
        <h2 id="running-title">{t("console.home.running")}</h2>
        <SessionList list={running} running empty={canRun() ? t("console.home.runningEmpty") : t("console.home.runningEmptyMember")} />
      </section>

      <div class="home-grid">
        <Show when={canRun()}>
          <section class="panel stack" aria-labelledby="templates-title">
            <div class="row between">
              <h2 id="templates-title">{t("console.home.templates")}</h2>
              <A class="btn" href="/journeys/new">
                {t("console.home.newJourney")}
              </A>
            </div>
            <p class="muted">{t("console.home.templatesIntro")}</p>
            <Show when={templates.error}>
              <div class="alert" role="alert">
                {consoleError(templates.error)}{" "}
                <button type="button" class="btn btn-quiet" onClick={() => void refetch()}>
                  {t("action.retry")}
                </button>
              </div>
            </Show>
            <Show when={(journeys() ?? []).length > 0}>
              <h3>{t("console.home.myJourneys")}</h3>
              <ul class="template-grid">
                <For each={journeys() ?? []}>
                  {(journey) => (
                    <li class="template">
                      <strong dir="auto">{journey.title}</strong>
                      <span class="muted">
                        {t("console.home.journeyMeta", {
                          version: formatNumber(journey.version),
                          date: formatDateTime(journey.savedAt, { dateStyle: "medium" }),
                        })}
                      </span>
                      <div class="row">
                        <button
                          type="button"
                          class="btn"
                          disabled={starting() !== undefined}
                          aria-label={t("console.home.startOf", { title: journey.title })}
                          onClick={() => void start(journey.journeyId, () => startJourney(journey.journeyId))}
                        >
                          {starting() === journey.journeyId ? t("console.home.starting") : t("console.home.start")}
                        </button>
                        <A
                          class="btn btn-quiet"
                          href={`/journeys/${journey.journeyId}`}
                          aria-label={t("console.home.editOf", { title: journey.title })}
                        >
                          {t("console.home.edit")}
                        </A>
                      </div>
                    </li>
                  )}
                </For>
              </ul>
              <h3>{t("console.home.fromTemplate")}</h3>
            </Show>
            <ul class="template-grid">
              <For
                each={templates() ?? []}
                fallback={
                  <Show when={templates.loading}>
                    <li class="muted" aria-live="polite">
                      {t("console.list.loading")}
                    </li>
                  </Show>
                }
              >
                {(template) => (
                  <li class="template">
                    {/* Template texts come from the server in their own language: dir="auto" keeps their punctuation where it belongs in a mirrored page. */}
                    <strong dir="auto">{template.title}</strong>
                    <p class="muted" dir="auto">
                      {template.description}
                    </p>
                    <p class="phase-counts">
                      <For each={PHASES}>
                        {(phase) => (
                          <span>
                            {t("console.home.phaseCount", { phase: t(`phase.${phase}`), count: formatNumber(template.activities[phase] ?? 0) })}
                          </span>
                        )}
                      </For>
                    </p>
                    <div class="row">
                      <button
                        type="button"
                        class="btn"
                        disabled={starting() !== undefined}
                        aria-label={t("console.home.startOf", { title: template.title })}
                        onClick={() => void start(template.templateId, () => startFromTemplate(template.templateId, template.title))}
                      >
                        {starting() === template.templateId ? t("console.home.starting") : t("console.home.start")}
                      </button>
                      <A
                        class="btn btn-quiet"
                        href={`/journeys/new?template=${encodeURIComponent(template.templateId)}`}
                        aria-label={t("console.home.adaptOf", { title: template.title })}
                      >
                        {t("console.home.adapt")}
                      </A>
                    </div>
                  </li>
                )}
              </For>
            </ul>
          </section>
        </Show>

        <section class="panel stack" aria-labelledby="past-title">
          <h2 id="past-title">{t("console.home.past")}</h2>
          <SessionList list={past} running={false} empty={t("console.home.pastEmpty")} />
        </section>
      </div>
    </div>
  )
}
