/**
 * Making someone present a co-facilitator, with the powers they get (or
 * changing them, or taking them back). Only the lead facilitator sees it.
 */
import { createEffect, createSignal, For, Show } from "solid-js"
import { POWERS, type Power } from "../../../../actors/session/protocol-facilitation.ts"
import { t, type MessageKey } from "../../i18n/i18n.ts"
import { displayName } from "../../session/view.ts"
import { Dialog } from "../dialog.tsx"
import { useRoom } from "./room-context.ts"

const POWER_WORDS: Record<Power, MessageKey> = {
  advance: "console.power.advance",
  timer: "console.power.timer",
  cards: "console.power.cards",
  reveal: "console.power.reveal",
  spotlight: "console.power.spotlight",
  polls: "console.power.polls",
  breakouts: "console.power.breakouts",
  hands: "console.power.hands",
  lock: "console.power.lock",
}

export const powerWord = (power: Power): string => t(POWER_WORDS[power])

export const CoFacilitatorDialog = (props: { readonly userId: string | undefined; readonly onClose: () => void }) => {
  const room = useRoom()
  const current = () => room.state().coFacilitators.find((co) => co.userId === props.userId)
  const [powers, setPowers] = createSignal<ReadonlySet<Power>>(new Set())

  createEffect(() => {
    if (props.userId !== undefined) setPowers(new Set(current()?.powers ?? ["advance", "timer", "hands"]))
  })

  const toggle = (power: Power, on: boolean) => setPowers((set) => (on ? new Set([...set, power]) : new Set([...set].filter((p) => p !== power))))

  const save = async (event: SubmitEvent) => {
    event.preventDefault()
    const userId = props.userId
    if (!userId || powers().size === 0) return
    if (await room.send({ type: "appointCoFacilitator", userId, powers: POWERS.filter((p) => powers().has(p)) }, "co")) props.onClose()
  }

  const dismiss = async () => {
    const userId = props.userId
    if (userId && (await room.send({ type: "dismissCoFacilitator", userId }, "co"))) props.onClose()
  }

  return (
    <Dialog
      open={props.userId !== undefined}
      title={t("console.co.title", { name: displayName(room.state(), props.userId ?? "") })}
      onClose={props.onClose}
    >
      <form class="stack" onSubmit={save}>
        <fieldset class="choice">
          <legend>{t("console.co.powers")}</legend>
          <For each={POWERS}>
            {(power) => (
              <label class="check">
                <input type="checkbox" checked={powers().has(power)} onChange={(e) => toggle(power, e.currentTarget.checked)} />
                {powerWord(power)}
              </label>
            )}
          </For>
        </fieldset>
        <p class="muted small">{t("console.co.note")}</p>
        <Show when={powers().size === 0}>
          <p class="alert" role="alert">
            {t("console.co.choose")}
          </p>
        </Show>
        <div class="row end">
          <Show when={current()}>
            <button type="button" class="btn btn-danger" disabled={room.busy("co")} onClick={() => void dismiss()}>
              {t("console.co.dismiss")}
            </button>
          </Show>
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t("action.cancel")}
          </button>
          <button type="submit" class="btn btn-primary" disabled={room.busy("co") || powers().size === 0}>
            {current() ? t("console.co.save") : t("console.co.appoint")}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
