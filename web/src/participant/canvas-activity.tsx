/**
 * A canvas activity on a phone: the canvas the facilitator opened for
 * everyone, full width, with one finger drawing or moving (by the tool) and
 * two fingers panning and zooming. Until it is open, a line says so; a new
 * "bring everyone here" joins it again (access may have just been given),
 * and so does "Open" on the notice that it was shared again.
 */
import { createMemo, createResource, createSignal, Show } from "solid-js"
import { LazyCanvasBoard } from "../canvas/lazy.tsx"
import { canvasUser, memberName, sessionCards, sessionCardsShown } from "../canvas/session-canvas.ts"
import { t } from "../i18n/i18n.ts"
import { isFacilitatorOf, type SessionState } from "../session/view.ts"
import type { SharedCanvases } from "./shared-canvases.ts"
import { participantApi, participantLive } from "./store.ts"

export const CanvasActivity = (props: { readonly state: SessionState; readonly shared?: SharedCanvases }) => {
  const view = () => (props.state.view?.kind === "canvas" && props.state.view.id ? props.state.view : undefined)
  const reopened = () => {
    const request = props.shared?.openRequest()
    return request && request.canvasId === view()?.id ? request.times : 0
  }
  // A new board for a new view object or a new "Open", and only then: the session's other events leave it be.
  const shown = createMemo(
    () => {
      const current = view()
      return current ? { view: current, reopened: reopened() } : undefined
    },
    undefined,
    { equals: (a, b) => a?.view === b?.view && a?.reopened === b?.reopened },
  )
  // Faces are read once the board needs them (a card on it, or its Cards panel open), and again when the session shows more cards.
  const [cardsWanted, setCardsWanted] = createSignal(false)
  const [cards] = createResource(
    () => (view() && cardsWanted() ? sessionCardsShown(props.state) : undefined),
    () => sessionCards(participantApi(), props.state.id).catch(() => []),
  )
  const session = () => participantApi().session()
  return (
    <Show
      when={shown() && session()}
      fallback={
        <p class="muted" role="status">
          {t("canvas.session.waiting")}
        </p>
      }
    >
      <Show when={shown()} keyed>
        {({ view: shared, reopened: asked }) => {
          // Once per board (a JSX attribute would be a getter, asked again on every use).
          const reportAccess = props.shared?.board(shared.id!)
          return (
            // Opened from a notice: brought into sight, wherever the page was scrolled.
            <div
              class="participant-canvas"
              ref={(element) => asked > 0 && queueMicrotask(() => element.scrollIntoView({ block: "start", behavior: "smooth" }))}
            >
              <LazyCanvasBoard
                api={participantApi()}
                live={participantLive()}
                user={canvasUser(session()!.user, props.state.id)}
                addr={`canvas/${shared.id}`}
                compact
                nameOf={(userId) => memberName(props.state, userId, t("canvas.facilitator"))}
                cards={() => cards() ?? []}
                wantCards={() => setCardsWanted(true)}
                leads={(userId) => isFacilitatorOf(props.state, userId)}
                onAccess={reportAccess}
              />
            </div>
          )
        }}
      </Show>
    </Show>
  )
}
