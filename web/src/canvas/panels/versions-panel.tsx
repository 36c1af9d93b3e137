/**
 * The canvas's saved versions, newest first: save one now (with a label),
 * look at an earlier one without changing anything, and restore it (the
 * present is saved as a version first, so a restore can itself be undone).
 */
import { createSignal, For, Show } from "solid-js"
import { MAX_VERSION_LABEL } from "../../../../actors/canvas/limits.ts"
import { formatDateTime, t } from "../../i18n/i18n.ts"
import { errorText } from "../../ui/errors.ts"
import type { BoardContext } from "../board.tsx"
import type { CanvasElement } from "../model.ts"

export const VersionsPanel = (props: { readonly context: BoardContext }) => {
  const c = props.context
  const [label, setLabel] = createSignal("")
  const [failure, setFailure] = createSignal<string>()
  const versions = () => [...(c.state()?.canvas.versions ?? [])].reverse()
  const save = async (event: SubmitEvent) => {
    event.preventDefault()
    if (await c.send({ type: "saveVersion", ...(label().trim() ? { label: label().trim() } : {}) })) setLabel("")
  }
  const preview = async (versionId: string) => {
    setFailure(undefined)
    try {
      const body = await c.props.api.get<{ elements: readonly CanvasElement[] }>(
        `/api/canvases/${encodeURIComponent(c.canvasId)}/versions/${encodeURIComponent(versionId)}`,
      )
      c.setPreview({ versionId, elements: body.elements })
    } catch (error) {
      setFailure(errorText(error))
    }
  }
  const restore = async (versionId: string) => {
    c.setPreview(undefined)
    await c.send({ type: "restoreVersion", versionId })
  }
  /** A restore would change locked elements, which only the facilitator may unlock: say so before anyone tries. */
  const lockedInTheWay = () => c.state()?.canvas.elements.some((e) => e.locked) ?? false
  const reasonWords = (reason: "auto" | "manual" | "restore") => t(`canvas.version.reason.${reason}`)
  return (
    <div class="stack">
      <Show when={c.powers().edit}>
        <form class="stack" onSubmit={save}>
          <div class="field">
            <label for="board-version-label">{t("canvas.version.label")}</label>
            <input
              id="board-version-label"
              maxLength={MAX_VERSION_LABEL}
              value={label()}
              onInput={(e) => setLabel(e.currentTarget.value)}
              dir="auto"
            />
          </div>
          <button type="submit" class="btn">
            {t("canvas.version.save")}
          </button>
        </form>
      </Show>
      <Show when={c.powers().edit && lockedInTheWay()}>
        <p class="muted">{t("canvas.version.unlockFirst")}</p>
      </Show>
      <Show when={failure()}>
        <p class="alert" role="alert">
          {failure()}
        </p>
      </Show>
      <Show when={versions().length > 0} fallback={<p class="muted">{t("canvas.version.none")}</p>}>
        <ol class="version-list">
          <For each={versions()}>
            {(version) => (
              <li aria-current={c.preview()?.versionId === version.id ? "true" : undefined}>
                <strong dir="auto">{version.reason === "manual" && version.label ? version.label : reasonWords(version.reason)}</strong>
                <span class="muted">
                  {formatDateTime(version.at)} · {c.props.nameOf(version.by)}
                </span>
                <div class="row">
                  <button type="button" class="btn btn-small" onClick={() => void preview(version.id)}>
                    {t("canvas.version.preview")}
                  </button>
                  <Show when={c.powers().edit}>
                    <button type="button" class="btn btn-small" disabled={lockedInTheWay()} onClick={() => void restore(version.id)}>
                      {t("canvas.version.restore")}
                    </button>
                  </Show>
                </div>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </div>
  )
}
