/** A poll on a phone: one tap per option (or dots to place), then the results when the poll lets this person see them. */
import { createSignal, For, Show } from "solid-js"
import { plural, t } from "../i18n/i18n.ts"
import type { Poll } from "../session/view.ts"

export const PollActivity = (props: { readonly poll: Poll; readonly me: string; readonly onVote: (choices: number[]) => void }) => {
  const [chosen, setChosen] = createSignal<number[]>([])
  const myBallot = () => props.poll.ballots.find((ballot) => ballot.voterId === props.me)
  const dotsLeft = () => props.poll.dots - chosen().length
  const toggle = (index: number) => {
    if (props.poll.mode === "single") return setChosen([index])
    if (props.poll.mode === "dots") return dotsLeft() > 0 ? setChosen([...chosen(), index]) : undefined
    setChosen(chosen().includes(index) ? chosen().filter((i) => i !== index) : [...chosen(), index])
  }
  const count = (index: number) => chosen().filter((i) => i === index).length
  return (
    <section class="stack" aria-labelledby="poll-heading">
      <h2 id="poll-heading">{props.poll.question}</h2>
      <Show when={props.poll.anonymous}>
        <p class="muted">{t("poll.anonymous")}</p>
      </Show>
      <Show
        when={props.poll.status === "open" && !myBallot()}
        fallback={<p role="status">{props.poll.status === "closed" ? t("poll.closed") : t("poll.voted")}</p>}
      >
        <Show when={props.poll.mode === "dots"}>
          <p role="status">{t("poll.dotsLeft", { count: dotsLeft() })}</p>
        </Show>
        <ul class="stack" role="list">
          <For each={props.poll.options}>
            {(option, index) => (
              <li>
                <button
                  type="button"
                  class="btn btn-block option"
                  aria-pressed={count(index()) > 0 ? "true" : "false"}
                  onClick={() => toggle(index())}
                >
                  {option}
                  <Show when={props.poll.mode === "dots" && count(index()) > 0}> · {count(index())}</Show>
                </button>
              </li>
            )}
          </For>
        </ul>
        <button type="button" class="btn btn-primary btn-block" disabled={chosen().length === 0} onClick={() => props.onVote(chosen())}>
          {t("poll.vote")}
        </button>
      </Show>
      <Show
        when={props.poll.tally}
        fallback={
          <Show when={props.poll.status === "open"}>
            <p class="muted">{t("poll.resultsLater")}</p>
          </Show>
        }
      >
        {(tally) => (
          <div class="stack" aria-label={t("poll.results")}>
            <h3>{t("poll.results")}</h3>
            <For each={props.poll.options}>
              {(option, index) => (
                <div class="result">
                  <span>{option}</span>
                  <strong>{t(plural(tally()[index()] ?? 0, "poll.votes.one", "poll.votes"), { count: tally()[index()] ?? 0 })}</strong>
                </div>
              )}
            </For>
          </div>
        )}
      </Show>
    </section>
  )
}
