/**
 * A canvas activity on a phone: the canvas the facilitator opened for
 * everyone, full width, with one finger drawing or moving (by the tool) and
 * two fingers panning and zooming. Until it is open, a line says so; a new
 * "bring everyone here" joins it again (access may have just been given).
 */
import { createResource, Show } from "solid-js"
import { LazyCanvasBoard } from "../canvas/lazy.tsx"
import { canvasUser, memberName, sessionCards } from "../canvas/session-canvas.ts"
import { t } from "../i18n/i18n.ts"
import { isFacilitatorOf, type SessionState } from "../session/view.ts"
import { participantApi, participantLive } from "./store.ts"

export const CanvasActivity = (props: { readonly state: SessionState }) => {
  const view = () => (props.state.view?.kind === "canvas" && props.state.view.id ? props.state.view : undefined)
  const [cards] = createResource(() => (view() ? `${props.state.id}:${props.state.picks.filter((p) => p.cardId !== null).length}` : undefined), () =>
    sessionCards(participantApi(), props.state.id).catch(() => []),
  )
  const session = () => participantApi().session()
  return (
    <Show when={view() && session()} fallback={<p class="muted" role="status">{t("canvas.session.waiting")}</p>}>
      <Show when={view()} keyed>
        {(shared) => (
          <div class="participant-canvas">
            <LazyCanvasBoard
              api={participantApi()} live={participantLive()} user={canvasUser(session()!.user, props.state.id)} addr={`canvas/${shared.id}`} compact
              nameOf={(userId) => memberName(props.state, userId, t("canvas.facilitator"))} cards={() => cards() ?? []} leads={(userId) => isFacilitatorOf(props.state, userId)}
            />
          </div>
        )}
      </Show>
    </Show>
  )
}
