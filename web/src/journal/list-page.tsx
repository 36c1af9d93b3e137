/**
 * The journal's first screen: a new entry, search (title, text and tags,
 * on this device, so it works offline), what needs the writer's attention
 * (two versions of a text, an edit of a deleted entry, a refused change),
 * the entries newest first, and the exports.
 */
import { A } from "@solidjs/router"
import { createMemo, createSignal, For, Show } from "solid-js"
import type { Entry } from "../../../actors/journal/decider.ts"
import { formatDateTime, formatNumber, plural, t } from "../i18n/i18n.ts"
import { journalSignals } from "./app.tsx"
import { AttentionList } from "./attention-list.tsx"
import { ExportButtons } from "./export-buttons.tsx"
import { moodWord } from "./words.ts"

const matches = (entry: Entry, words: readonly string[]): boolean => {
  const haystack = `${entry.title}\n${entry.body}\n${entry.tags.join(" ")}\n${entry.prompt ?? ""}`.toLocaleLowerCase()
  return words.every((word) => haystack.includes(word))
}

export const ListPage = () => {
  const { entries, journal } = journalSignals()
  const [query, setQuery] = createSignal("")
  const shown = createMemo(() => {
    const words = query().toLocaleLowerCase().split(/\s+/).filter(Boolean)
    return words.length === 0 ? entries() : entries().filter((entry) => matches(entry, words))
  })
  const pending = (entry: Entry) => !journal.replica.isConfirmed(entry.id)
  return (
    <div class="stack">
      <div class="row between">
        <h1>{t("journal.list.title")}</h1>
        <A class="btn btn-primary" href="/journal/new">{t("journal.list.new")}</A>
      </div>
      <div class="field journal-search">
        <label for="journal-search">{t("journal.list.search")}</label>
        <input id="journal-search" type="search" value={query()} onInput={(e) => setQuery(e.currentTarget.value)} placeholder={t("journal.list.searchHint")} />
      </div>
      <AttentionList />
      <Show when={query()}>
        <p class="muted" role="status">{t(plural(shown().length, "journal.list.found.one", "journal.list.found.other"), { count: formatNumber(shown().length) })}</p>
      </Show>
      <Show when={entries().length > 0} fallback={<p class="panel muted">{t("journal.list.empty")}</p>}>
        <ul class="journal-entries" aria-label={t("journal.list.entries")}>
          <For each={shown()}>
            {(entry) => (
              <li>
                <A class="journal-entry-card" href={`/journal/entry/${entry.id}`}>
                  <span class="journal-entry-title">{entry.title || t("journal.entry.untitled")}</span>
                  <span class="journal-entry-date muted">{formatDateTime(entry.createdAt)}</span>
                  <Show when={entry.body}>
                    <span class="journal-entry-snippet">{entry.body.slice(0, 160)}</span>
                  </Show>
                  <span class="row journal-entry-meta">
                    <Show when={moodWord(entry.mood)}>{(mood) => <span class="chip">{mood()}</span>}</Show>
                    <For each={entry.tags}>{(tag) => <span class="chip journal-tag">#{tag}</span>}</For>
                    <Show when={entry.conflicts.length > 0}><span class="chip chip-danger">⚠ {t("journal.entry.twoVersions")}</span></Show>
                    <Show when={pending(entry)}><span class="chip chip-warn">↑ {t("journal.entry.notSynced")}</span></Show>
                    <Show when={entry.coaches.length > 0}><span class="chip">{t("journal.entry.shared")}</span></Show>
                  </span>
                </A>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <ExportButtons />
    </div>
  )
}
