/**
 * The live room's Coach tab: the facilitator copilot, for those running the
 * session (the lead and co-facilitators).
 *
 * - Questions for the room (while the session is open): a few open
 *   questions built on the cards this group picked and was dealt and on
 *   cards that suit the phase, each showing the cards it comes from, from
 *   GET /api/sessions/{id}/copilot/questions. They are drafted again when
 *   the phase or the language changes, and on demand; each can be copied,
 *   and its card put in the spotlight on every screen while it is asked
 *   (when the card lies face up in this session and the facilitator may).
 * - The session summary, drafted from the recap on demand (and at once
 *   when the session has ended), from GET /api/sessions/{id}/copilot/summary:
 *   read here, copied, or downloaded as Markdown.
 *
 * Nothing is asked before the tab is first shown (a configured model costs
 * a call per draft); from then on the questions follow the phase even
 * while another tab is shown, and the tab's badge says when they changed.
 *
 * It says which model wrote what, and says plainly when something is not
 * available (no card library on this server, a language model that failed)
 * instead of pretending. `onNews` tells the tab which questions stand now,
 * for its badge.
 */
import { createEffect, createResource, createSignal, For, onCleanup, Show } from "solid-js"
import { locale, t, type MessageKey } from "../../i18n/i18n.ts"
import { showToast } from "../../ui/Toasts.tsx"
import { consoleError } from "../errors.ts"
import { api } from "../store.ts"
import { useRoom } from "./room-context.ts"
import "./coach-tab.css"

interface Citation {
  readonly number: number
  readonly deckId: string
  readonly cardId: string
  readonly word: string
}

interface Questions {
  readonly phase: string | null
  readonly language: string
  readonly generatedBy: "extractive" | "model"
  readonly model: string
  readonly fallback?: { readonly code: string }
  readonly libraryUnavailable?: boolean
  readonly questions: ReadonlyArray<{ readonly text: string; readonly citations: readonly Citation[] }>
  readonly sources: ReadonlyArray<{ readonly number: number; readonly why: "picked" | "dealt" | "phase"; readonly language?: string }>
}

interface Summary {
  readonly status: string
  readonly language: string
  readonly generatedBy: "extractive" | "model"
  readonly model: string
  readonly fallback?: { readonly code: string }
  readonly overview: string
  readonly markdown: string
  readonly filename: string
}

const PHASE_KEYS: Readonly<Record<string, MessageKey>> = { Pause: "phase.Pause", Expand: "phase.Expand", Focus: "phase.Focus", Doing: "phase.Doing" }
const FALLBACK_KEYS: Readonly<Record<string, MessageKey>> = {
  unavailable: "copilot.fallback.unavailable",
  timeout: "copilot.fallback.timeout",
  refused: "copilot.fallback.refused",
  uncited: "copilot.fallback.uncited",
}
const WHY_KEYS: Readonly<Record<string, MessageKey>> = {
  picked: "copilot.questions.why.picked",
  dealt: "copilot.questions.why.dealt",
  phase: "copilot.questions.why.phase",
}

const codeOf = (error: unknown): string | undefined => (error as { code?: string } | undefined)?.code

const copy = async (text: string): Promise<void> => {
  try {
    await navigator.clipboard.writeText(text)
    showToast(t("copilot.copied"))
  } catch {
    showToast(t("copilot.copyFailed"))
  }
}

