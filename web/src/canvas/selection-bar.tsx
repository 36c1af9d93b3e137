/**
 * What can be done with the selection, in words: edit the text, colour,
 * bring to front or send to back, group or ungroup, duplicate, delete,
 * comment; a facilitator locks and unlocks. Nothing selected: a hint.
 */
import { For, Show } from "solid-js"
import { t } from "../i18n/i18n.ts"
import type { BoardContext } from "./board.tsx"
import { INK_COLOURS, STICKY_COLOURS } from "./colours.ts"
import { describeElement } from "./outline.tsx"

export const SelectionBar = (props: { readonly context: BoardContext; edit(id: string): void; openComments(): void }) => {
  const c = props.context
  const selected = () => {
    const ids = c.selection()
    return c.state()?.canvas.elements.filter((e) => ids.has(e.id)) ?? []
  }
  const single = () => (selected().length === 1 ? selected()[0] : undefined)
  const ids = () => selected().map((e) => e.id)
  const editable = () => c.powers().edit && selected().every((e) => !e.locked)
  const groupId = () => {
    const groups = new Set(selected().map((e) => e.groupId))
    return groups.size === 1 ? ([...groups][0] ?? null) : null
  }
  const swatches = () => (single()?.kind === "sticky" ? STICKY_COLOURS : INK_COLOURS)
  return (
    <div class="selection-bar" role="toolbar" aria-label={t("canvas.selection")}>
      <Show when={selected().length > 0} fallback={<span class="muted">{c.powers().edit ? t("canvas.hint") : t("canvas.hintView")}</span>}>
        <span class="selection-name" aria-live="polite">
          {single() ? describeElement(single()!, c) : t("canvas.selected", { count: selected().length })}
        </span>
        <Show when={editable()}>
          <Show when={single() && (single()!.kind === "sticky" || single()!.kind === "text")}>
            <button type="button" class="btn btn-small" onClick={() => props.edit(single()!.id)}>
              {t("canvas.editWords")}
            </button>
          </Show>
          <Show when={single() && "colour" in single()!}>
            <For each={swatches()}>
              {(swatch) => (
                <button
                  type="button"
                  class="swatch"
                  title={t(swatch.name)}
                  aria-pressed={(single() as { colour?: string }).colour === swatch.value}
                  ref={(el) => el.style.setProperty("--swatch", swatch.value)}
                  onClick={() => void c.actions.update(single()!.id, { colour: swatch.value })}
                >
                  <span class="visually-hidden">{t(swatch.name)}</span>
                </button>
              )}
            </For>
          </Show>
          <Show when={single()}>
            <button type="button" class="btn btn-small" onClick={() => void c.actions.reorder(single()!.id, "front")}>
              {t("canvas.toFront")}
            </button>
            <button type="button" class="btn btn-small" onClick={() => void c.actions.reorder(single()!.id, "back")}>
              {t("canvas.toBack")}
            </button>
          </Show>
          <Show when={selected().length >= 2 && groupId() === null}>
            <button type="button" class="btn btn-small" onClick={() => void c.actions.group(ids())}>
              {t("canvas.group")}
            </button>
          </Show>
          <Show when={groupId()}>
            {(group) => (
              <button type="button" class="btn btn-small" onClick={() => void c.actions.ungroup(group())}>
                {t("canvas.ungroup")}
              </button>
            )}
          </Show>
          <button type="button" class="btn btn-small" onClick={() => void c.actions.duplicate(ids()).then(c.select)}>
            {t("canvas.duplicate")}
          </button>
          <button type="button" class="btn btn-small btn-danger" onClick={() => void c.actions.remove(ids())}>
            {t("canvas.delete")}
          </button>
        </Show>
        <Show when={single() && (c.powers().comment || c.powers().manage)}>
          <button type="button" class="btn btn-small" onClick={() => props.openComments()}>
            {t("canvas.commentsOn", { count: c.state()?.canvas.comments.filter((x) => x.elementId === single()!.id).length ?? 0 })}
          </button>
        </Show>
        <Show when={c.powers().lock && single()}>
          <button type="button" class="btn btn-small" onClick={() => void c.actions.lock(single()!.id, !single()!.locked)}>
            {single()!.locked ? t("canvas.unlock") : t("canvas.lock")}
          </button>
        </Show>
      </Show>
      <Show when={c.powers().lock}>
        <button type="button" class="btn btn-small board-lock-all" onClick={() => void c.actions.lockCanvas(!c.state()?.canvas.locked)}>
          {c.state()?.canvas.locked ? t("canvas.unlockCanvas") : t("canvas.lockCanvas")}
        </button>
      </Show>
    </div>
  )
}
