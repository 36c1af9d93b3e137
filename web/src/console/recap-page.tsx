/**
 * The recap after a session (GET /api/sessions/{id}/recap): who came, the
 * timeline of phases and activities, the cards dealt and picked, poll
 * results and breakout rooms, only what this reader could see live; the
 * same recap as a PDF to download (fetched with the token, then saved); and,
 * for those who run sessions, journeys for this group next time.
 */
import { A, useParams } from "@solidjs/router"
import { createResource, createSignal, For, Show } from "solid-js"
import { PHASES } from "../../../actors/journey/activity.ts"
import { formatDateTime, formatNumber, plural, t } from "../i18n/i18n.ts"
import { showToast } from "../ui/Toasts.tsx"
import type { Recap } from "./api-types.ts"
import { InsightsRetrospective } from "./insights/retrospective-view.tsx"
import { consoleError } from "./errors.ts"
import { Results } from "./results.tsx"
import { NextJourneys } from "./next-journeys.tsx"
import { api, hasRole } from "./store.ts"

const when = (iso: string | null) => (iso ? formatDateTime(Date.parse(iso)) : "—")
const phaseWord = (phase: string | null) =>
  phase && (PHASES as readonly string[]).includes(phase) ? t(`phase.${phase as (typeof PHASES)[number]}`) : t("phase.lobby")

