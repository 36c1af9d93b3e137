/**
 * A poll or dot vote on the stage: the plan's question and options with its
 * settings in words (anonymous or named, results live or at the close);
 * once open, how many voted and, where the settings allow, the results as
 * they come; "Close the poll" publishes them.
 */
import { For, Show } from "solid-js"
import type { Activity } from "../../../../actors/journey/activity.ts"
import type { Poll } from "../../../../actors/session/state.ts"
import { formatNumber, t } from "../../i18n/i18n.ts"
import { presentParticipants } from "../../session/view.ts"
import { Results } from "../results.tsx"
import { actionClass, useRoom } from "./room-context.ts"
import { activityPoll } from "./room-logic.ts"

type PollActivity = Extract<Activity, { kind: "poll" }>

const modeWord = (mode: string, dots: number) =>
  mode === "dots"
    ? t("console.poll.modeDots", { dots: formatNumber(dots) })
    : mode === "multiple"
      ? t("console.poll.modeMultiple")
      : t("console.poll.modeSingle")

const Settings = (props: { readonly mode: string; readonly dots: number; readonly anonymous: boolean; readonly resultsWhen: string }) => (
  <p class="row">
    <span class="chip">{modeWord(props.mode, props.dots)}</span>
    <span class="chip">{props.anonymous ? t("console.poll.anonymous") : t("console.poll.named")}</span>
    <span class="chip">{props.resultsWhen === "live" ? t("console.poll.resultsLive") : t("console.poll.resultsClosed")}</span>
  </p>
)

const OpenForm = (props: { readonly activity: PollActivity }) => {
  const room = useRoom()
  const a = () => props.activity
  const open = () =>
    void room.send(
      {
        type: "openPoll",
        question: a().question,
        options: [...a().options],
        mode: a().mode,
        dots: a().dots,
        anonymous: a().anonymous,
        resultsWhen: a().anonymous ? "closed" : a().resultsWhen,
      },
      "poll",
    )
  return (
    <div class="stack">
      <p class="prompt" dir="auto">
        {a().question}
      </p>
      <ol class="poll-options">
        <For each={a().options}>{(option) => <li>{option}</li>}</For>
      </ol>
      <Settings mode={a().mode} dots={a().dots} anonymous={a().anonymous} resultsWhen={a().anonymous ? "closed" : a().resultsWhen} />
      <div class="row">
        <button type="button" class={actionClass(room, "openPoll")} disabled={room.busy("poll") || !room.can("polls")} onClick={open}>
          {t("console.poll.open")}
        </button>
      </div>
    </div>
  )
}

const PollView = (props: { readonly poll: Poll }) => {
  const room = useRoom()
  const present = () => presentParticipants(room.state()).length
  return (
    <div class="stack">
      <p class="prompt" dir="auto">
        {props.poll.question}
      </p>
      <Settings mode={props.poll.mode} dots={props.poll.dots} anonymous={props.poll.anonymous} resultsWhen={props.poll.resultsWhen} />
      <p class="big-count" aria-live="polite">
        {props.poll.status === "open"
          ? t("console.poll.voted", { voted: formatNumber(props.poll.voters), of: formatNumber(present()) })
          : t("console.poll.closedVoters", { voted: formatNumber(props.poll.voters) })}
      </p>
      <Show when={props.poll.tally} fallback={<p class="muted">{t("console.poll.hiddenUntilClose")}</p>}>
        {(tally) => <Results options={props.poll.options} tally={tally()} />}
      </Show>
      <Show when={props.poll.status === "open" && room.can("polls")}>
        <div class="row">
          <button
            type="button"
            class={actionClass(room, "closePoll")}
            disabled={room.busy("poll")}
            onClick={() => void room.send({ type: "closePoll", pollId: props.poll.pollId }, "poll")}
          >
            {t("console.poll.close")}
          </button>
        </div>
      </Show>
    </div>
  )
}

export const PollStage = (props: { readonly activity: PollActivity }) => {
  const room = useRoom()
  return (
    <Show when={activityPoll(room.state())} fallback={<OpenForm activity={props.activity} />}>
      {(poll) => <PollView poll={poll()} />}
    </Show>
  )
}
