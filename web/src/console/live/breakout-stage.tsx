/**
 * Breakouts on the stage: rooms by number or by size (the plan's, changeable
 * here), dealt at random into groups that differ by one at most; once
 * running, who is in which room, "Reshuffle", and "Call everyone back".
 */
import { createSignal, For, Show } from "solid-js"
import type { Activity } from "../../../../actors/journey/activity.ts"
import { plural, t } from "../../i18n/i18n.ts"
import { displayName, presentParticipants } from "../../session/view.ts"
import { actionClass, useRoom } from "./room-context.ts"
import { activityBreakout } from "./room-logic.ts"

type BreakoutActivity = Extract<Activity, { kind: "breakout" }>

const StartForm = (props: { readonly activity: BreakoutActivity }) => {
  const room = useRoom()
  const [by, setBy] = createSignal<"rooms" | "size">(props.activity.size !== null ? "size" : "rooms")
  const [rooms, setRooms] = createSignal(props.activity.rooms ?? 2)
  const [size, setSize] = createSignal(props.activity.size ?? 3)
  const people = () => presentParticipants(room.state()).length
  const start = (event: SubmitEvent) => {
    event.preventDefault()
    const n = (v: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(Number.isFinite(v) ? v : min)))
    void room.send(
      {
        type: "startBreakout",
        rooms: by() === "rooms" ? n(rooms(), 2, 50) : null,
        size: by() === "size" ? n(size(), 2, 50) : null,
        names: [...props.activity.names],
      },
      "breakout",
    )
  }
  return (
    <form class="stack" onSubmit={start}>
      <Show when={props.activity.prompt}>{(prompt) => <p class="prompt">{prompt()}</p>}</Show>
      <fieldset class="choice">
        <legend>{t("console.breakout.how")}</legend>
        <label class="check">
          <input type="radio" name="breakout-by" checked={by() === "rooms"} onChange={() => setBy("rooms")} />
          {t("console.breakout.byRooms")}
        </label>
        <label class="check">
          <input type="radio" name="breakout-by" checked={by() === "size"} onChange={() => setBy("size")} />
          {t("console.breakout.bySize")}
        </label>
      </fieldset>
      <Show
        when={by() === "rooms"}
        fallback={
          <div class="field narrow">
            <label for="breakout-size">{t("console.breakout.size")}</label>
            <input id="breakout-size" type="number" min="2" max="50" value={size()} onInput={(e) => setSize(e.currentTarget.valueAsNumber)} />
          </div>
        }
      >
        <div class="field narrow">
          <label for="breakout-rooms">{t("console.breakout.rooms")}</label>
          <input id="breakout-rooms" type="number" min="2" max="50" value={rooms()} onInput={(e) => setRooms(e.currentTarget.valueAsNumber)} />
        </div>
      </Show>
      <p class="muted">{t(plural(people(), "console.breakout.present.one", "console.breakout.present.other"), { count: people() })}</p>
      <div class="row">
        <button type="submit" class={actionClass(room, "startBreakout")} disabled={room.busy("breakout") || !room.can("breakouts")}>
          {t("console.breakout.start")}
        </button>
      </div>
    </form>
  )
}

const RoomsView = () => {
  const room = useRoom()
  const breakout = () => activityBreakout(room.state())
  return (
    <Show when={breakout()}>
      {(b) => (
        <div class="stack">
          <p class="big-count">
            {b().status === "open"
              ? t(plural(b().rooms.length, "console.breakout.running.one", "console.breakout.running.other"), { count: b().rooms.length })
              : t("console.breakout.ended")}
          </p>
          <Show when={b().status === "open"}>
            <ul class="rooms">
              <For each={b().rooms}>
                {(r) => (
                  <li class="breakout-room">
                    <h3>{r.name}</h3>
                    <ul>
                      <For each={r.members} fallback={<li class="muted">{t("console.breakout.emptyRoom")}</li>}>
                        {(userId) => <li>{displayName(room.state(), userId)}</li>}
                      </For>
                    </ul>
                  </li>
                )}
              </For>
            </ul>
            <Show when={room.can("breakouts")}>
              <div class="row">
                <button
                  type="button"
                  class={actionClass(room, "endBreakout")}
                  disabled={room.busy("breakout")}
                  onClick={() => void room.send({ type: "endBreakout" }, "breakout")}
                >
                  {t("console.breakout.callBack")}
                </button>
                <button
                  type="button"
                  class="btn"
                  disabled={room.busy("breakout")}
                  onClick={() => void room.send({ type: "reshuffleBreakout" }, "breakout")}
                >
                  {t("console.breakout.reshuffle")}
                </button>
              </div>
            </Show>
          </Show>
        </div>
      )}
    </Show>
  )
}

export const BreakoutStage = (props: { readonly activity: BreakoutActivity }) => {
  const room = useRoom()
  return (
    <Show when={activityBreakout(room.state())} fallback={<StartForm activity={props.activity} />}>
      <RoomsView />
    </Show>
  )
}
