/**
 * A card draw on the stage. Before the deal: the deck (those the licence
 * covers; the others marked locked) and the plan's count, face up or down,
 * picks per person. After: the spread, "5 of 9 picked" (who, never what)
 * until "Reveal all" or one person at a time, then the revealed cards with
 * who picked them, each of which can be put in the spotlight.
 */
import { createSignal, For, Show } from "solid-js"
import type { Activity } from "../../../../actors/journey/activity.ts"
import { tierAllows } from "../../../../actors/cards/tiers.ts"
import type { Draw } from "../../../../actors/session/state.ts"
import { formatNumber, plural, t } from "../../i18n/i18n.ts"
import { cardWord, displayName, pickerCount, presentParticipants } from "../../session/view.ts"
import { useDeckArt } from "../card-art.ts"
import { CardFace } from "../card-face.tsx"
import { actionClass, useRoom } from "./room-context.ts"
import { activityDraw, hiddenPickers } from "./room-logic.ts"

type CardDraw = Extract<Activity, { kind: "cardDraw" }>

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(Number.isFinite(value) ? value : min)))

const DealForm = (props: { readonly activity: CardDraw }) => {
  const room = useRoom()
  const licence = () => room.state().licence ?? { tier: "free" as const, packs: [] }
  const decks = () => room.state().decks
  const allowed = (deckId: string) => {
    const deck = decks().find((d) => d.deckId === deckId)
    return deck !== undefined && tierAllows(licence(), deck)
  }
  const firstAllowed = () => decks().find((d) => tierAllows(licence(), d))?.deckId ?? ""
  const [deckId, setDeckId] = createSignal(props.activity.deckId && allowed(props.activity.deckId) ? props.activity.deckId : firstAllowed())
  const [count, setCount] = createSignal(props.activity.count)
  const [faceDown, setFaceDown] = createSignal(props.activity.faceDown)
  const [picks, setPicks] = createSignal(props.activity.picksPerPerson)
  const usable = () => {
    const deck = decks().find((d) => d.deckId === deckId())
    return deck ? deck.cards.filter((card) => tierAllows(licence(), { tier: card.tier, packId: deck.packId })).length : 0
  }

  const deal = (event: SubmitEvent) => {
    event.preventDefault()
    if (!deckId()) return
    void room.send(
      {
        type: "drawCards",
        deckId: deckId(),
        count: clamp(count(), 1, Math.min(30, Math.max(1, usable()))),
        faceDown: faceDown(),
        picksPerPerson: clamp(picks(), 0, 3),
      },
      "deal",
    )
  }

  return (
    <form class="stack deal-form" onSubmit={deal}>
      <Show when={decks().length > 0} fallback={<p class="empty">{t("console.cards.noDecks")}</p>}>
        <div class="field">
          <label for="deal-deck">{t("console.cards.deck")}</label>
          <select id="deal-deck" value={deckId()} onChange={(e) => setDeckId(e.currentTarget.value)}>
            <For each={decks()}>
              {(deck) => (
                <option value={deck.deckId} disabled={!tierAllows(licence(), deck)}>
                  {tierAllows(licence(), deck) ? deck.title : t("console.cards.deckLocked", { title: deck.title, tier: deck.tier })}
                </option>
              )}
            </For>
          </select>
          <span class="hint">{t(plural(usable(), "console.cards.usable.one", "console.cards.usable.other"), { count: usable() })}</span>
        </div>
        <div class="row deal-options">
          <div class="field">
            <label for="deal-count">{t("console.cards.count")}</label>
            <input id="deal-count" type="number" min="1" max="30" value={count()} onInput={(e) => setCount(e.currentTarget.valueAsNumber)} />
          </div>
          <div class="field">
            <label for="deal-picks">{t("console.cards.picks")}</label>
            <input id="deal-picks" type="number" min="0" max="3" value={picks()} onInput={(e) => setPicks(e.currentTarget.valueAsNumber)} />
          </div>
          <label class="check">
            <input type="checkbox" checked={faceDown()} onChange={(e) => setFaceDown(e.currentTarget.checked)} />
            {t("console.cards.faceDown")}
          </label>
        </div>
        <div class="row">
          <button type="submit" class={actionClass(room, "deal")} disabled={!deckId() || usable() === 0 || room.busy("deal") || !room.can("cards")}>
            {faceDown()
              ? t("console.cards.dealDown", { count: formatNumber(clamp(count(), 1, 30)) })
              : t("console.cards.dealUp", { count: formatNumber(clamp(count(), 1, 30)) })}
          </button>
        </div>
      </Show>
    </form>
  )
}

