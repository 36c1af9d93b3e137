/**
 * The session's timer as everyone sees it: the server keeps the instant it
 * ends, every screen counts down to it (corrected by the clock offset the
 * caller measured), the bar turns amber at 20% left and red at 5%, and the
 * time is always written out too (never colour alone).
 */
import { createMemo, createSignal, onCleanup, Show } from "solid-js"
import { formatDuration, t } from "../i18n/i18n.ts"

export interface TimerView {
  readonly status: "idle" | "running" | "paused"
  readonly durationMs: number
  readonly endsAt: number | null
  readonly remainingMs: number | null
}

export const timerLevel = (remainingMs: number, durationMs: number): "green" | "amber" | "red" => {
  const share = durationMs > 0 ? remainingMs / durationMs : 0
  return share <= 0.05 ? "red" : share <= 0.2 ? "amber" : "green"
}

export const TimerBar = (props: { readonly timer: TimerView; readonly serverOffsetMs?: number }) => {
  const [now, setNow] = createSignal(Date.now())
  const tick = setInterval(() => setNow(Date.now()), 250)
  onCleanup(() => clearInterval(tick))
  const remaining = createMemo(() => {
    const timer = props.timer
    if (timer.status === "running" && timer.endsAt !== null) return Math.max(0, timer.endsAt - (now() + (props.serverOffsetMs ?? 0)))
    return timer.remainingMs ?? timer.durationMs
  })
  const level = () => timerLevel(remaining(), props.timer.durationMs)
  const text = () => {
    if (props.timer.status === "paused") return t("timer.paused", { time: formatDuration(remaining()) })
    return remaining() <= 0 ? t("timer.over") : t("timer.left", { time: formatDuration(remaining()) })
  }
  return (
    <Show when={props.timer.status !== "idle"}>
      <div class="timer" data-level={level()} role="timer" aria-label={t("timer.label")}>
        <span class="timer-text">{text()}</span>
        <div class="timer-bar" aria-hidden="true">
          <span style={{ "inline-size": `${props.timer.durationMs > 0 ? (100 * remaining()) / props.timer.durationMs : 0}%` }} />
        </div>
      </div>
    </Show>
  )
}
