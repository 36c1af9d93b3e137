/** A cited card, shown beside the answer: read from the library as the asker may see it, with a way into the library. */
import { createResource, Show } from "solid-js"
import type { Api } from "../client/index.ts"
import { t } from "../i18n/i18n.ts"
import { coachError } from "./words.ts"

export interface CardRef {
  readonly deck: string
  readonly card: string
}

interface LibraryCard {
  readonly id: string
  readonly deck: string
  readonly deckTitle: string
  readonly word: string
  readonly question: string
  readonly themes: readonly string[]
}

/** A deck holds at most a few hundred cards: one page of the library's list finds any of them. */
const findCard = async (api: Api, ref: CardRef): Promise<LibraryCard | null> => {
  let cursor: string | undefined
  for (let page = 0; page < 5; page++) {
    const found = await api.get<{ items: readonly LibraryCard[]; nextCursor: string | null }>("/api/cards", {
      query: { deck: ref.deck, limit: 200, ...(cursor ? { cursor } : {}) },
    })
    const card = found.items.find((item) => item.id === ref.card)
    if (card) return card
    if (!found.nextCursor) return null
    cursor = found.nextCursor
  }
  return null
}

export const CardView = (props: {
  readonly api: Api
  readonly card: CardRef
  readonly libraryHref?: string | undefined
  readonly onClose: () => void
}) => {
  const [card] = createResource(
    () => props.card,
    (ref) => findCard(props.api, ref),
  )
  return (
    <aside class="coach-card panel stack" aria-label={t("coach.card")} data-card={`${props.card.deck}/${props.card.card}`}>
      <Show when={!card.loading} fallback={<p class="muted">{t("coach.cardLoading")}</p>}>
        <Show
          when={!card.error}
          fallback={
            <p class="alert" role="alert">
              {coachError(card.error)}
            </p>
          }
        >
          <Show when={card()} fallback={<p class="muted">{t("coach.cardMissing")}</p>}>
            {(c) => (
              <>
                <p class="muted small">{c().deckTitle}</p>
                <h3 class="coach-card-word">{c().word}</h3>
                <p class="coach-card-question">{c().question}</p>
              </>
            )}
          </Show>
        </Show>
      </Show>
      <div class="row">
        <Show when={props.libraryHref}>
          <a class="btn btn-small" href={props.libraryHref}>
            {t("coach.openLibrary")}
          </a>
        </Show>
        <button type="button" class="btn btn-small btn-quiet" onClick={() => props.onClose()}>
          {t("coach.closeCard")}
        </button>
      </div>
    </aside>
  )
}
