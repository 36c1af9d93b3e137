/**
 * The card library: the organization's licence, its decks (what the tier
 * covers, and what is locked and why), and the cards with picture, word,
 * question and themes, filtered by deck and theme or searched by meaning
 * (falling back to words when this server has no meaning search). The
 * built-in decks come in the UI's language, asked again when it changes.
 */
import { createEffect, createResource, createSignal, For, on, onMount, Show } from "solid-js"
import { formatNumber, locale, t } from "../../i18n/i18n.ts"
import type { DeckList, DeckSummary, LibraryCard } from "../api-types.ts"
import { CardFace } from "../card-face.tsx"
import { consoleError, isCode } from "../errors.ts"
import { createPaged, type Page } from "../paged.ts"
import { api } from "../store.ts"
import { tierWord } from "./tier-words.ts"

const DeckItem = (props: { readonly deck: DeckSummary; readonly selected: boolean; readonly onSelect: () => void }) => {
  const locked = () => props.deck.cards - props.deck.usableCards
  return (
    <li class="template deck" data-selected={props.selected ? "true" : undefined}>
      <strong>{props.deck.title}</strong>
      <p class="muted small">{props.deck.description}</p>
      <p class="row">
        <span class="chip">{tierWord(props.deck.tier)}</span>
        <Show
          when={props.deck.allowed}
          fallback={
            <span class="chip chip-warn">
              <span aria-hidden="true">■</span>{" "}
              {props.deck.packId
                ? t("console.library.lockedPack", { pack: props.deck.packId })
                : t("console.library.lockedTier", { tier: tierWord(props.deck.tier) })}
            </span>
          }
        >
          <span class="chip chip-ok">
            <span aria-hidden="true">✓</span>{" "}
            {t("console.library.available", { usable: formatNumber(props.deck.usableCards), cards: formatNumber(props.deck.cards) })}
          </span>
        </Show>
      </p>
      <Show when={props.deck.allowed && locked() > 0}>
        <p class="muted small">{t("console.library.someLocked", { count: formatNumber(locked()) })}</p>
      </Show>
      <div class="row">
        <button type="button" class="btn btn-small" aria-pressed={props.selected} disabled={!props.deck.allowed} onClick={() => props.onSelect()}>
          {props.selected ? t("console.library.showingDeck") : t("console.library.showDeck")}
        </button>
      </div>
    </li>
  )
}

