/**
 * Journal exports as Markdown, JSON and PDF, made from the journal as the
 * reader may see it: the whole journal for its owner (unresolved conflicts
 * included, so an export never hides a version), the shared entries alone
 * for a coach. The PDF is journal-pdf.ts: it loads pdfkit, which only the
 * export worker needs.
 */
import type { Conflict, EntryContent, JournalState, SharedJournal } from "../../actors/journal/index.ts"
import { toMarkdown } from "../../actors/journal/index.ts"

export interface ExportedEntry extends EntryContent {
  readonly conflicts?: readonly Conflict[]
}

export interface JournalExport {
  readonly format: "studio.journal"
  readonly version: 1
  readonly ownerId: string
  readonly entries: readonly ExportedEntry[]
}

export const toJournalExport = (view: JournalState | SharedJournal): JournalExport => ({
  format: "studio.journal",
  version: 1,
  ownerId: view.ownerId,
  entries: view.entries.map((entry) => ({
    id: entry.id,
    title: entry.title,
    body: entry.body,
    doc: entry.doc,
    tags: entry.tags,
    mood: entry.mood,
    sessionId: entry.sessionId,
    prompt: entry.prompt,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    ...("conflicts" in entry && entry.conflicts.length > 0 ? { conflicts: entry.conflicts } : {}),
  })),
})

const day = (at: number) => new Date(at).toISOString().slice(0, 10)

/** The line under an entry's title: its day, mood, tags and session. */
export const entryFacts = (entry: ExportedEntry) =>
  [
    day(entry.createdAt),
    entry.mood !== null ? `mood ${entry.mood}/5` : "",
    entry.tags.length ? `tags: ${entry.tags.join(", ")}` : "",
    entry.sessionId ? `session ${entry.sessionId}` : "",
  ]
    .filter(Boolean)
    .join(" · ")

export const journalMarkdown = (journal: JournalExport): string => {
  const parts = [`# Journal`, ""]
  for (const entry of journal.entries) {
    parts.push(`## ${entry.title || "Untitled"}`, "", `*${entryFacts(entry)}*`, "")
    if (entry.prompt) parts.push(`> ${entry.prompt}`, "")
    if (entry.doc.length) parts.push(toMarkdown(entry.doc), "")
    for (const conflict of entry.conflicts ?? []) {
      parts.push(
        `### Another version of the ${conflict.field} (not yet resolved)`,
        "",
        conflict.field === "title" ? (conflict.title ?? "") : conflict.doc ? toMarkdown(conflict.doc) : (conflict.body ?? ""),
        "",
      )
    }
  }
  return parts.join("\n")
}
