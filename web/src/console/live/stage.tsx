/**
 * The centre of the room: the current activity. The lobby (waiting for
 * people, start with Pause), a phase with nothing planned, each kind of
 * activity, and the end of the session each have their own view; the
 * prompt, when there is one, is written large enough to share on a call.
 */
import { A } from "@solidjs/router"
import { Match, Show, Switch } from "solid-js"
import type { Activity } from "../../../../actors/journey/activity.ts"
import { formatNumber, plural, t } from "../../i18n/i18n.ts"
import { roomCanvasAddr } from "../../canvas/session-canvas.ts"
import { currentActivity, presentParticipants } from "../../session/view.ts"
import { kindWord } from "./activity-words.ts"
import { BreakoutStage } from "./breakout-stage.tsx"
import { CanvasStage } from "./canvas-stage.tsx"
import { CardStage, DrawView } from "./card-stage.tsx"
import { PollStage } from "./poll-stage.tsx"
import { actionClass, useRoom } from "./room-context.ts"
import { activityDraw, nextPhase, plannedSeconds } from "./room-logic.ts"
import { SessionBoard } from "./session-board.tsx"
import { Spotlight } from "./spotlight.tsx"

const promptOf = (activity: Activity): string | null => ("prompt" in activity ? activity.prompt : null)

const Lobby = () => {
  const room = useRoom()
  const people = () => presentParticipants(room.state()).length
  return (
    <div class="stack stage-center">
      <h2>{t("console.lobby.title")}</h2>
      <p class="big-count" aria-live="polite">
        {t(plural(people(), "console.lobby.joined.one", "console.lobby.joined.other"), { count: people() })}
      </p>
      <p class="muted">{t("console.lobby.hint")}</p>
      <Show when={room.can("advance") && nextPhase(room.state())}>
        {(phase) => (
          <div class="row">
            <button
              type="button"
              class={actionClass(room, "startPhase")}
              disabled={room.busy("advance")}
              onClick={() => void room.send({ type: "advancePhase", from: null }, "advance")}
            >
              {t("console.plan.startWith", { phase: t(`phase.${phase()}`) })}
            </button>
          </div>
        )}
      </Show>
    </div>
  )
}

const TimerActivity = (props: { readonly activity: Extract<Activity, { kind: "timer" }> }) => {
  const room = useRoom()
  return (
    <Show when={room.state().timer.status === "idle" && room.can("timer")} fallback={<p class="muted">{t("console.stage.timerRunning")}</p>}>
      <div class="row">
        <button
          type="button"
          class={actionClass(room, "startTimer")}
          disabled={room.busy("timer")}
          onClick={() => void room.send({ type: "startTimer", seconds: plannedSeconds(props.activity) }, "timer")}
        >
          {t("console.timer.start", { minutes: formatNumber(Math.round((plannedSeconds(props.activity) / 60) * 10) / 10) })}
        </button>
      </div>
    </Show>
  )
}

const ActivityView = (props: { readonly activity: Activity }) => (
  <div class="stack">
    <header class="stage-head">
      <p class="stage-kind">{kindWord(props.activity.kind)}</p>
      <h2 dir="auto">{props.activity.title}</h2>
      <Show when={promptOf(props.activity)}>
        {(prompt) => (
          <p class="prompt" dir="auto">
            {prompt()}
          </p>
        )}
      </Show>
    </header>
    <Switch>
      <Match when={props.activity.kind === "cardDraw" && props.activity}>
        {(a) => <CardStage activity={a() as Extract<Activity, { kind: "cardDraw" }>} />}
      </Match>
      <Match when={props.activity.kind === "poll" && props.activity}>
        {(a) => <PollStage activity={a() as Extract<Activity, { kind: "poll" }>} />}
      </Match>
      <Match when={props.activity.kind === "breakout" && props.activity}>
        {(a) => <BreakoutStage activity={a() as Extract<Activity, { kind: "breakout" }>} />}
      </Match>
      <Match when={props.activity.kind === "timer" && props.activity}>
        {(a) => <TimerActivity activity={a() as Extract<Activity, { kind: "timer" }>} />}
      </Match>
      <Match when={props.activity.kind === "canvas" && props.activity}>
        {(a) => <CanvasStage activity={a() as Extract<Activity, { kind: "canvas" }>} />}
      </Match>
      <Match when={props.activity.kind === "journal"}>
        <p class="muted">{t("console.stage.journal")}</p>
      </Match>
      <Match when={props.activity.kind === "reflection"}>
        <p class="muted">{t("console.stage.reflection")}</p>
      </Match>
    </Switch>
    <Show when={props.activity.kind !== "cardDraw"}>
      <DealtDuringActivity />
    </Show>
  </div>
)

