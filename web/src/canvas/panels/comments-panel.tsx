/** The comment thread of the selected element: read it, add to it, take back one's own. */
import { createSignal, For, Show } from "solid-js"
import { MAX_COMMENT } from "../../../../actors/canvas/limits.ts"
import { formatDateTime, t } from "../../i18n/i18n.ts"
import type { BoardContext } from "../board.tsx"
import { describeElement } from "../outline.tsx"

export const CommentsPanel = (props: { readonly context: BoardContext }) => {
  const c = props.context
  const [text, setText] = createSignal("")
  const element = () => {
    const ids = [...c.selection()]
    return ids.length === 1 ? c.state()?.canvas.elements.find((e) => e.id === ids[0]) : undefined
  }
  const thread = () => c.state()?.canvas.comments.filter((comment) => comment.elementId === element()?.id) ?? []
  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    const target = element()
    if (!target || !text().trim()) return
    if (await c.actions.comment(target.id, text().trim())) setText("")
  }
  return (
    <Show when={element()} fallback={<p class="muted">{t("canvas.commentsSelect")}</p>}>
      {(target) => (
        <div class="stack">
          <p class="muted">{describeElement(target(), c)}</p>
          <Show when={thread().length > 0} fallback={<p class="muted">{t("canvas.noComments")}</p>}>
            <ol class="comment-thread">
              <For each={thread()}>
                {(comment) => (
                  <li>
                    <p dir="auto">{comment.text}</p>
                    <p class="muted">
                      {c.props.nameOf(comment.by)} · {formatDateTime(comment.at)}
                      <Show when={comment.by === c.props.user.id || c.powers().manage}>
                        {" "}
                        <button type="button" class="btn-link" onClick={() => void c.actions.removeComment(comment.id)}>
                          {t("canvas.removeComment")}
                        </button>
                      </Show>
                    </p>
                  </li>
                )}
              </For>
            </ol>
          </Show>
          <Show when={c.powers().comment}>
            <form class="stack" onSubmit={submit}>
              <div class="field">
                <label for="board-comment">{t("canvas.addComment")}</label>
                <textarea
                  id="board-comment"
                  rows={3}
                  maxLength={MAX_COMMENT}
                  value={text()}
                  onInput={(e) => setText(e.currentTarget.value)}
                  dir="auto"
                />
              </div>
              <button type="submit" class="btn btn-primary" disabled={!text().trim()}>
                {t("canvas.postComment")}
              </button>
            </form>
          </Show>
        </div>
      )}
    </Show>
  )
}