/** A spread on the stage: its cards, who picked, the reveal, and dealing again. */
export const DrawView = (props: { readonly draw: Draw }) => {
  const room = useRoom()
  const s = () => room.state()
  const art = useDeckArt(() => props.draw.deckId)
  const present = () => presentParticipants(s()).length
  const picked = () => pickerCount(s(), props.draw.drawId)
  const hidden = () => hiddenPickers(s(), props.draw.drawId)
  const revealed = () => s().picks.filter((p) => p.drawId === props.draw.drawId && p.revealed && p.cardId !== null)
  const pickersOf = (cardId: string) =>
    revealed()
      .filter((p) => p.cardId === cardId)
      .map((p) => displayName(s(), p.userId))
  const revealedCards = () => [...new Set(revealed().map((p) => p.cardId!))]
  const positions = () => Array.from({ length: props.draw.count }, (_, i) => i)
  const revealedAt = (position: number) => revealed().find((p) => p.position === position)
  const spotlit = (cardId: string) => {
    const target = s().spotlight
    return target?.kind === "card" && target.drawId === props.draw.drawId && target.cardId === cardId
  }

  return (
    <div class="stack">
      <p class="muted">
        {props.draw.faceDown
          ? t(plural(props.draw.count, "console.cards.dealtDown.one", "console.cards.dealtDown.other"), { count: formatNumber(props.draw.count) })
          : t(plural(props.draw.count, "console.cards.dealtUp.one", "console.cards.dealtUp.other"), { count: formatNumber(props.draw.count) })}
        {" · "}
        {props.draw.picksPerPerson === 0
          ? t("console.cards.noPicks")
          : t(plural(props.draw.picksPerPerson, "console.cards.picksEach.one", "console.cards.picksEach.other"), {
              count: props.draw.picksPerPerson,
            })}
      </p>

      <Show when={props.draw.picksPerPerson > 0}>
        <div class="pick-progress" aria-live="polite">
          <p class="big-count">{t("console.cards.picked", { picked: formatNumber(picked()), of: formatNumber(present()) })}</p>
          <progress max={Math.max(1, present())} value={Math.min(picked(), Math.max(1, present()))} aria-label={t("console.cards.pickedLabel")} />
        </div>
        <Show when={hidden().length > 0 && room.can("reveal")}>
          <div class="row">
            <button
              type="button"
              class={actionClass(room, "reveal")}
              disabled={room.busy("reveal")}
              onClick={() => void room.send({ type: "revealPicks", drawId: props.draw.drawId }, "reveal")}
            >
              {t("console.cards.revealAll")}
            </button>
          </div>
          <details class="one-by-one">
            <summary>{t("console.cards.oneByOne")}</summary>
            <ul class="item-list">
              <For each={hidden()}>
                {(userId) => (
                  <li class="item">
                    <span>{t("console.cards.pickedHidden", { name: displayName(s(), userId) })}</span>
                    <button
                      type="button"
                      class="btn btn-small"
                      disabled={room.busy(`reveal-${userId}`)}
                      onClick={() => void room.send({ type: "revealPicks", drawId: props.draw.drawId, userId }, `reveal-${userId}`)}
                    >
                      {t("console.cards.revealOne", { name: displayName(s(), userId) })}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </details>
        </Show>
        <Show when={hidden().length === 0 && picked() === 0 && room.can("reveal")}>
          <div class="row">
            <button type="button" class={actionClass(room, "reveal")} disabled>
              {t("console.cards.revealAll")}
            </button>
            <span class="muted">{t("console.cards.waitingPicks")}</span>
          </div>
        </Show>
      </Show>

      <Show when={revealedCards().length > 0}>
        <h3>{t("console.cards.revealed")}</h3>
        <ul class="card-grid">
          <For each={revealedCards()}>
            {(cardId) => (
              <li>
                <CardFace
                  word={art()?.get(cardId)?.word ?? cardWord(s(), cardId)}
                  question={art()?.get(cardId)?.question}
                  image={art()?.get(cardId)?.image}
                >
                  <span class="picked-by">{t("console.cards.pickedBy", { names: pickersOf(cardId).join(", ") })}</span>
                  <Show when={room.can("spotlight")}>
                    <button
                      type="button"
                      class="btn btn-small"
                      aria-pressed={spotlit(cardId)}
                      onClick={() =>
                        void room.send(
                          { type: "spotlight", target: spotlit(cardId) ? null : { kind: "card", drawId: props.draw.drawId, cardId } },
                          "spotlight",
                        )
                      }
                    >
                      {spotlit(cardId) ? t("console.spotlight.end") : t("console.spotlight.card")}
                    </button>
                  </Show>
                </CardFace>
              </li>
            )}
          </For>
        </ul>
      </Show>

      <h3>{t("console.cards.spread")}</h3>
      <Show
        when={!props.draw.faceDown}
        fallback={
          <ul class="card-grid card-grid-small" aria-label={t("console.cards.spreadDown")}>
            <For each={positions()}>
              {(position) => (
                <li>
                  <Show when={revealedAt(position)} fallback={<CardFace back position={position + 1} />}>
                    {(pick) => (
                      <CardFace word={art()?.get(pick().cardId!)?.word ?? cardWord(s(), pick().cardId!)} image={art()?.get(pick().cardId!)?.image} />
                    )}
                  </Show>
                </li>
              )}
            </For>
          </ul>
        }
      >
        <ul class="card-grid card-grid-small">
          <For each={props.draw.cardIds}>
            {(cardId) => (
              <li>
                <CardFace word={art()?.get(cardId)?.word ?? cardWord(s(), cardId)} image={art()?.get(cardId)?.image} />
              </li>
            )}
          </For>
        </ul>
      </Show>

      <Show when={room.can("cards")}>
        <details class="deal-again">
          <summary>{t("console.cards.dealAgain")}</summary>
          <DealForm
            activity={{
              kind: "cardDraw",
              title: "",
              minutes: 0,
              deckId: props.draw.deckId,
              count: props.draw.count,
              faceDown: props.draw.faceDown,
              picksPerPerson: props.draw.picksPerPerson,
              prompt: null,
            }}
          />
        </details>
      </Show>
    </div>
  )
}

export const CardStage = (props: { readonly activity: CardDraw }) => {
  const room = useRoom()
  return (
    <Show when={activityDraw(room.state())} keyed fallback={<DealForm activity={props.activity} />}>
      {(draw) => <DrawView draw={draw} />}
    </Show>
  )
}
