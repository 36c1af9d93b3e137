/** Cards to put on the canvas: drag one onto it, or press "Add" (keyboard) to place it in the middle of the view. */
import { createSignal, For, Show } from "solid-js"
import { t } from "../../i18n/i18n.ts"
import type { BoardContext } from "../board.tsx"

export const LibraryPanel = (props: { readonly context: BoardContext }) => {
  const [query, setQuery] = createSignal("")
  const cards = () => {
    const q = query().trim().toLowerCase()
    const all = props.context.props.cards()
    return q ? all.filter((card) => card.face.word.toLowerCase().includes(q) || card.face.question.toLowerCase().includes(q)) : all
  }
  const addInView = (cardId: string) => {
    const scene = props.context.scene()
    if (!scene) return
    const rect = scene.canvasElement.getBoundingClientRect()
    const centre = scene.screenToWorld(rect.width / 2, rect.height / 2)
    const offset = ((props.context.state()?.canvas.elements.length ?? 0) % 8) * 16
    void props.context.actions
      .add({ kind: "card", cardId, x: centre.x - 90 + offset, y: centre.y - 130 + offset, w: 180, h: 260 })
      .then((id) => id && props.context.select([id]))
  }
  return (
    <div class="stack">
      <div class="field">
        <label for="board-card-search">{t("canvas.searchCards")}</label>
        <input id="board-card-search" type="search" value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
      </div>
      <Show when={cards().length > 0} fallback={<p class="muted">{t("canvas.noCards")}</p>}>
        <ul class="board-cards">
          <For each={cards()}>
            {(card) => (
              <li draggable={true} onDragStart={(e) => e.dataTransfer?.setData("application/x-studio-card", card.cardId)}>
                <span class="board-card-word" dir="auto">
                  {card.face.word}
                </span>
                <span class="muted board-card-question" dir="auto">
                  {card.face.question}
                </span>
                <button
                  type="button"
                  class="btn btn-small"
                  onClick={() => addInView(card.cardId)}
                  aria-label={t("canvas.addCard", { word: card.face.word })}
                >
                  {t("canvas.add")}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  )
}