const downloadPdf = async (id: string, title: string) => {
  const response = await api().fetchRaw("GET", `/api/sessions/${encodeURIComponent(id)}/recap.pdf`)
  const url = URL.createObjectURL(await response.blob())
  const link = document.createElement("a")
  link.href = url
  link.download = `${title.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "recap"}.pdf`
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

const RecapView = (props: { readonly recap: Recap }) => {
  const r = () => props.recap
  const [downloading, setDownloading] = createSignal(false)
  const download = async () => {
    setDownloading(true)
    try {
      await downloadPdf(r().session.id, r().session.title)
    } catch (failure) {
      showToast(t("console.recap.pdfFailed", { reason: consoleError(failure) }))
    } finally {
      setDownloading(false)
    }
  }
  const picksOf = (drawId: string) => r().picks.filter((p) => p.drawId === drawId)

  return (
    <div class="page stack-l recap">
      <div class="row between">
        <div>
          <p class="stage-kind">{t("console.recap.kicker")}</p>
          <h1 dir="auto">{r().session.title}</h1>
          <p class="muted">
            {t("console.recap.meta", { date: when(r().session.createdAt), minutes: formatNumber(r().session.minutes ?? 0) })}
            <Show when={r().session.journey}>
              {(journey) => <> · {t("console.plan.journey", { title: journey().title, version: formatNumber(journey().version) })}</>}
            </Show>
          </p>
        </div>
        <div class="row">
          <button type="button" class="btn btn-primary" disabled={downloading()} aria-busy={downloading()} onClick={() => void download()}>
            {downloading() ? t("console.recap.downloading") : t("console.recap.pdf")}
          </button>
          <A class="btn" href="/">
            {t("console.recap.back")}
          </A>
        </div>
      </div>
      <Show when={r().session.status !== "ended"}>
        <p class="alert" role="status">
          {t("console.recap.stillRunning")}
        </p>
      </Show>

      <section class="panel stack" aria-labelledby="attendance-title">
        <h2 id="attendance-title">{t("console.recap.attendance", { count: formatNumber(r().attendance.length) })}</h2>
        <Show when={r().attendance.length > 0} fallback={<p class="muted">{t("console.recap.nobody")}</p>}>
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{t("console.recap.name")}</th>
                  <th scope="col">{t("console.recap.joined")}</th>
                  <th scope="col">{t("console.recap.left")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={r().attendance}>
                  {(person) => (
                    <tr>
                      <td>
                        {person.name}
                        <Show when={person.removed}>
                          {" "}
                          <span class="chip chip-danger">{t("console.recap.removed")}</span>
                        </Show>
                        <Show when={r().session.coFacilitators.some((co) => co.userId === person.userId)}>
                          {" "}
                          <span class="chip">{t("console.people.co")}</span>
                        </Show>
                      </td>
                      <td>{when(person.joinedAt)}</td>
                      <td>{person.leftAt ? when(person.leftAt) : t("console.recap.stayed")}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </section>

      <section class="panel stack" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("console.recap.timeline")}</h2>
        <Show when={r().timeline.length > 0} fallback={<p class="muted">{t("console.recap.noTimeline")}</p>}>
          <ol class="timeline">
            <For each={r().timeline}>
              {(entry) => (
                <li>
                  <time class="muted small">{entry.at ? formatDateTime(Date.parse(entry.at), { timeStyle: "short" }) : ""}</time>
                  <strong>{phaseWord(entry.phase)}</strong>
                  <Show when={entry.activityTitle}>{(title) => <span>{title()}</span>}</Show>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </section>

      <Show when={r().draws.length > 0}>
        <section class="panel stack" aria-labelledby="cards-title">
          <h2 id="cards-title">{t("console.recap.cards")}</h2>
          <For each={r().draws}>
            {(draw) => (
              <div class="stack-s recap-draw">
                <h3>
                  {t("console.recap.draw", {
                    deck: draw.deck,
                    count: formatNumber(draw.count),
                    way: draw.faceDown ? t("console.recap.faceDown") : t("console.recap.faceUp"),
                  })}
                </h3>
                <Show when={draw.cards.length > 0}>
                  <p class="muted">{t("console.recap.dealt", { cards: draw.cards.join(", ") })}</p>
                </Show>
                <Show when={picksOf(draw.drawId).length > 0} fallback={<p class="muted">{t("console.recap.noPicks")}</p>}>
                  <ul class="recap-picks">
                    <For each={picksOf(draw.drawId)}>
                      {(pick) => (
                        <li>
                          <strong>{pick.name}</strong>: {pick.word}
                          <Show when={!pick.revealed}>
                            {" "}
                            <span class="muted">({t("console.recap.notRevealed")})</span>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </div>
            )}
          </For>
        </section>
      </Show>

      <Show when={r().polls.length > 0}>
        <section class="panel stack" aria-labelledby="polls-title">
          <h2 id="polls-title">{t("console.recap.polls")}</h2>
          <For each={r().polls}>
            {(poll) => (
              <div class="stack-s">
                <h3>{poll.question}</h3>
                <p class="muted small">
                  {t(plural(poll.voters, "console.recap.voters.one", "console.recap.voters.other"), { count: poll.voters })}
                  {poll.anonymous ? ` · ${t("console.poll.anonymous")}` : ""}
                </p>
                <Show when={poll.options.every((o) => o.count !== null)} fallback={<p class="muted">{t("console.recap.pollHidden")}</p>}>
                  <Results options={poll.options.map((o) => o.label)} tally={poll.options.map((o) => o.count ?? 0)} />
                </Show>
              </div>
            )}
          </For>
        </section>
      </Show>

      <Show when={r().breakouts}>
        {(breakout) => (
          <section class="panel stack" aria-labelledby="breakouts-title">
            <h2 id="breakouts-title">{t("console.recap.breakouts")}</h2>
            <ul class="rooms">
              <For each={breakout().rooms}>
                {(room) => (
                  <li class="breakout-room">
                    <h3>{room.name}</h3>
                    <ul>
                      <For each={room.members}>{(name) => <li>{name}</li>}</For>
                    </ul>
                  </li>
                )}
              </For>
            </ul>
          </section>
        )}
      </Show>
      <InsightsRetrospective sessionId={r().session.id} />
      <Show when={hasRole("facilitator") || hasRole("admin")}>
        <NextJourneys sessionId={r().session.id} />
      </Show>
    </div>
  )
}

export const RecapPage = () => {
  const params = useParams<{ id: string }>()
  const [recap, { refetch }] = createResource(
    () => params.id,
    (id) => api().get<Recap>(`/api/sessions/${encodeURIComponent(id)}/recap`),
  )
  return (
    <Show
      when={recap()}
      fallback={
        <div class="page">
          <Show
            when={recap.error}
            fallback={
              <p class="muted" role="status">
                {t("console.list.loading")}
              </p>
            }
          >
            <div class="alert" role="alert">
              {consoleError(recap.error)}{" "}
              <button type="button" class="btn btn-quiet" onClick={() => void refetch()}>
                {t("action.retry")}
              </button>
            </div>
          </Show>
        </div>
      }
    >
      {(loaded) => <RecapView recap={loaded()} />}
    </Show>
  )
}
