/**
 * Who sees this canvas: private (its owner, and facilitators looking in) or
 * shared with chosen members, each with view, comment or edit. Making it
 * private suspends the grants without forgetting them. For the owner and
 * facilitators only; the server enforces every choice.
 */
import { For, Show } from "solid-js"
import type { AccessLevel } from "../../../../actors/canvas/protocol.ts"
import { t } from "../../i18n/i18n.ts"
import type { BoardContext } from "../board.tsx"

const LEVELS: readonly AccessLevel[] = ["view", "comment", "edit"]

export const SharePanel = (props: { readonly context: BoardContext }) => {
  const c = props.context
  const canvas = () => c.state()?.canvas
  const grantOf = (userId: string) => canvas()?.shares.find((share) => share.userId === userId)?.access
  const people = () => {
    const known = new Map((c.props.members?.() ?? []).map((m) => [m.userId, m.name]))
    for (const share of canvas()?.shares ?? []) if (!known.has(share.userId)) known.set(share.userId, c.props.nameOf(share.userId))
    known.delete(canvas()?.ownerId ?? "")
    return [...known].map(([userId, name]) => ({ userId, name }))
  }
  const setAccess = (userId: string, access: string) =>
    void c.send(access === "none" ? { type: "revokeAccess", userId } : { type: "shareWith", userId, access })
  const shareWithEveryone = (access: AccessLevel) =>
    void Promise.all(
      people()
        .filter((p) => grantOf(p.userId) !== access)
        .map((p) => c.send({ type: "shareWith", userId: p.userId, access })),
    )
  return (
    <div class="stack">
      <fieldset class="stack">
        <legend>{t("canvas.share.who")}</legend>
        <label class="check">
          <input
            type="radio"
            name="board-privacy"
            checked={canvas()?.privacy === "private"}
            onChange={() => void c.send({ type: "setPrivacy", privacy: "private" })}
          />
          {t("canvas.share.private")}
        </label>
        <label class="check">
          <input
            type="radio"
            name="board-privacy"
            checked={canvas()?.privacy === "shared"}
            onChange={() => void c.send({ type: "setPrivacy", privacy: "shared" })}
          />
          {t("canvas.share.shared")}
        </label>
      </fieldset>
      <Show when={canvas()?.privacy === "shared"} fallback={<p class="muted">{t("canvas.share.privateHint")}</p>}>
        <Show when={people().length > 0} fallback={<p class="muted">{t("canvas.share.nobody")}</p>}>
          <div class="row">
            <button type="button" class="btn btn-small" onClick={() => shareWithEveryone("edit")}>
              {t("canvas.share.everyoneEdit")}
            </button>
            <button type="button" class="btn btn-small" onClick={() => shareWithEveryone("view")}>
              {t("canvas.share.everyoneView")}
            </button>
          </div>
          <ul class="share-list">
            <For each={people()}>
              {(person) => (
                <li>
                  <label for={`share-${person.userId}`} dir="auto">
                    {person.name}
                  </label>
                  <select
                    id={`share-${person.userId}`}
                    value={grantOf(person.userId) ?? "none"}
                    onChange={(e) => setAccess(person.userId, e.currentTarget.value)}
                  >
                    <option value="none">{t("canvas.share.none")}</option>
                    <For each={LEVELS}>{(level) => <option value={level}>{t(`canvas.share.${level}`)}</option>}</For>
                  </select>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </div>
  )
}
