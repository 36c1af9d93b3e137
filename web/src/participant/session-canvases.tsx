/**
 * The canvases of this session shared with the participant, beyond the one
 * the facilitator brought everyone to: listed on demand (the read model
 * lists a guest only its own session's canvases given to it), each opened
 * here on the same board.
 */
import { createResource, createSignal, For, onCleanup, Show } from "solid-js"
import { LazyCanvasBoard } from "../canvas/lazy.tsx"
import { canvasUser, memberName, sessionCards } from "../canvas/session-canvas.ts"
import { t } from "../i18n/i18n.ts"
import { isFacilitatorOf, type SessionState } from "../session/view.ts"
import { errorText } from "../ui/errors.ts"
import { participantApi, participantLive } from "./store.ts"

interface Listed {
  readonly id: string
  readonly title: string
}

export const SessionCanvases = (props: { readonly state: SessionState }) => {
  const [open, setOpen] = createSignal(false)
  const [chosen, setChosen] = createSignal<string>()
  const [list, { refetch }] = createResource(open, async () => {
    const page = await participantApi().get<{ items: Listed[] }>("/api/canvases", { query: { session: props.state.id } })
    return page.items
  })
  // While the list is open, it looks again now and then: a facilitator may share a canvas at any moment.
  const poll = setInterval(() => open() && !list.loading && void refetch(), 15_000)
  onCleanup(() => clearInterval(poll))
  const [cards] = createResource(chosen, () => sessionCards(participantApi(), props.state.id).catch(() => []))
  const session = () => participantApi().session()
  return (
    <details class="panel session-canvases" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t("canvas.session.shared")}</summary>
      <div class="stack">
        <Show when={list.error}>
          <p class="alert" role="alert">{errorText(list.error)}</p>
        </Show>
        <Show when={list()}>
          {(items) => (
            <Show when={items().length > 0} fallback={<p class="muted">{t("canvas.session.noneShared")}</p>}>
              <ul class="session-canvas-list">
                <For each={items()}>
                  {(item) => (
                    <li>
                      <button type="button" class="btn btn-block" aria-pressed={chosen() === item.id} onClick={() => setChosen(chosen() === item.id ? undefined : item.id)}>
                        <span dir="auto">{item.title || t("canvas.untitled")}</span>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
        <button type="button" class="btn" onClick={() => void refetch()}>{t("canvas.session.refresh")}</button>
        <Show when={chosen() && session()}>
          <Show when={chosen()} keyed>
            {(id) => (
              <div class="participant-canvas">
                <LazyCanvasBoard
                  api={participantApi()} live={participantLive()} user={canvasUser(session()!.user, props.state.id)} addr={`canvas/${id}`} compact
                  nameOf={(userId) => memberName(props.state, userId, t("canvas.facilitator"))} cards={() => cards() ?? []} leads={(userId) => isFacilitatorOf(props.state, userId)}
                />
              </div>
            )}
          </Show>
        </Show>
      </div>
    </details>
  )
}
