/**
 * The coach panel, in the console and in the participant app: ask, watch the
 * answer stream in, follow its citations (a card opens beside the answer,
 * with a way into the library; an entry opens in the journal), and say
 * whether it helped. It is a coach, not a therapist, and says so.
 */
import { createSignal, For, Match, onMount, Show, Switch } from "solid-js"
import type { Api } from "../client/index.ts"
import { locale, t } from "../i18n/i18n.ts"
import { CardView, type CardRef } from "./card-view.tsx"
import { askCoach, refParts, type Citation } from "./stream.ts"
import { coachError } from "./words.ts"
import "./coach.css"

interface Turn {
  readonly questionId: string
  readonly question: string
  readonly text: string
  readonly citations: readonly Citation[]
  readonly status: "streaming" | "done" | "failed"
  readonly error?: string
  readonly feedback: "helpful" | "notHelpful" | null
}

interface HistoryTurn {
  readonly questionId: string
  readonly conversationId: string
  readonly question: string
  readonly answer: { readonly text: string; readonly citations: readonly Citation[]; readonly kind: string } | null
  readonly feedback: "helpful" | "notHelpful" | null
}

export interface CoachPanelProps {
  readonly api: Api
  /** Where the card's library page is, when this app has one. */
  readonly libraryHref?: string
}

const newId = () => `q${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`

