/**
 * The canvases of this session shared with the participant, beyond the one
 * the facilitator brought everyone to: the list shared-canvases.ts keeps
 * (the read model lists a guest only its own session's canvases given to
 * it), each opened here on the same board. "Open" on a notice of a newly
 * shared canvas opens it here too, unless it is the canvas on the stage.
 */
import { createEffect, createResource, createSignal, For, on, Show } from "solid-js"
import { LazyCanvasBoard } from "../canvas/lazy.tsx"
import { canvasUser, memberName, sessionCards, sessionCardsShown } from "../canvas/session-canvas.ts"
import { t } from "../i18n/i18n.ts"
import { isFacilitatorOf, type SessionState } from "../session/view.ts"
import { errorText } from "../ui/errors.ts"
import type { SharedCanvases } from "./shared-canvases.ts"
import { participantApi, participantLive } from "./store.ts"

/** The canvas the stage shows (canvas-activity.tsx): the one the facilitator brought everyone to. */
export const stageCanvasId = (state: SessionState): string | undefined => (state.view?.kind === "canvas" && state.view.id ? state.view.id : undefined)

export const SessionCanvases = (props: { readonly state: SessionState; readonly shared: SharedCanvases }) => {
  let details: HTMLDetailsElement | undefined
  // An object, not the id: opening the same canvas again (its access given back) mounts a new board.
  const [chosen, setChosen] = createSignal<{ readonly id: string }>()
  // Faces are read once a board needs them (a card on it, or its Cards panel open), and again when the session shows more cards.
  const [cardsWanted, setCardsWanted] = createSignal(false)
  const [cards] = createResource(
    () => (chosen() && cardsWanted() ? sessionCardsShown(props.state) : undefined),
    () => sessionCards(participantApi(), props.state.id).catch(() => []),
  )
  const session = () => participantApi().session()
  createEffect(
    on(
      props.shared.openRequest,
      (request) => {
        if (!request || !details || request.canvasId === stageCanvasId(props.state)) return
        details.open = true
        setChosen({ id: request.canvasId })
        details.scrollIntoView({ block: "start", behavior: "smooth" })
      },
      { defer: true },
    ),
  )
  return (
    <details ref={details} class="panel session-canvases" onToggle={(e) => e.currentTarget.open && void props.shared.check()}>
      <summary>{t("canvas.session.shared")}</summary>
      <div class="stack">
        <Show when={props.shared.error()}>
          {(error) => (
            <p class="alert" role="alert">
              {errorText(error())}
            </p>
          )}
        </Show>
        <Show when={props.shared.list()}>
          {(items) => (
            <Show when={items().length > 0} fallback={<p class="muted">{t("canvas.session.noneShared")}</p>}>
              <ul class="session-canvas-list">
                <For each={items()}>
                  {(item) => (
                    <li>
                      <button
                        type="button"
                        class="btn btn-block"
                        aria-pressed={chosen()?.id === item.id}
                        onClick={() => setChosen(chosen()?.id === item.id ? undefined : { id: item.id })}
                      >
                        <span dir="auto">{item.title || t("canvas.untitled")}</span>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
        <button type="button" class="btn" onClick={() => void props.shared.check()}>
          {t("canvas.session.refresh")}
        </button>
        <Show when={chosen() && session()}>
          <Show when={chosen()} keyed>
            {({ id }) => {
              // Once per board (a JSX attribute would be a getter, asked again on every use).
              const reportAccess = props.shared.board(id)
              return (
                <div class="participant-canvas">
                  <LazyCanvasBoard
                    api={participantApi()}
                    live={participantLive()}
                    user={canvasUser(session()!.user, props.state.id)}
                    addr={`canvas/${id}`}
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
      </div>
    </details>
  )
}
