/**
 * A modal dialog on the native <dialog>: showModal() makes the rest of the
 * page inert (focus stays inside), Escape closes it, and focus goes back to
 * the control that opened it.
 */
import { createEffect, createUniqueId, onCleanup, Show, type JSX } from "solid-js"
import { t } from "../i18n/i18n.ts"

export interface DialogProps {
  readonly open: boolean
  readonly title: string
  readonly onClose: () => void
  readonly children: JSX.Element
  readonly wide?: boolean
}

export const Dialog = (props: DialogProps) => {
  let ref: HTMLDialogElement | undefined
  let opener: HTMLElement | null = null
  const id = createUniqueId()

  createEffect(() => {
    if (!ref) return
    if (props.open && !ref.open) {
      opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
      ref.showModal()
    } else if (!props.open && ref.open) {
      ref.close()
    }
  })

  const closed = () => {
    if (props.open) props.onClose()
    // The opener may have been hidden meanwhile (a menu that closed): its menu's toggle takes the focus back then.
    const visible =
      opener && opener.isConnected && opener.getClientRects().length > 0 ? opener : (opener?.closest("details")?.querySelector("summary") ?? null)
    visible?.focus()
    opener = null
  }
  onCleanup(() => ref?.open && ref.close())

  return (
    <dialog ref={ref} class="dialog" classList={{ "dialog-wide": props.wide === true }} aria-labelledby={id} onClose={closed}>
      <Show when={props.open}>
        <div class="dialog-head">
          <h2 id={id}>{props.title}</h2>
          <button type="button" class="btn btn-quiet" onClick={() => props.onClose()} aria-label={t("action.close")}>
            <span aria-hidden="true">✕</span>
          </button>
        </div>
        {props.children}
      </Show>
    </dialog>
  )
}

/** "Are you sure?" for what cannot be undone in one click (end the session, remove someone). */
export const ConfirmDialog = (props: {
  readonly open: boolean
  readonly title: string
  readonly body: string
  readonly confirm: string
  readonly danger?: boolean
  readonly onConfirm: () => void
  readonly onClose: () => void
}) => (
  <Dialog open={props.open} title={props.title} onClose={props.onClose}>
    <p>{props.body}</p>
    <div class="row end">
      <button type="button" class="btn" onClick={() => props.onClose()}>
        {t("action.cancel")}
      </button>
      <button
        type="button"
        class={props.danger ? "btn btn-danger" : "btn btn-primary"}
        onClick={() => {
          props.onConfirm()
          props.onClose()
        }}
      >
        {props.confirm}
      </button>
    </div>
  </Dialog>
)
