/** Ending the session (leads only), after a confirmation: everyone's screens stop, and the recap opens. */
import { createSignal, Show } from "solid-js"
import { t } from "../../i18n/i18n.ts"
import { ConfirmDialog } from "../dialog.tsx"
import { useRoom } from "./room-context.ts"

export const EndSessionButton = (props: { readonly quiet?: boolean }) => {
  const room = useRoom()
  const [asking, setAsking] = createSignal(false)
  const cls = () => (room.primary() === "end" && !props.quiet ? "btn btn-primary" : "btn btn-danger")
  return (
    <Show when={room.lead() && room.state().status === "open"}>
      <button type="button" class={cls()} disabled={room.busy("end")} onClick={() => setAsking(true)}>
        {t("console.end.button")}
      </button>
      <ConfirmDialog
        open={asking()}
        title={t("console.end.title")}
        body={t("console.end.body")}
        confirm={t("console.end.confirm")}
        danger
        onConfirm={() => void room.send({ type: "end" }, "end")}
        onClose={() => setAsking(false)}
      />
    </Show>
  )
}
