/**
 * A session's canvas on the live room's stage, for the facilitator: the
 * board with the session's cards as its library, the facilitator's locks,
 * sharing and "bring everyone to my view". Everyone who joins while it is
 * on the stage is given edit access as they arrive, as the others were.
 */
import { createEffect, createResource, createSignal } from "solid-js"
import { LazyCanvasBoard } from "../../canvas/lazy.tsx"
import { canvasUser, memberName, membersToShare, sessionCards, sessionCardsShown } from "../../canvas/session-canvas.ts"
import { t } from "../../i18n/i18n.ts"
import { isFacilitatorOf } from "../../session/view.ts"
import { api, currentSession, live } from "../store.ts"
import { useRoom } from "./room-context.ts"

export const SessionBoard = (props: { readonly addr: string }) => {
  const room = useRoom()

  const granted = new Set<string>()
  createEffect(() => {
    for (const userId of membersToShare(room.state(), room.me)) {
      if (granted.has(userId)) continue
      granted.add(userId)
      void live()
        .send(props.addr, { type: "shareWith", userId, access: "edit" })
        .catch(() => granted.delete(userId))
    }
  })

  // Read only once the board needs faces (a card on it, or its Cards panel open), as the console's canvas page does;
  // read again when the session shows more cards (a spread dealt, a pick revealed).
  const [cardsWanted, setCardsWanted] = createSignal(false)
  const [cards] = createResource(
    () => (cardsWanted() ? sessionCardsShown(room.state()) : undefined),
    () => sessionCards(api(), room.sessionId).catch(() => []),
  )

  return (
    <div class="canvas-stage">
      <LazyCanvasBoard
        api={api()}
        live={live()}
        user={canvasUser(currentSession()!.user)}
        addr={props.addr}
        nameOf={(userId) =>
          userId === room.me ? (currentSession()?.user.name ?? t("canvas.facilitator")) : memberName(room.state(), userId, t("canvas.facilitator"))
        }
        members={() => room.state().participants.map((p) => ({ userId: p.userId, name: p.displayName }))}
        cards={() => cards() ?? []}
        wantCards={() => setCardsWanted(true)}
        leads={(userId) => isFacilitatorOf(room.state(), userId)}
      />
    </div>
  )
}
