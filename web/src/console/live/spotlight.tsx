/** What is in the spotlight on everyone's screen (a person or a card), with the way to end it. */
import { Match, Show, Switch } from "solid-js"
import { t } from "../../i18n/i18n.ts"
import { cardWord, displayName } from "../../session/view.ts"
import { useRoom } from "./room-context.ts"

export const Spotlight = () => {
  const room = useRoom()
  const target = () => room.state().spotlight
  return (
    <Show when={target()}>
      {(current) => (
        <div class="spotlight-banner row between" role="status">
          <span>
            <span aria-hidden="true">★ </span>
            <Switch>
              <Match when={current().kind === "participant" && current()}>
                {(p) => t("console.spotlight.onPerson", { name: displayName(room.state(), (p() as { userId: string }).userId) })}
              </Match>
              <Match when={current().kind === "card" && current()}>
                {(c) => t("console.spotlight.onCard", { word: cardWord(room.state(), (c() as { cardId: string }).cardId) })}
              </Match>
            </Switch>
          </span>
          <Show when={room.can("spotlight")}>
            <button
              type="button"
              class="btn btn-small"
              disabled={room.busy("spotlight")}
              onClick={() => void room.send({ type: "spotlight", target: null }, "spotlight")}
            >
              {t("console.spotlight.end")}
            </button>
          </Show>
        </div>
      )}
    </Show>
  )
}
