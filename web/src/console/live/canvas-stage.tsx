/**
 * A canvas activity in the live room: "Open the canvas for everyone" makes
 * the activity's canvas from its template, shares it with every member and
 * brings them to it; then the canvas is here, with the facilitator's locks,
 * sharing and "bring everyone to my view" (session-board.tsx).
 */
import { createMemo, createSignal, Show } from "solid-js"
import type { Activity } from "../../../../actors/journey/activity.ts"
import { activityCanvasAddr, openCanvasForEveryone } from "../../canvas/session-canvas.ts"
import { locale, t } from "../../i18n/i18n.ts"
import { showToast } from "../../ui/Toasts.tsx"
import { consoleError } from "../errors.ts"
import { live } from "../store.ts"
import { useRoom } from "./room-context.ts"
import { SessionBoard } from "./session-board.tsx"

export const CanvasStage = (_props: { readonly activity: Extract<Activity, { kind: "canvas" }> }) => {
  const room = useRoom()
  const addr = createMemo(() => activityCanvasAddr(room.state()))
  const [opening, setOpening] = createSignal(false)
  const [opened, setOpened] = createSignal<string>()
  const open = createMemo(() => {
    const view = room.state().view
    const current = addr()
    return current !== undefined && (opened() === current || (view?.kind === "canvas" && `canvas/${view.id}` === current))
  })

  const openForEveryone = async () => {
    setOpening(true)
    try {
      setOpened(await openCanvasForEveryone(live(), room.state(), room.me, locale()))
    } catch (error) {
      showToast(t("console.room.refused", { reason: consoleError(error) }))
    } finally {
      setOpening(false)
    }
  }

  return (
    <Show
      when={open() && addr()}
      keyed
      fallback={
        <div class="row">
          <button type="button" class="btn btn-primary" disabled={opening() || !room.can("spotlight")} onClick={() => void openForEveryone()}>
            {opening() ? t("canvas.session.opening") : t("canvas.session.open")}
          </button>
          <span class="muted">{t("canvas.session.openHint")}</span>
        </div>
      }
    >
      {(canvasAddr) => <SessionBoard addr={canvasAddr} />}
    </Show>
  )
}