export const LibraryPage = () => {
  const [library, { refetch }] = createResource(locale, () => api().get<DeckList>("/api/decks"))
  const [deck, setDeck] = createSignal("")
  const [theme, setTheme] = createSignal("")
  const [query, setQuery] = createSignal("")
  const [searched, setSearched] = createSignal<readonly LibraryCard[] | undefined>(undefined)
  const [searchNote, setSearchNote] = createSignal<string>()
  const [searchError, setSearchError] = createSignal<unknown>()
  const [searching, setSearching] = createSignal(false)

  const list = createPaged<LibraryCard>((cursor) =>
    api().get<Page<LibraryCard>>("/api/cards", { query: { deck: deck() || undefined, theme: theme().trim() || undefined, limit: 48, cursor } }),
  )
  onMount(() => void list.reload())
  // Search results were read in the old language: drop them and read the cards again.
  createEffect(
    on(
      locale,
      () => {
        setSearched(undefined)
        void list.reload()
      },
      { defer: true },
    ),
  )

  const filter = (event: SubmitEvent) => {
    event.preventDefault()
    setSearched(undefined)
    void list.reload()
  }

  const search = async (event: SubmitEvent) => {
    event.preventDefault()
    const q = query().trim()
    if (!q) {
      setSearched(undefined)
      return
    }
    setSearching(true)
    setSearchError(undefined)
    setSearchNote(undefined)
    try {
      const found = await api().get<{ items: LibraryCard[] }>("/api/cards/search", { query: { q, deck: deck() || undefined, limit: 24 } })
      setSearched(found.items)
    } catch (failure) {
      if (isCode(failure, "unavailable")) {
        try {
          const found = await api().get<Page<LibraryCard>>("/api/cards", { query: { q, deck: deck() || undefined, limit: 48 } })
          setSearched(found.items)
          setSearchNote(t("console.library.wordsOnly"))
        } catch (again) {
          setSearchError(again)
        }
      } else setSearchError(failure)
    } finally {
      setSearching(false)
    }
  }

  const cards = () => searched() ?? list.items()

  return (
    <div class="page stack-l">
      <div>
        <h1>{t("console.library.title")}</h1>
        <Show when={library()}>
          {(lib) => (
            <p class="muted">
              {t("console.library.licence", { tier: tierWord(lib().licence.tier) })}
              {lib().licence.packs.length > 0 ? ` ${t("console.library.packs", { packs: lib().licence.packs.join(", ") })}` : ""}
            </p>
          )}
        </Show>
      </div>
      <Show when={library.error}>
        <div class="alert" role="alert">
          {consoleError(library.error)}{" "}
          <button type="button" class="btn btn-quiet" onClick={() => void refetch()}>
            {t("action.retry")}
          </button>
        </div>
      </Show>

      <section class="panel stack" aria-labelledby="decks-title">
        <h2 id="decks-title">{t("console.library.decks")}</h2>
        <ul class="template-grid">
          <For
            each={library()?.decks ?? []}
            fallback={<li class="muted">{library.loading ? t("console.list.loading") : t("console.library.noDecks")}</li>}
          >
            {(d) => (
              <DeckItem
                deck={d}
                selected={deck() === d.deckId}
                onSelect={() => {
                  setDeck(deck() === d.deckId ? "" : d.deckId)
                  setSearched(undefined)
                  void list.reload()
                }}
              />
            )}
          </For>
        </ul>
      </section>

      <section class="panel stack" aria-labelledby="cards-title">
        <h2 id="cards-title">{t("console.library.cards")}</h2>
        <form class="filters" role="search" onSubmit={search}>
          <div class="field grow">
            <label for="card-query">{t("console.library.search")}</label>
            <input
              id="card-query"
              type="search"
              value={query()}
              placeholder={t("console.library.searchExample")}
              onInput={(e) => setQuery(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="btn btn-primary" disabled={searching()}>
            {searching() ? t("console.library.searching") : t("console.library.searchButton")}
          </button>
        </form>
        <form class="filters" onSubmit={filter}>
          <div class="field">
            <label for="card-deck">{t("console.library.deck")}</label>
            <select id="card-deck" value={deck()} onChange={(e) => setDeck(e.currentTarget.value)}>
              <option value="">{t("console.library.allDecks")}</option>
              <For each={(library()?.decks ?? []).filter((d) => d.allowed)}>{(d) => <option value={d.deckId}>{d.title}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="card-theme">{t("console.library.theme")}</label>
            <input id="card-theme" value={theme()} onInput={(e) => setTheme(e.currentTarget.value)} />
          </div>
          <button type="submit" class="btn">
            {t("console.library.filter")}
          </button>
        </form>
        <Show when={searched()}>
          <p class="row" role="status">
            <span>{t("console.library.results", { count: formatNumber(searched()!.length), query: query().trim() })}</span>
            <Show when={searchNote()}>
              <span class="muted">{searchNote()}</span>
            </Show>
            <button type="button" class="btn btn-small btn-quiet" onClick={() => setSearched(undefined)}>
              {t("console.library.clearSearch")}
            </button>
          </p>
        </Show>
        <Show when={searchError() ?? list.error()}>
          <div class="alert" role="alert">
            {consoleError(searchError() ?? list.error())}
          </div>
        </Show>
        <Show
          when={cards().length > 0}
          fallback={
            <Show when={list.loaded() || searched()}>
              <p class="empty">{searched() ? t("console.library.nothingFound") : t("console.library.noCards")}</p>
            </Show>
          }
        >
          <ul class="card-grid library-grid">
            <For each={cards()}>
              {(card) => (
                <li>
                  <CardFace word={card.word} question={card.question} image={card.image ?? null}>
                    <span class="muted small">{card.deckTitle}</span>
                    <Show when={card.themes.length > 0}>
                      <span class="themes">
                        <For each={card.themes}>{(th) => <span class="chip">{th}</span>}</For>
                      </span>
                    </Show>
                  </CardFace>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={!searched() && list.hasMore()}>
          <button type="button" class="btn" disabled={list.loading()} onClick={() => void list.loadMore()}>
            {t("console.list.more")}
          </button>
        </Show>
      </section>
    </div>
  )
}
