/**
 * The cards dealt to the session, picked privately: face up, each card's
 * word (and picture and question when the library has them); face down,
 * numbered backs. A pick stays the picker's until the facilitator reveals.
 * Built-in cards read in the participant's chosen language (asked again
 * when it changes); the session's own word is the fallback.
 */
import { createResource, For, Show } from "solid-js"
import { locale, plural, t } from "../i18n/i18n.ts"
import { cardWord, displayName, picksOf, presentParticipants, pickerCount, type Draw, type SessionState } from "../session/view.ts"
import { participantApi } from "./store.ts"

/** A card as the library describes it, for the cards this member may see in the session. */
interface CardDetails {
  readonly cardId: string
  readonly word: string
  readonly question: string | null
  readonly picture: { readonly src: string; readonly alt: string } | null
}

export interface CardsActivityProps {
  readonly state: SessionState
  readonly draw: Draw
  readonly me: string
  readonly onPick: (pick: { cardId?: string; position?: number }) => void
}

export const CardsActivity = (props: CardsActivityProps) => {
  // Asked again whenever the cards this member may see change (a new draw, their pick, a reveal).
  const visible = () =>
    `${props.state.id}:${props.draw.drawId}:${props.draw.cardIds.length}:${props.state.picks.filter((p) => p.cardId !== null).length}:${locale()}`
  const [details] = createResource(visible, async () => {
    const { cards } = await participantApi().get<{ cards: CardDetails[] }>(`/api/sessions/${props.state.id}/cards`)
    return new Map(cards.map((card) => [card.cardId, card]))
  })
  const detail = (cardId: string | null) => (cardId === null ? undefined : details.latest?.get(cardId))
  const wordOf = (cardId: string) => detail(cardId)?.word ?? cardWord(props.state, cardId)
  const mine = () => picksOf(props.state, props.draw.drawId, props.me)
  const left = () => Math.max(0, props.draw.picksPerPerson - mine().length)
  const picked = (cardId: string | null, position: number) =>
    mine().some((pick) => (cardId !== null && pick.cardId === cardId) || (props.draw.faceDown && pick.position === position))
  const revealed = () => props.state.picks.filter((pick) => pick.drawId === props.draw.drawId && pick.revealed && pick.cardId !== null)
  const slots = () =>
    props.draw.faceDown
      ? Array.from({ length: props.draw.count }, (_, i) => ({ cardId: null, position: i }))
      : props.draw.cardIds.map((cardId, i) => ({ cardId, position: i }))

  return (
    <section class="stack" aria-labelledby="cards-heading">
      <h2 id="cards-heading">{t("cards.title")}</h2>
      <p class="muted">{props.draw.faceDown ? t("cards.pickFaceDown") : t("cards.pickPrompt")}</p>
      <p class="muted" aria-live="polite">
        {t("cards.picked.count", { picked: pickerCount(props.state, props.draw.drawId), total: presentParticipants(props.state).length })}
      </p>
      <Show when={props.draw.picksPerPerson > 0}>
        <p role="status" class="pick-status">
          {left() > 0 ? t(plural(left(), "cards.picksLeft.one", "cards.picksLeft.other"), { count: left() }) : t("cards.allPicked")}
        </p>
      </Show>
      <ul class="card-grid" role="list">
        <For each={slots()}>
          {(slot) => {
            const isMine = () => picked(slot.cardId, slot.position)
            const label = () => (slot.cardId !== null ? wordOf(slot.cardId) : t("cards.faceDown", { n: slot.position + 1 }))
            return (
              <li>
                <button
                  type="button"
                  class="card-face"
                  data-back={slot.cardId === null ? "true" : "false"}
                  aria-pressed={isMine() ? "true" : "false"}
                  disabled={!isMine() && left() === 0}
                  onClick={() => (isMine() ? undefined : props.onPick(slot.cardId !== null ? { cardId: slot.cardId } : { position: slot.position }))}
                >
                  <Show when={detail(slot.cardId)?.picture}>{(picture) => <img src={picture().src} alt={picture().alt} />}</Show>
                  <span class="word">{label()}</span>
                  <Show when={detail(slot.cardId)?.question}>{(question) => <span class="question">{question()}</span>}</Show>
                  <Show when={isMine()}>
                    <span class="chip chip-ok">{t("cards.yourPick")}</span>
                  </Show>
                </button>
              </li>
            )
          }}
        </For>
      </ul>
      <Show when={revealed().length > 0}>
        <h3>{t("cards.revealed")}</h3>
        <ul class="stack" role="list">
          <For each={revealed()}>
            {(pick) => (
              <li class="card-face">
                <Show when={detail(pick.cardId)?.picture}>{(picture) => <img src={picture().src} alt={picture().alt} />}</Show>
                <span class="word">{wordOf(pick.cardId!)}</span>
                <Show when={detail(pick.cardId)?.question}>{(question) => <span class="question">{question()}</span>}</Show>
                <span class="muted">
                  {pick.userId === props.me ? t("cards.yourPick") : t("cards.pickedBy", { name: displayName(props.state, pick.userId) })}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  )
}
