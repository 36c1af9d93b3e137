/**
 * "Facilitator shared a canvas with you — Open": one line per canvas newly
 * shared with the participant (shared-canvases.ts), in the sticky header so
 * it is seen wherever the page is scrolled, and read out politely by screen
 * readers. Open brings the canvas up here; Dismiss puts the line away (the
 * canvas stays in "Canvases shared with you").
 */
import { For } from "solid-js"
import { memberName } from "../canvas/session-canvas.ts"
import { t } from "../i18n/i18n.ts"
import type { SessionState } from "../session/view.ts"
import type { SharedCanvases } from "./shared-canvases.ts"

export const SharedCanvasNotices = (props: { readonly shared: SharedCanvases; readonly state: SessionState | undefined }) => {
  const sharer = (ownerId: string) => (props.state ? memberName(props.state, ownerId, t("canvas.facilitator")) : t("canvas.facilitator"))
  return (
    <div class="shared-notices" role="status" aria-live="polite">
      <For each={props.shared.notices()}>
        {(canvas) => (
          <div class="shared-notice" data-canvas-id={canvas.id}>
            <p>
              <strong>{t("canvas.session.sharedNotice", { name: sharer(canvas.ownerId) })}</strong>{" "}
              <span class="shared-notice-title" dir="auto">
                {canvas.title || t("canvas.untitled")}
              </span>
            </p>
            <button type="button" class="btn btn-primary" onClick={() => props.shared.open(canvas.id)}>
              {t("canvas.session.openShared")}
            </button>
            <button type="button" class="btn btn-quiet" onClick={() => props.shared.dismiss(canvas.id)}>
              {t("canvas.session.dismissShared")}
            </button>
          </div>
        )}
      </For>
    </div>
  )
}