/**
 * Cards dealt while the activity is not a card draw (from the suggestions,
 * say): the spread is here too, and "Show everyone" brings every screen to
 * it, as "Bring everyone to my view" would.
 */
const DealtDuringActivity = () => {
  const room = useRoom()
  const shown = (drawId: string) => room.state().view?.kind === "draw" && room.state().view?.id === drawId
  return (
    <Show when={activityDraw(room.state())} keyed>
      {(draw) => (
        <section class="panel stack dealt-now" aria-labelledby="dealt-now-title">
          <div class="row between">
            <h3 id="dealt-now-title">{t("console.cards.dealtNow")}</h3>
            <Show when={room.can("spotlight") && !shown(draw.drawId)}>
              <button
                type="button"
                class="btn btn-small"
                disabled={room.busy("view")}
                onClick={() => void room.send({ type: "bringToView", view: { kind: "draw", id: draw.drawId } }, "view")}
              >
                {t("console.cards.showEveryone")}
              </button>
            </Show>
          </div>
          <p class="muted" role="status">
            {shown(draw.drawId) ? t("console.cards.shownToEveryone") : t("console.cards.onlyHere")}
          </p>
          <DrawView draw={draw} />
        </section>
      )}
    </Show>
  )
}

/** A canvas added as the session runs, with everyone brought to it: here until the facilitator takes the room back. */
const RoomCanvasStage = (props: { readonly addr: string }) => {
  const room = useRoom()
  return (
    <div class="stack">
      <header class="stage-head row between">
        <p class="stage-kind">{t("console.roomCanvas.kind")}</p>
        <Show when={room.can("spotlight")}>
          <button
            type="button"
            class="btn btn-small"
            disabled={room.busy("view")}
            onClick={() => void room.send({ type: "bringToView", view: { kind: "activity", id: null } }, "view")}
          >
            {t("console.roomCanvas.back")}
          </button>
        </Show>
      </header>
      <SessionBoard addr={props.addr} />
    </div>
  )
}

export const Stage = () => {
  const room = useRoom()
  const s = () => room.state()
  return (
    <div class="stage stack">
      <Spotlight />
      <Switch>
        <Match when={s().status === "ended"}>
          <div class="stack stage-center">
            <h2>{t("console.stage.ended")}</h2>
            <A class="btn btn-primary" href={`/sessions/${room.sessionId}/recap`}>
              {t("console.stage.seeRecap")}
            </A>
          </div>
        </Match>
        <Match when={roomCanvasAddr(s())} keyed>
          {(addr) => <RoomCanvasStage addr={addr} />}
        </Match>
        <Match when={s().phase === null}>
          <Lobby />
        </Match>
        <Match when={currentActivity(s())} keyed>
          {(activity) => <ActivityView activity={activity} />}
        </Match>
        <Match when={true}>
          <div class="stack stage-center">
            <h2>{t(`phase.${s().phase!}`)}</h2>
            <p class="muted">{t("console.stage.nothingPlanned")}</p>
          </div>
        </Match>
      </Switch>
    </div>
  )
}
