/**
 * The plan down the side: each phase with its activities, the current one
 * marked "now" (in words, not only colour), the ones behind marked done; and
 * the two ways on, "Next activity" and "Next phase", one of them in the
 * accent colour when it is the room's next step.
 */
import { For, Show } from "solid-js"
import { PHASES } from "../../../../actors/journey/activity.ts"
import { formatNumber, t } from "../../i18n/i18n.ts"
import { kindWord } from "./activity-words.ts"
import { EndSessionButton } from "./end-session.tsx"
import { actionClass, useRoom } from "./room-context.ts"
import { hasNextActivity, nextPhase, type Phase } from "./room-logic.ts"

export const Stepper = () => {
  const room = useRoom()
  const s = () => room.state()
  const phaseIndex = (phase: Phase) => PHASES.indexOf(phase)
  const currentIndex = () => (s().phase === null ? -1 : phaseIndex(s().phase!))
  const activityPosition = (phase: Phase, index: number): "done" | "current" | "upcoming" => {
    if (phaseIndex(phase) < currentIndex()) return "done"
    if (phase !== s().phase || s().activity === null) return "upcoming"
    return index < s().activity! ? "done" : index === s().activity ? "current" : "upcoming"
  }
  const open = () => s().status === "open"

  return (
    <div class="stepper">
      <h2 class="panel-title">{t("console.plan.title")}</h2>
      <Show when={s().journey}>
        {(journey) => <p class="muted small">{t("console.plan.journey", { title: journey().title, version: formatNumber(journey().version) })}</p>}
      </Show>
      <ol class="plan-phases">
        <For each={PHASES}>
          {(phase) => (
            <li class="plan-phase" data-current={s().phase === phase ? "true" : undefined}>
              <h3>
                {t(`phase.${phase}`)}
                <Show when={s().phase === phase}>
                  <span class="rail-now">{t("console.rail.now")}</span>
                </Show>
              </h3>
              <Show when={s().plan[phase].length > 0} fallback={<p class="muted small">{t("console.plan.nothing")}</p>}>
                <ol class="plan-activities">
                  <For each={s().plan[phase]}>
                    {(activity, i) => (
                      <li data-position={activityPosition(phase, i())} aria-current={activityPosition(phase, i()) === "current" ? "step" : undefined}>
                        <span class="plan-mark" aria-hidden="true">
                          {activityPosition(phase, i()) === "done" ? "✓" : activityPosition(phase, i()) === "current" ? "▶" : "○"}
                        </span>
                        <span class="plan-text">
                          <span class="plan-activity-title" dir="auto">
                            {activity.title}
                          </span>
                          <span class="muted small">
                            {kindWord(activity.kind)}
                            <Show when={activity.minutes > 0}> · {t("console.plan.minutes", { minutes: formatNumber(activity.minutes) })}</Show>
                          </span>
                          <Show when={activityPosition(phase, i()) !== "upcoming"}>
                            <span class="visually-hidden">
                              {activityPosition(phase, i()) === "current" ? t("console.rail.now") : t("console.rail.done")}
                            </span>
                          </Show>
                        </span>
                      </li>
                    )}
                  </For>
                </ol>
              </Show>
            </li>
          )}
        </For>
      </ol>
      <Show when={open() && room.can("advance")}>
        <div class="stepper-actions stack">
          <Show when={hasNextActivity(s())}>
            <button
              type="button"
              class={actionClass(room, "nextActivity")}
              disabled={room.busy("advance")}
              onClick={() => void room.send({ type: "advanceActivity", from: s().activity }, "advance")}
            >
              {t("console.plan.nextActivity")}
            </button>
          </Show>
          <Show when={nextPhase(s())}>
            {(next) => (
              <button
                type="button"
                class={s().phase === null ? "btn" : actionClass(room, "nextPhase")}
                disabled={room.busy("advance")}
                onClick={() => void room.send({ type: "advancePhase", from: s().phase }, "advance")}
              >
                {s().phase === null
                  ? t("console.plan.startWith", { phase: t(`phase.${next()}`) })
                  : t("console.plan.nextPhase", { phase: t(`phase.${next()}`) })}
              </button>
            )}
          </Show>
          <Show when={room.primary() === "end"}>
            <EndSessionButton />
          </Show>
        </div>
      </Show>
    </div>
  )
}