export const CoachPanel = (props: CoachPanelProps) => {
  const [turns, setTurns] = createSignal<readonly Turn[]>([])
  const [question, setQuestion] = createSignal("")
  const [busy, setBusy] = createSignal(false)
  const [problem, setProblem] = createSignal<string>()
  const [card, setCard] = createSignal<CardRef>()

  const update = (questionId: string, change: (turn: Turn) => Turn) =>
    setTurns((all) => all.map((turn) => (turn.questionId === questionId ? change(turn) : turn)))

  onMount(async () => {
    try {
      const history = await props.api.get<{ conversationId: string | null; turns: readonly HistoryTurn[] }>("/api/coach/history")
      setTurns(
        history.turns
          .filter((turn) => turn.conversationId === history.conversationId && turn.answer)
          .map((turn) => ({
            questionId: turn.questionId,
            question: turn.question,
            text: turn.answer!.text,
            citations: turn.answer!.citations,
            status: turn.answer!.kind === "failed" ? "failed" : "done",
            feedback: turn.feedback,
          })),
      )
    } catch (error) {
      setProblem(coachError(error))
    }
  })

  const ask = async (event: SubmitEvent) => {
    event.preventDefault()
    const text = question().trim()
    if (!text || busy()) return
    const questionId = newId()
    setBusy(true)
    setProblem(undefined)
    setTurns((all) => [...all, { questionId, question: text, text: "", citations: [], status: "streaming", feedback: null }])
    try {
      await askCoach(props.api, { question: text, questionId, language: locale() }, (coach) => {
        if (coach.type === "delta") update(questionId, (turn) => ({ ...turn, text: turn.text + coach.text }))
        else if (coach.type === "citations") update(questionId, (turn) => ({ ...turn, citations: coach.citations }))
        else if (coach.type === "done") update(questionId, (turn) => ({ ...turn, status: "done" }))
        else update(questionId, (turn) => ({ ...turn, status: "failed", error: coachError(coach) }))
      })
      setQuestion("")
    } catch (error) {
      setTurns((all) => all.filter((turn) => turn.questionId !== questionId))
      setProblem(coachError(error))
    } finally {
      setBusy(false)
    }
  }

  const rate = async (turn: Turn, helpful: boolean) => {
    try {
      await props.api.post("/api/coach/feedback", { questionId: turn.questionId, helpful })
      update(turn.questionId, (t) => ({ ...t, feedback: helpful ? "helpful" : "notHelpful" }))
    } catch (error) {
      setProblem(coachError(error))
    }
  }

  const startOver = async () => {
    try {
      await props.api.post("/api/coach/conversations", {})
      setTurns([])
      setCard(undefined)
    } catch (error) {
      setProblem(coachError(error))
    }
  }

  const CitationLink = (p: { citation: Citation; marker?: boolean }) => {
    const parts = refParts(p.citation.ref)
    const text = p.marker ? `[${p.citation.number}]` : `${p.citation.number}. ${p.citation.label}`
    return (
      <Switch fallback={<span>{text}</span>}>
        <Match when={parts?.kind === "card" && parts}>
          {(c) => (
            <a
              href={`#card-${c().deck}-${c().card}`}
              class="coach-citation"
              data-ref={p.citation.ref}
              aria-label={t("coach.openCard", { label: p.citation.label })}
              onClick={(e) => {
                e.preventDefault()
                setCard({ deck: c().deck, card: c().card })
              }}
            >
              {text}
            </a>
          )}
        </Match>
        {/* The journal is an app of its own (/journal): rel="external" makes the router load it instead of looking for the page itself. */}
        <Match when={parts?.kind === "entry" && parts}>
          {(e) => (
            <a
              href={`/journal/entry/${encodeURIComponent(e().entry)}`}
              rel="external"
              class="coach-citation"
              data-ref={p.citation.ref}
              aria-label={t("coach.openEntry", { label: p.citation.label })}
            >
              {text}
            </a>
          )}
        </Match>
      </Switch>
    )
  }

  /** The answer's text with each `[n]` that names a checked citation as a link; any other number stays plain. */
  const AnswerText = (p: { turn: Turn }) => (
    <p class="coach-answer-text">
      <For each={p.turn.text.split(/(\[\d{1,3}\])/)}>
        {(piece) => {
          const number = /^\[(\d{1,3})\]$/.exec(piece)?.[1]
          const citation = number ? p.turn.citations.find((c) => c.number === Number(number)) : undefined
          return citation ? <CitationLink citation={citation} marker /> : <>{piece}</>
        }}
      </For>
    </p>
  )

  return (
    <section class="coach panel stack" aria-labelledby="coach-title">
      <div class="row coach-head">
        <h2 id="coach-title">{t("coach.title")}</h2>
        <Show when={turns().length > 0}>
          <button type="button" class="btn btn-small btn-quiet" onClick={() => void startOver()}>
            {t("coach.newConversation")}
          </button>
        </Show>
      </div>
      <p class="muted small">{t("coach.intro")}</p>
      <ol class="coach-turns stack">
        <For each={turns()}>
          {(turn) => (
            <li class="coach-turn stack" data-status={turn.status}>
              <p class="coach-question">
                <strong>{t("coach.you")}</strong> {turn.question}
              </p>
              <div class="coach-answer" aria-live="polite" aria-busy={turn.status === "streaming"}>
                <Show
                  when={turn.text}
                  fallback={
                    <Show when={turn.status === "streaming"}>
                      <p class="muted">{t("coach.thinking")}</p>
                    </Show>
                  }
                >
                  <AnswerText turn={turn} />
                </Show>
                <Show when={turn.error}>
                  <p class="alert" role="alert">
                    {turn.error}
                  </p>
                </Show>
              </div>
              <Show when={turn.citations.length > 0}>
                <div class="coach-sources">
                  <h3 class="small">{t("coach.sources")}</h3>
                  <ul>
                    <For each={turn.citations}>
                      {(citation) => (
                        <li>
                          <CitationLink citation={citation} />
                        </li>
                      )}
                    </For>
                  </ul>
                </div>
              </Show>
              <Show when={turn.status === "done"}>
                <div class="row coach-feedback" role="group" aria-label={t("coach.feedback")}>
                  <button type="button" class="btn btn-small" aria-pressed={turn.feedback === "helpful"} onClick={() => void rate(turn, true)}>
                    {t("coach.helpful")}
                  </button>
                  <button type="button" class="btn btn-small" aria-pressed={turn.feedback === "notHelpful"} onClick={() => void rate(turn, false)}>
                    {t("coach.notHelpful")}
                  </button>
                  <Show when={turn.feedback}>
                    <span class="muted small" role="status">
                      {t("coach.thanks")}
                    </span>
                  </Show>
                </div>
              </Show>
            </li>
          )}
        </For>
      </ol>
      <Show when={card()}>{(c) => <CardView api={props.api} card={c()} libraryHref={props.libraryHref} onClose={() => setCard(undefined)} />}</Show>
      <Show when={problem()}>
        <p class="alert" role="alert">
          {problem()}
        </p>
      </Show>
      <form class="stack coach-ask" onSubmit={(e) => void ask(e)}>
        <label for="coach-question">{t("coach.question")}</label>
        <textarea
          id="coach-question"
          rows="3"
          maxLength={1000}
          value={question()}
          placeholder={t("coach.placeholder")}
          onInput={(e) => setQuestion(e.currentTarget.value)}
        />
        <div class="row">
          <button type="submit" class="btn btn-primary" disabled={busy() || !question().trim()}>
            {busy() ? t("coach.asking") : t("coach.ask")}
          </button>
          <span class="muted small">{t("coach.notTherapist")}</span>
        </div>
      </form>
    </section>
  )
}
