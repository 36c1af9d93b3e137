/**
 * "Suggested for this moment": a few cards for the session's phase, its
 * themes and what the group picked, each with its reason, from
 * GET /api/sessions/{id}/recommendations/cards. It asks again when the
 * phase changes or a deal or a reveal happens. Without a trained model it
 * says that content similarity ranks them.
 *
 * A facilitator with the cards power ticks suggestions and deals them face
 * up or face down (`drawCards` with `cardIds`: the session shuffles the
 * chosen cards, so face down nobody knows which position holds which). A
 * deal is one spread from one deck, so once a card is ticked only
 * suggestions from its deck can join it; a suggestion whose deck this
 * session has not loaded cannot be dealt. Each reason is worded here, in
 * the facilitator's language, from the code and parameters the server sends
 * (suggestion-reason.ts).
 *
 * It sits in the side column's Suggestions tab; `onNews` tells the tab
 * which cards are suggested now, for its badge.
 */
import { createEffect, createMemo, createResource, createSignal, For, Show } from "solid-js"
import { formatNumber, locale, plural, t } from "../../i18n/i18n.ts"
import { currentActivity } from "../../session/view.ts"
import { consoleError } from "../errors.ts"
import { api } from "../store.ts"
import { useRoom } from "./room-context.ts"
import { reasonText, type SuggestionReason } from "./suggestion-reason.ts"

interface Suggestion {
  readonly cardId: string
  readonly deckId: string
  readonly word: string
  readonly question: string
  readonly themes: readonly string[]
  /** The language the word and question came in (built-in cards come in the facilitator's; an organization's own as written). */
  readonly language?: string
  readonly reason: SuggestionReason
}

interface Suggestions {
  readonly method: "model" | "content"
  readonly note: string
  readonly items: readonly Suggestion[]
}

const BUSY = "deal-suggested"

export const SuggestedCards = (props: { readonly onNews?: (keys: readonly string[]) => void }) => {
  const room = useRoom()
  const allowed = () => room.lead() || room.state().coFacilitators.some((co) => co.userId === room.me)
  // What the suggestions depend on: a new phase, a new deal, a new reveal, the language.
  const moment = () => {
    const s = room.state()
    // The language too: the reasons' themes come named in it.
    return allowed() && s.status === "open"
      ? `${s.phase ?? "lobby"}|${s.draws.length}|${s.picks.filter((p) => p.revealed).length}|${locale()}`
      : undefined
  }
  const [suggestions] = createResource(moment, () =>
    api().get<Suggestions>(`/api/sessions/${encodeURIComponent(room.sessionId)}/recommendations/cards?limit=5`),
  )

  // Ticked suggestions, in the order ticked; those no longer suggested drop out.
  const [ticked, setTicked] = createSignal<readonly Suggestion[]>([])
  const chosen = createMemo(() => {
    const items = suggestions.latest?.items ?? []
    return ticked().filter((c) => items.some((i) => i.cardId === c.cardId && i.deckId === c.deckId))
  })
  const chosenDeck = () => chosen()[0]?.deckId ?? null
  const deckTitle = (deckId: string) => room.state().decks.find((d) => d.deckId === deckId)?.title ?? null
  const severalDecks = () => new Set((suggestions.latest?.items ?? []).map((i) => i.deckId)).size > 1
  const isChosen = (item: Suggestion) => chosen().some((c) => c.cardId === item.cardId && c.deckId === item.deckId)
  const choosable = (item: Suggestion) => deckTitle(item.deckId) !== null && (chosenDeck() === null || chosenDeck() === item.deckId)
  const toggle = (item: Suggestion, on: boolean) =>
    setTicked(
      on
        ? [...chosen().filter((c) => !(c.cardId === item.cardId && c.deckId === item.deckId)), item]
        : chosen().filter((c) => !(c.cardId === item.cardId && c.deckId === item.deckId)),
    )

  const deal = async (faceDown: boolean) => {
    const cards = chosen()
    const deckId = chosenDeck()
    if (cards.length === 0 || deckId === null) return
    const activity = currentActivity(room.state())
    const picksPerPerson = activity?.kind === "cardDraw" ? activity.picksPerPerson : 1
    const ok = await room.send(
      { type: "drawCards", deckId, count: cards.length, faceDown, picksPerPerson, cardIds: cards.map((c) => c.cardId) },
      BUSY,
    )
    if (ok) setTicked([])
  }
  const canDeal = () => room.can("cards") && chosen().length > 0 && !room.busy(BUSY)
  createEffect(() => props.onNews?.((suggestions.latest?.items ?? []).map((item) => `${item.deckId}/${item.cardId}`)))

  return (
    <Show when={allowed() && room.state().status === "open"}>
      <section class="panel stack suggested-cards" aria-labelledby="suggested-cards-title" data-testid="suggested-cards">
        <h2 id="suggested-cards-title">{t("console.suggested.title")}</h2>
        <Show
          when={!suggestions.error}
          fallback={
            <p class="muted" role="status">
              {t("console.suggested.unavailable", { reason: consoleError(suggestions.error) })}
            </p>
          }
        >
          <Show
            when={suggestions()}
            fallback={
              <p class="muted" role="status">
                {t("console.suggested.looking")}
              </p>
            }
          >
            {(s) => (
              <>
                <Show when={s().method === "content"}>
                  <p class="hint" data-testid="suggested-method">
                    {t("console.suggested.byContent")}
                  </p>
                </Show>
                <Show when={s().items.length > 0} fallback={<p class="empty">{t("console.suggested.none")}</p>}>
                  <Show when={severalDecks()}>
                    <p class="hint">{t("console.suggested.oneDeck")}</p>
                  </Show>
                  <ol class="stack suggested-list">
                    <For each={s().items}>
                      {(item) => (
                        <li title={item.question}>
                          <label class="check">
                            <input
                              type="checkbox"
                              checked={isChosen(item)}
                              disabled={!room.can("cards") || (!isChosen(item) && !choosable(item))}
                              onChange={(e) => toggle(item, e.currentTarget.checked)}
                            />
                            <strong lang={item.language}>{item.word}</strong>
                          </label>
                          <Show when={severalDecks() && deckTitle(item.deckId)}>{(title) => <span class="muted"> · {title()}</span>}</Show>
                          <span class="muted" data-reason={item.reason.code}>
                            {" "}
                            · {reasonText(item.reason)}
                          </span>
                          <Show when={deckTitle(item.deckId) === null}>
                            <span class="muted"> · {t("console.suggested.notLoaded")}</span>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ol>
                  <Show when={room.can("cards")} fallback={<p class="hint">{t("console.suggested.needsCards")}</p>}>
                    <p class="muted" aria-live="polite">
                      {chosen().length === 0
                        ? t("console.suggested.chooseHint")
                        : t(plural(chosen().length, "console.suggested.chosen.one", "console.suggested.chosen.other"), {
                            count: formatNumber(chosen().length),
                            deck: deckTitle(chosenDeck()!) ?? "",
                          })}
                    </p>
                    <div class="row">
                      <button type="button" class="btn" disabled={!canDeal()} onClick={() => void deal(false)}>
                        {t("console.suggested.dealUp")}
                      </button>
                      <button type="button" class="btn" disabled={!canDeal()} onClick={() => void deal(true)}>
                        {t("console.suggested.dealDown")}
                      </button>
                    </div>
                    <Show when={currentActivity(room.state())?.kind !== "cardDraw"}>
                      <p class="hint">{t("console.suggested.stageHint")}</p>
                    </Show>
                  </Show>
                </Show>
              </>
            )}
          </Show>
        </Show>
      </section>
    </Show>
  )
}
