/** Where the connection stands, in words and an icon (never colour alone), announced when it changes. */
import { Match, Switch } from "solid-js"
import type { ConnectionState } from "../client/types.ts"
import { t } from "../i18n/i18n.ts"

export const ConnectionStatus = (props: { readonly state: ConnectionState; readonly pending?: number }) => (
  <div class="connection" role="status" aria-live="polite" data-state={props.state}>
    <Switch>
      <Match when={props.state === "connected"}>
        <span class="chip chip-ok">
          <span aria-hidden="true">●</span> {(props.pending ?? 0) > 0 ? t("save.saving") : t("connection.connected")}
        </span>
      </Match>
      <Match when={props.state === "connecting"}>
        <span class="chip chip-warn">
          <span aria-hidden="true">◌</span> {t("connection.connecting")}
        </span>
      </Match>
      <Match when={props.state === "reconnecting"}>
        <span class="chip chip-warn">
          <span aria-hidden="true">↻</span> {t("connection.reconnecting")}
        </span>
      </Match>
      <Match when={props.state === "offline"}>
        <span class="chip chip-danger">
          <span aria-hidden="true">✕</span> {t("connection.offline")}
        </span>
      </Match>
      <Match when={props.state === "signedOut"}>
        <span class="chip chip-danger">
          <span aria-hidden="true">✕</span> {t("connection.signedOut")}
        </span>
      </Match>
    </Switch>
  </div>
)
