/**
 * A canvas activity in the live room: "Open the canvas for everyone" makes
 * the activity's canvas from its template, shares it with every member and
 * brings them to it; then the canvas is here, with the facilitator's locks,
 * sharing and "bring everyone to my view". Members who join later are given
 * access as they arrive.
 */
import { createEffect, createMemo, createResource, createSignal, Show } from "solid-js"
import type { Activity } from "../../../../actors/journey/activity.ts"
import { LazyCanvasBoard } from "../../canvas/lazy.tsx"
import {
  activityCanvasAddr,
  canvasUser,
  memberName,
  membersToShare,
  openCanvasForEveryone,
  sessionCards,
  sessionCardsShown,
} from "../../canvas/session-canvas.ts"
import { locale, t } from "../../i18n/i18n.ts"
import { isFacilitatorOf } from "../../session/view.ts"
import { showToast } from "../../ui/Toasts.tsx"
import { consoleError } from "../errors.ts"
import { api, currentSession, live } from "../store.ts"
import { useRoom } from "./room-context.ts"

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

  // Everyone who joins while the canvas is open gets to edit it too.
  const granted = new Set<string>()
  createEffect(() => {
    const current = addr()
    if (!open() || !current) return
    for (const userId of membersToShare(room.state(), room.me)) {
      if (granted.has(`${current}:${userId}`)) continue
      granted.add(`${current}:${userId}`)
      void live()
        .send(current, { type: "shareWith", userId, access: "edit" })
        .catch(() => granted.delete(`${current}:${userId}`))
    }
  })

  // Read only once the board needs faces (a card on it, or its Cards panel open), as the console's canvas page does;
  // read again when the session shows more cards (a spread dealt, a pick revealed).
  const [cardsWanted, setCardsWanted] = createSignal(false)
  const [cards] = createResource(
    () => (open() && cardsWanted() ? sessionCardsShown(room.state()) : undefined),
    () => sessionCards(api(), room.sessionId).catch(() => []),
  )
  const user = () => canvasUser(currentSession()!.user)

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
      {(canvasAddr) => (
        <div class="canvas-stage">
          <LazyCanvasBoard
            api={api()}
            live={live()}
            user={user()}
            addr={canvasAddr}
            nameOf={(userId) =>
              userId === room.me
                ? (currentSession()?.user.name ?? t("canvas.facilitator"))
                : memberName(room.state(), userId, t("canvas.facilitator"))
            }
            members={() => room.state().participants.map((p) => ({ userId: p.userId, name: p.displayName }))}
            cards={() => cards() ?? []}
            wantCards={() => setCardsWanted(true)}
            leads={(userId) => isFacilitatorOf(room.state(), userId)}
          />
        </div>
      )}
    </Show>
  )
}
