/**
 * The room's top line: the session's title, the phase rail (Pause > Expand >
 * Focus > Doing, the current one marked with a word as well as colour), and
 * the shared timer with +1 / +5 minutes and pause or resume.
 */
import { For, Show } from "solid-js"
import { PHASES } from "../../../../actors/journey/activity.ts"
import { formatNumber, t } from "../../i18n/i18n.ts"
import { TimerBar } from "../../ui/TimerBar.tsx"
import { currentActivity } from "../../session/view.ts"
import { useRoom } from "./room-context.ts"
import { plannedSeconds } from "./room-logic.ts"
import { serverOffset } from "./room-reducer.ts"

export const PhaseRail = () => {
  const room = useRoom()
  const phases = () => (room.state().phases.length > 0 ? room.state().phases : PHASES)
  const position = (phase: (typeof PHASES)[number]) => {
    const current = room.state().phase
    if (current === null) return "upcoming"
    const list = phases()
    return list.indexOf(phase) < list.indexOf(current) ? "done" : phase === current ? "current" : "upcoming"
  }
  return (
    <ol class="phase-rail" aria-label={t("console.rail.label")}>
      <For each={phases()}>
        {(phase, i) => (
          <li data-position={position(phase)} aria-current={position(phase) === "current" ? "step" : undefined}>
            <Show when={i() > 0}>
              <span class="rail-sep" aria-hidden="true">
                ›
              </span>
            </Show>
            <span class="rail-phase">
              <Show when={position(phase) === "done"}>
                <span aria-hidden="true">✓ </span>
              </Show>
              {t(`phase.${phase}`)}
              <Show when={position(phase) === "current"}>
                <span class="rail-now">{t("console.rail.now")}</span>
              </Show>
              <Show when={position(phase) === "done"}>
                <span class="visually-hidden"> ({t("console.rail.done")})</span>
              </Show>
            </span>
          </li>
        )}
      </For>
    </ol>
  )
}

const TimerControls = () => {
  const room = useRoom()
  const timer = () => room.state().timer
  const seconds = () => plannedSeconds(currentActivity(room.state()))
  return (
    <div class="timer-controls" role="group" aria-label={t("timer.label")}>
      <Show
        when={timer().status !== "idle"}
        fallback={
          <Show when={room.can("timer") && room.state().phase !== null}>
            <button
              type="button"
              class="btn"
              disabled={room.busy("timer")}
              onClick={() => void room.send({ type: "startTimer", seconds: seconds() }, "timer")}
            >
              {t("console.timer.start", { minutes: formatNumber(Math.round((seconds() / 60) * 10) / 10) })}
            </button>
          </Show>
        }
      >
        <div class="timer-box">
          <TimerBar timer={timer()} serverOffsetMs={serverOffset()} />
        </div>
        <Show when={room.can("timer")}>
          <button
            type="button"
            class="btn btn-small"
            disabled={room.busy("timer")}
            onClick={() => void room.send({ type: "addTime", seconds: 60 }, "timer")}
          >
            {t("console.timer.addOne")}
          </button>
          <button
            type="button"
            class="btn btn-small"
            disabled={room.busy("timer")}
            onClick={() => void room.send({ type: "addTime", seconds: 300 }, "timer")}
          >
            {t("console.timer.addFive")}
          </button>
          <Show
            when={timer().status === "running"}
            fallback={
              <button
                type="button"
                class="btn btn-small"
                disabled={room.busy("timer")}
                onClick={() => void room.send({ type: "resumeTimer" }, "timer")}
              >
                {t("console.timer.resume")}
              </button>
            }
          >
            <button type="button" class="btn btn-small" disabled={room.busy("timer")} onClick={() => void room.send({ type: "pauseTimer" }, "timer")}>
              {t("console.timer.pause")}
            </button>
          </Show>
          <button
            type="button"
            class="btn btn-small btn-quiet"
            disabled={room.busy("timer")}
            onClick={() => void room.send({ type: "stopTimer" }, "timer")}
          >
            {t("console.timer.stop")}
          </button>
        </Show>
      </Show>
    </div>
  )
}

export const RoomHeader = () => {
  const room = useRoom()
  return (
    <header class="room-header">
      <div class="room-title">
        <h1 dir="auto">{room.state().title}</h1>
        <Show when={room.state().status === "ended"}>
          <span class="chip">{t("console.room.endedChip")}</span>
        </Show>
      </div>
      <PhaseRail />
      <Show when={room.state().status === "open"}>
        <TimerControls />
      </Show>
    </header>
  )
}
