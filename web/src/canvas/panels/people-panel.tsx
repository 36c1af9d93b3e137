/** Who is on the canvas now (active, idle, away), follow one of them, bring everyone here, hide the cursors. */
import { For, Show } from "solid-js"
import { t } from "../../i18n/i18n.ts"
import { memberColour } from "../colours.ts"
import type { SidePanelProps } from "./side-panel.tsx"

export const PeoplePanel = (props: SidePanelProps) => (
  <div class="stack">
    <ul class="people-list">
      <li>
        <span class="person-dot" ref={(el) => el.style.setProperty("--member", memberColour(props.context.props.user.id))} />
        {t("canvas.you")}
      </li>
      <For each={props.peers}>
        {(peer) => (
          <li>
            <span class="person-dot" ref={(el) => el.style.setProperty("--member", memberColour(peer.userId))} />
            <span dir="auto">{props.context.props.nameOf(peer.userId)}</span>
            <span class="muted">{t(`canvas.presence.${peer.status}`)}</span>
            <button type="button" class="btn btn-small" aria-pressed={props.following === peer.userId} onClick={() => props.follow(peer.userId)}>
              {props.following === peer.userId ? t("canvas.following") : t("canvas.follow")}
            </button>
          </li>
        )}
      </For>
    </ul>
    <Show when={props.peers.length === 0}>
      <p class="muted">{t("canvas.alone")}</p>
    </Show>
    <Show when={props.bringEveryone}>
      {(bring) => (
        <button type="button" class="btn btn-primary" onClick={() => bring()()}>
          {t("canvas.bringEveryone")}
        </button>
      )}
    </Show>
    <label class="check">
      <input type="checkbox" checked={props.showCursors} onChange={(e) => props.setShowCursors(e.currentTarget.checked)} />
      {t("canvas.showCursors")}
    </label>
  </div>
)
