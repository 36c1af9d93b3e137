/**
 * The journal's first screen: a new entry, search (title, text and tags,
 * on this device, so it works offline), what needs the writer's attention
 * (two versions of a text, an edit of a deleted entry, a refused change),
 * the entries newest first, and the exports.
 *
 * Rows are keyed by entry id and read their entry through an accessor, so
 * an entry that changes (a sync confirming it) updates its row in place
 * instead of rebuilding it, and only the first PAGE rows of the result are
 * drawn until the writer asks for more: a sync of a thousand entries must
 * not rebuild a thousand rows every time a batch lands.
 */
import { A } from "@solidjs/router"
import { createMemo, createSignal, For, Show } from "solid-js"
import type { Entry } from "../../../actors/journal/decider.ts"
import { formatDateTime, formatNumber, plural, t } from "../i18n/i18n.ts"
import { journalSignals } from "./app.tsx"
import { AttentionList } from "./attention-list.tsx"
import { ExportButtons } from "./export-buttons.tsx"
import { moodWord } from "./words.ts"

/** Rows drawn at first, and added by each "show more". */
const PAGE = 100

const matches = (entry: Entry, words: readonly string[]): boolean => {
  const haystack = `${entry.title}\n${entry.body}\n${entry.tags.join(" ")}\n${entry.prompt ?? ""}`.toLocaleLowerCase()
  return words.every((word) => haystack.includes(word))
}

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i])

const EntryRow = (props: { readonly entry: () => Entry | undefined; readonly pending: (id: string) => boolean }) => (
  <Show when={props.entry()}>{(entry) => <EntryCard entry={entry} pending={props.pending} />}</Show>
)

const EntryCard = (props: { readonly entry: () => Entry; readonly pending: (id: string) => boolean }) => {
  const entry = props.entry
  const createdAt = createMemo(() => entry().createdAt)
  const date = createMemo(() => formatDateTime(createdAt()))
  return (
    <li>
      <A class="journal-entry-card" href={`/journal/entry/${entry().id}`}>
        <span class="journal-entry-title">{entry().title || t("journal.entry.untitled")}</span>
        <span class="journal-entry-date muted">{date()}</span>
        <Show when={entry().body}>
          <span class="journal-entry-snippet">{entry().body.slice(0, 160)}</span>
        </Show>
        <span class="row journal-entry-meta">
          <Show when={moodWord(entry().mood)}>{(mood) => <span class="chip">{mood()}</span>}</Show>
          <For each={entry().tags}>{(tag) => <span class="chip journal-tag">#{tag}</span>}</For>
          <Show when={entry().conflicts.length > 0}>
            <span class="chip chip-danger">⚠ {t("journal.entry.twoVersions")}</span>
          </Show>
          <Show when={props.pending(entry().id)}>
            <span class="chip chip-warn">↑ {t("journal.entry.notSynced")}</span>
          </Show>
          <Show when={entry().coaches.length > 0}>
            <span class="chip">{t("journal.entry.shared")}</span>
          </Show>
        </span>
      </A>
    </li>
  )
}

export const ListPage = () => {
  const { entries, journal } = journalSignals()
  const [query, setQuery] = createSignal("")
  const [limit, setLimit] = createSignal(PAGE)
  const shown = createMemo(() => {
    const words = query().toLocaleLowerCase().split(/\s+/).filter(Boolean)
    return words.length === 0 ? entries() : entries().filter((entry) => matches(entry, words))
  })
  const byId = createMemo(() => new Map(entries().map((entry) => [entry.id, entry])))
  const ids = createMemo(
    () =>
      shown()
        .slice(0, limit())
        .map((entry) => entry.id),
    [],
    { equals: sameIds },
  )
  // Re-read whenever the entries change: the same ids may have just been confirmed.
  const pending = (id: string) => (entries(), !journal.replica.isConfirmed(id))
  return (
    <div class="stack">
      <div class="row between">
        <h1>{t("journal.list.title")}</h1>
        <A class="btn btn-primary" href="/journal/new">
          {t("journal.list.new")}
        </A>
      </div>
      <div class="field journal-search">
        <label for="journal-search">{t("journal.list.search")}</label>
        <input
          id="journal-search"
          type="search"
          value={query()}
          onInput={(e) => {
            setQuery(e.currentTarget.value)
            setLimit(PAGE)
          }}
          placeholder={t("journal.list.searchHint")}
        />
      </div>
      <AttentionList />
      <Show when={query()}>
        <p class="muted" role="status">
          {t(plural(shown().length, "journal.list.found.one", "journal.list.found.other"), { count: formatNumber(shown().length) })}
        </p>
      </Show>
      <Show when={entries().length > 0} fallback={<p class="panel muted">{t("journal.list.empty")}</p>}>
        <ul class="journal-entries" aria-label={t("journal.list.entries")}>
          <For each={ids()}>{(id) => <EntryRow entry={() => byId().get(id)} pending={pending} />}</For>
        </ul>
        <Show when={shown().length > ids().length}>
          <button type="button" class="btn" onClick={() => setLimit((n) => n + PAGE)}>
            {t("journal.list.more", { count: formatNumber(Math.min(PAGE, shown().length - ids().length)), total: formatNumber(shown().length) })}
          </button>
        </Show>
      </Show>
      <ExportButtons />
    </div>
  )
}
