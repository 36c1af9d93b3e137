/**
 * "Suggested for this moment": a few cards for the session's phase, its
 * themes and what the group picked, each with its reason, from
 * GET /api/sessions/{id}/recommendations/cards. It asks again when the
 * phase changes or a deal or a reveal happens. Without a trained model it
 * says that content similarity ranks them.
 *
 * The texts are English only for now: they are not in the message
 * catalogues yet, and the reasons come from the server in English.
 */
import { createResource, For, Show } from "solid-js"
import { consoleError } from "../errors.ts"
import { api } from "../store.ts"
import { useRoom } from "./room-context.ts"

interface Suggestion {
  readonly cardId: string
  readonly word: string
  readonly question: string
  readonly themes: readonly string[]
  readonly reason: { readonly code: string; readonly text: string }
}

interface Suggestions {
  readonly method: "model" | "content"
  readonly note: string
  readonly items: readonly Suggestion[]
}

export const SuggestedCards = () => {
  const room = useRoom()
  const allowed = () => room.lead() || room.state().coFacilitators.some((co) => co.userId === room.me)
  // What the suggestions depend on: a new phase, a new deal, a new reveal.
  const moment = () => {
    const s = room.state()
    return allowed() && s.status === "open" ? `${s.phase ?? "lobby"}|${s.draws.length}|${s.picks.filter((p) => p.revealed).length}` : undefined
  }
  const [suggestions] = createResource(moment, () =>
    api().get<Suggestions>(`/api/sessions/${encodeURIComponent(room.sessionId)}/recommendations/cards?limit=5`))

  return (
    <Show when={allowed() && room.state().status === "open"}>
      <section class="panel stack suggested-cards" aria-labelledby="suggested-cards-title" data-testid="suggested-cards">
        <h2 id="suggested-cards-title">Suggested for this moment</h2>
        <Show when={!suggestions.error} fallback={<p class="muted" role="status">Suggestions are unavailable: {consoleError(suggestions.error)}</p>}>
          <Show when={suggestions()} fallback={<p class="muted" role="status">Looking at this moment…</p>}>
            {(s) => (
              <>
                <Show when={s().method === "content"}>
                  <p class="hint" data-testid="suggested-method">No trained model yet: ranked by content similarity to this session's themes and phase.</p>
                </Show>
                <Show when={s().items.length > 0} fallback={<p class="empty">No cards your organization's licence allows are left to suggest.</p>}>
                  <ol class="stack suggested-list">
                    <For each={s().items}>
                      {(item) => (
                        <li title={item.question}>
                          <strong>{item.word}</strong>
                          <span class="muted"> · {item.reason.text}</span>
                        </li>
                      )}
                    </For>
                  </ol>
                </Show>
                {/* The session shuffles a deal from a deck; there is no command yet to deal chosen cards, so the list cannot add to it. */}
                <p class="hint">Adding a suggestion to the deal needs a session command that deals chosen cards; Studio does not have one yet.</p>
              </>
            )}
          </Show>
        </Show>
      </section>
    </Show>
  )
}
