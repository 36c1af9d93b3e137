/**
 * "New canvas": a title, private or shared, and blank or one of the canvas
 * templates (in the UI's language, and written on the board in it). The
 * canvas is made with the live connection under a fresh id, then opened.
 *
 * In a live session (`session`), the canvas is made for that session
 * instead: every member, guests included, may edit it and is brought to it
 * at once; the Share panel narrows it later.
 */
import { useNavigate } from "@solidjs/router"
import { createMemo, createSignal, For, Show } from "solid-js"
import { MAX_TITLE } from "../../../../actors/canvas/limits.ts"
import { canvasTemplatesIn } from "../../../../actors/canvas/template-translation.ts"
import type { SessionState } from "../../../../actors/session/state.ts"
import { openRoomCanvas } from "../../canvas/session-canvas.ts"
import { locale, t } from "../../i18n/i18n.ts"
import { Dialog } from "../dialog.tsx"
import { consoleError } from "../errors.ts"
import { live } from "../store.ts"
import { newCanvasId, rememberCreated } from "./canvases.ts"

/** The live session the canvas is for, and who makes it. */
export interface CanvasForSession {
  readonly state: () => SessionState
  readonly me: string
}

export const NewCanvasDialog = (props: { readonly open: boolean; readonly onClose: () => void; readonly session?: CanvasForSession }) => {
  const navigate = useNavigate()
  const templates = createMemo(() => canvasTemplatesIn(locale()))
  const [title, setTitle] = createSignal("")
  const [privacy, setPrivacy] = createSignal<"private" | "shared">("private")
  const [templateId, setTemplateId] = createSignal("")
  const [saving, setSaving] = createSignal(false)
  const [error, setError] = createSignal<unknown>()
  // The template's title fills the title field until the user types their own.
  const [typed, setTyped] = createSignal(false)

  const template = () => templates().find((tpl) => tpl.id === templateId())
  const choose = (id: string) => {
    setTemplateId(id)
    if (!typed()) setTitle(templates().find((tpl) => tpl.id === id)?.title ?? "")
  }

  // Closed while the canvas was being made: it is still made (and listed), but not opened.
  let attempt = 0
  const close = () => {
    attempt++
    setSaving(false)
    setTitle("")
    setTyped(false)
    setPrivacy("private")
    setTemplateId("")
    setError(undefined)
    props.onClose()
  }

  const create = async (event: SubmitEvent) => {
    event.preventDefault()
    if (saving()) return
    const id = newCanvasId()
    const chosen = template()
    const name = title().trim() || chosen?.title || t("canvas.untitled")
    const mine = attempt
    setSaving(true)
    setError(undefined)
    try {
      const session = props.session
      if (session) {
        await openRoomCanvas(live(), session.state(), session.me, {
          id,
          title: name,
          ...(chosen ? { templateId: chosen.id } : {}),
          language: locale(),
        })
        rememberCreated(id)
        if (mine === attempt) close()
        return
      }
      await live().send(`canvas/${id}`, {
        type: "create",
        title: name,
        privacy: privacy(),
        ...(chosen ? { templateId: chosen.id } : {}),
        language: locale(),
      })
      rememberCreated(id)
      if (mine !== attempt) return
      close()
      navigate(`/canvases/${id}`)
    } catch (failure) {
      if (mine !== attempt) return
      setError(failure)
      setSaving(false)
    }
  }

  return (
    <Dialog open={props.open} title={props.session ? t("console.roomCanvas.title") : t("console.canvases.newTitle")} onClose={close} wide>
      <form class="stack new-canvas" onSubmit={create}>
        <div class="field">
          <label for="new-canvas-title">{t("console.canvases.nameLabel")}</label>
          <input
            id="new-canvas-title"
            value={title()}
            maxLength={MAX_TITLE}
            dir="auto"
            autocomplete="off"
            placeholder={t("console.canvases.namePlaceholder")}
            onInput={(e) => {
              setTitle(e.currentTarget.value)
              setTyped(e.currentTarget.value.trim() !== "")
            }}
          />
        </div>
        <Show
          when={props.session}
          fallback={
            <fieldset class="choice">
              <legend>{t("canvas.share.who")}</legend>
              <label class="check">
                <input
                  type="radio"
                  name="new-canvas-privacy"
                  value="private"
                  checked={privacy() === "private"}
                  onChange={() => setPrivacy("private")}
                />
                <span>{t("canvas.share.private")}</span>
              </label>
              <label class="check">
                <input type="radio" name="new-canvas-privacy" value="shared" checked={privacy() === "shared"} onChange={() => setPrivacy("shared")} />
                <span>{t("console.canvases.sharedChoice")}</span>
              </label>
            </fieldset>
          }
        >
          <p class="muted">{t("console.roomCanvas.hint")}</p>
        </Show>
        <fieldset class="choice template-choice">
          <legend>{t("console.canvases.startFrom")}</legend>
          <ul class="template-options">
            <li>
              <label class="template-option">
                <input type="radio" name="new-canvas-template" value="" checked={templateId() === ""} onChange={() => choose("")} />
                <span class="stack-s">
                  <strong>{t("console.canvases.blank")}</strong>
                  <span class="muted small">{t("console.canvases.blankHint")}</span>
                </span>
              </label>
            </li>
            <For each={templates()}>
              {(tpl) => (
                <li>
                  <label class="template-option">
                    <input type="radio" name="new-canvas-template" value={tpl.id} checked={templateId() === tpl.id} onChange={() => choose(tpl.id)} />
                    <span class="stack-s">
                      <strong dir="auto">{tpl.title}</strong>
                      <span class="muted small" dir="auto">
                        {tpl.purpose}
                      </span>
                    </span>
                  </label>
                </li>
              )}
            </For>
          </ul>
        </fieldset>
        <Show when={error()}>
          <div class="alert" role="alert">
            {t("console.canvases.createFailed", { reason: consoleError(error()) })}
          </div>
        </Show>
        <div class="row end new-canvas-actions">
          <button type="button" class="btn" onClick={close}>
            {t("action.cancel")}
          </button>
          <button type="submit" class="btn btn-primary" disabled={saving()} aria-busy={saving()}>
            {saving() ? t("console.canvases.creating") : props.session ? t("console.roomCanvas.create") : t("console.canvases.create")}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