const download = (filename: string, markdown: string): void => {
  const url = URL.createObjectURL(new Blob([markdown], { type: "text/markdown;charset=utf-8" }))
  const link = document.createElement("a")
  link.href = url
  link.download = filename
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export const CoachTab = (props: { readonly onNews?: (keys: readonly string[]) => void }) => {
  const room = useRoom()
  const runs = () => room.lead() || room.state().coFacilitators.some((co) => co.userId === room.me)
  const path = (what: string) => `/api/sessions/${encodeURIComponent(room.sessionId)}/copilot/${what}`

  // Shown once (its panel visible on screen): from then on, it drafts.
  const [opened, setOpened] = createSignal(false)
  const watch = (element: HTMLElement) => {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        setOpened(true)
        observer.disconnect()
      }
    })
    observer.observe(element)
    onCleanup(() => observer.disconnect())
  }

  // Questions follow the phase and the language, and come again on demand.
  const [asked, setAsked] = createSignal(0)
  const moment = () => (opened() && runs() && room.state().status === "open" ? `${room.state().phase ?? "lobby"}|${asked()}|${locale()}` : undefined)
  const [questions] = createResource(moment, () => api().get<Questions>(path("questions")))

  // The summary is drafted on demand, and at once when the session has ended.
  const [drafts, setDrafts] = createSignal(0)
  const summaryWanted = () =>
    opened() && runs() && (drafts() > 0 || room.state().status === "ended") ? `${room.state().status}|${drafts()}|${locale()}` : undefined
  const [summary] = createResource(summaryWanted, () => api().get<Summary>(path("summary")))

  createEffect(() => props.onNews?.((questions.latest?.questions ?? []).map((q) => q.text)))

  const phaseName = () => {
    const phase = room.state().phase
    return t(phase ? (PHASE_KEYS[phase] ?? "phase.lobby") : "phase.lobby")
  }
  // "Ask the room": a question's first card, when it lies face up in this session, can go in the spotlight on every screen.
  const spotTarget = (card: Citation | undefined) => {
    const s = room.state()
    if (!card) return undefined
    const visible = (drawId: string, faceDown: boolean) =>
      !faceDown || s.picks.some((p) => p.drawId === drawId && p.cardId === card.cardId && p.revealed)
    const draw = [...s.draws].reverse().find((d) => d.deckId === card.deckId && d.cardIds.includes(card.cardId) && visible(d.drawId, d.faceDown))
    return draw ? { kind: "card" as const, drawId: draw.drawId, cardId: card.cardId } : undefined
  }
  const spotlit = (target: { drawId: string; cardId: string }) => {
    const on = room.state().spotlight
    return on?.kind === "card" && on.drawId === target.drawId && on.cardId === target.cardId
  }
  const questionsError = () =>
    codeOf(questions.error) === "unavailable"
      ? t("copilot.questions.noLibrary")
      : t("copilot.questions.failed", { reason: consoleError(questions.error) })

  return (
    <Show when={runs()}>
      <section class="panel stack coach-tab" aria-labelledby="coach-tab-title" data-testid="coach-tab" ref={watch}>
        <h2 id="coach-tab-title" class="visually-hidden">
          {t("copilot.title")}
        </h2>
        <Show when={room.state().status === "open"}>
          <section class="stack copilot-questions" aria-labelledby="copilot-questions-title" aria-busy={questions.loading}>
            <div class="copilot-head">
              <h3 id="copilot-questions-title">{t("copilot.questions.title")}</h3>
              <button type="button" class="btn btn-small" disabled={questions.loading} onClick={() => setAsked((n) => n + 1)}>
                {t("copilot.questions.refresh")}
              </button>
            </div>
            <p class="hint">{t("copilot.questions.for", { phase: phaseName() })}</p>
            <Show
              when={!questions.error}
              fallback={
                <p class="notice" role="status" data-testid="copilot-questions-unavailable">
                  {questionsError()}
                </p>
              }
            >
              <Show
                when={questions.latest}
                fallback={
                  <p class="muted" role="status">
                    {t("copilot.questions.loading")}
                  </p>
                }
              >
                {(q) => (
                  <>
                    <Show when={q().fallback}>
                      {(f) => (
                        <p class="notice" role="status" data-testid="copilot-fallback">
                          {t(FALLBACK_KEYS[f().code] ?? "copilot.fallback.unavailable")}
                        </p>
                      )}
                    </Show>
                    <Show when={q().libraryUnavailable}>
                      <p class="notice" role="status">
                        {t("copilot.questions.libraryPartial")}
                      </p>
                    </Show>
                    <Show when={q().questions.length > 0} fallback={<p class="empty">{t("copilot.questions.none")}</p>}>
                      <ol class="copilot-list" lang={q().language} data-testid="copilot-questions">
                        <For each={q().questions}>
                          {(question, i) => (
                            <li class="copilot-question">
                              <p class="copilot-text">{question.text}</p>
                              <div class="copilot-foot">
                                <p class="copilot-from small muted">
                                  {t("copilot.questions.from")}{" "}
                                  <For each={question.citations}>
                                    {(card, j) => {
                                      const why = q().sources.find((s) => s.number === card.number)?.why
                                      return (
                                        <>
                                          {j() > 0 ? ", " : ""}
                                          <cite class="copilot-card" data-card={`${card.deckId}/${card.cardId}`}>
                                            {card.word}
                                          </cite>
                                          <Show when={why && WHY_KEYS[why]}>{(key) => <span> ({t(key())})</span>}</Show>
                                        </>
                                      )
                                    }}
                                  </For>
                                </p>
                                <div class="copilot-actions">
                                  <Show when={room.can("spotlight") && spotTarget(question.citations[0])}>
                                    {(target) => (
                                      <button
                                        type="button"
                                        class="btn btn-small"
                                        aria-pressed={spotlit(target())}
                                        aria-label={
                                          spotlit(target())
                                            ? t("console.spotlight.end")
                                            : t("copilot.questions.showLabel", { word: question.citations[0]!.word })
                                        }
                                        disabled={room.busy("spotlight")}
                                        onClick={() =>
                                          void room.send({ type: "spotlight", target: spotlit(target()) ? null : target() }, "spotlight")
                                        }
                                      >
                                        {spotlit(target()) ? t("console.spotlight.end") : t("copilot.questions.show")}
                                      </button>
                                    )}
                                  </Show>
                                  <button
                                    type="button"
                                    class="btn btn-small"
                                    aria-label={t("copilot.questions.copyLabel", { number: i() + 1 })}
                                    onClick={() => void copy(question.text)}
                                  >
                                    {t("copilot.questions.copy")}
                                  </button>
                                </div>
                              </div>
                            </li>
                          )}
                        </For>
                      </ol>
                      <p class="hint" data-testid="copilot-questions-by">
                        {q().generatedBy === "model" ? t("copilot.questions.byModel", { model: q().model }) : t("copilot.questions.byCards")}
                      </p>
                    </Show>
                  </>
                )}
              </Show>
            </Show>
          </section>
        </Show>

        <section class="stack copilot-summary" aria-labelledby="copilot-summary-title" aria-busy={summary.loading}>
          <div class="copilot-head">
            <h3 id="copilot-summary-title">{t("copilot.summary.title")}</h3>
            <button type="button" class="btn btn-small" disabled={summary.loading} onClick={() => setDrafts((n) => n + 1)}>
              {summary.latest ? t("copilot.summary.again") : t("copilot.summary.draft")}
            </button>
          </div>
          <p class="hint">{t("copilot.summary.hint")}</p>
          <Show when={summary.loading && !summary.latest}>
            <p class="muted" role="status">
              {t("copilot.summary.loading")}
            </p>
          </Show>
          <Show when={summary.error}>
            <p class="notice" role="status">
              {t("copilot.summary.failed", { reason: consoleError(summary.error) })}
            </p>
          </Show>
          <Show when={!summary.error && summary.latest}>
            {(s) => (
              <div class="stack" lang={s().language} data-testid="copilot-summary">
                <Show when={s().status !== "ended"}>
                  <p class="hint">{t("copilot.summary.soFar")}</p>
                </Show>
                <Show when={s().fallback}>
                  <p class="notice" role="status" data-testid="copilot-summary-fallback">
                    {t("copilot.summary.fallback", {
                      reason: s().fallback?.code === "rejected" ? t("copilot.summary.rejected") : t("copilot.summary.noModel"),
                    })}
                  </p>
                </Show>
                <p class="copilot-overview">{s().overview}</p>
                <details class="copilot-markdown">
                  <summary>{t("copilot.summary.markdown")}</summary>
                  <pre dir="auto" tabIndex={0}>
                    {s().markdown}
                  </pre>
                </details>
                <div class="row">
                  <button type="button" class="btn btn-small" onClick={() => void copy(s().markdown)}>
                    {t("copilot.summary.copy")}
                  </button>
                  <button type="button" class="btn btn-small" onClick={() => download(s().filename, s().markdown)}>
                    {t("copilot.summary.download")}
                  </button>
                </div>
                <p class="hint">
                  {s().generatedBy === "model" ? t("copilot.summary.byModel", { model: s().model }) : t("copilot.summary.byTemplates")}
                </p>
              </div>
            )}
          </Show>
        </section>
      </section>
    </Show>
  )
}
