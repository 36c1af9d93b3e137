/**
 * Two (or more) versions of one text of an entry, side by side: the one
 * the journal holds and each one written on a version that had changed
 * meanwhile. The writer keeps one, or merges them by hand; nothing goes
 * until they choose. Each version says where it was written.
 *
 * A text's versions are drawn with their formatting (doc-view.tsx), and
 * kept as they are: keeping one sends its own document, so headings, lists
 * and marks survive. Merging by hand starts from every version in the
 * editor's Markdown (markdown.ts) in the same formatted text box the entry
 * uses, and saves a document again. Titles are plain text.
 */
import { createSignal, For, Show } from "solid-js"
import type { Entry } from "../../../actors/journal/decider.ts"
import { docFromText } from "../../../actors/journal/doc-text.ts"
import { MAX_BODY, MAX_TITLE, parseOpId } from "../../../actors/journal/limits.ts"
import type { TextField } from "../../../actors/journal/protocol.ts"
import type { Doc } from "../../../actors/journal/rich-text.ts"
import { formatDateTime, t } from "../i18n/i18n.ts"
import { TextArea } from "../ui/Field.tsx"
import { showToast } from "../ui/Toasts.tsx"
import { journalSignals } from "./app.tsx"
import { DocView } from "./doc-view.tsx"
import { journalText, journalTextOf, toSource } from "./markdown.ts"
import { RichTextField } from "./rich-text-field.tsx"

interface Version {
  readonly key: string
  /** The title, for a title conflict. */
  readonly title: string
  /** The text with its formatting, for a text conflict (plain text before rich text reads as paragraphs). */
  readonly doc: Doc
  readonly op: string
  readonly at: number
}

export const ConflictPanel = (props: { readonly entry: Entry; readonly field: TextField }) => {
  const { journal } = journalSignals()
  const [merging, setMerging] = createSignal(false)
  const [merged, setMerged] = createSignal("")
  const isTitle = () => props.field === "title"
  const versions = (): Version[] => [
    { key: "current", title: props.entry.title, doc: props.entry.doc, op: props.entry.fieldOps[props.field], at: props.entry.updatedAt },
    ...props.entry.conflicts
      .filter((c) => c.field === props.field)
      .map((c) => ({ key: c.id, title: c.title ?? "", doc: c.doc ?? docFromText(c.body ?? ""), op: c.id, at: c.at })),
  ]
  const whereFrom = (op: string) =>
    parseOpId(op)?.device === journal.replica.device ? t("journal.conflict.thisDevice") : t("journal.conflict.otherDevice")
  const settle = async (text: { title: string } | { doc: Doc } | { body: string }) => {
    try {
      await journal.resolve(props.entry.id, props.field, text)
      setMerging(false)
    } catch {
      showToast(t("journal.entry.notSaved"))
    }
  }
  const keep = (version: Version) => settle(isTitle() ? { title: version.title } : journalText(version.doc))
  const saveMerged = () => settle(isTitle() ? { title: merged().trim() } : journalTextOf(merged()))
  const startMerge = () => {
    // Every version once, a blank line between them, marks and all: the writer deletes and joins what they do not want twice.
    setMerged(
      isTitle()
        ? versions()
            .map((v) => v.title)
            .join(" / ")
        : versions()
            .map((v) => toSource(v.doc))
            .join("\n\n"),
    )
    setMerging(true)
  }
  const headingId = `conflict-${props.entry.id}-${props.field}`
  return (
    <section class="panel stack journal-conflict" aria-labelledby={headingId}>
      <h2 id={headingId}>{t(isTitle() ? "journal.conflict.titleHeading" : "journal.conflict.bodyHeading")}</h2>
      <p class="muted">{t("journal.conflict.intro")}</p>
      <div class="journal-versions">
        <For each={versions()}>
          {(version, index) => (
            <article class="journal-version" aria-labelledby={`${headingId}-${index()}`}>
              <h3 id={`${headingId}-${index()}`}>
                {t("journal.conflict.version", { n: index() + 1 })} · {whereFrom(version.op)}
              </h3>
              <p class="muted journal-version-when">{formatDateTime(version.at)}</p>
              <div class="journal-version-text">
                <Show when={isTitle() ? version.title : version.doc.length > 0} fallback={t("journal.conflict.empty")}>
                  <Show when={!isTitle()} fallback={version.title}>
                    <DocView doc={version.doc} />
                  </Show>
                </Show>
              </div>
              <button type="button" class="btn" onClick={() => void keep(version)}>
                {t("journal.conflict.keep", { n: index() + 1 })}
              </button>
            </article>
          )}
        </For>
      </div>
      <Show
        when={merging()}
        fallback={
          <button type="button" class="btn" onClick={startMerge}>
            {t("journal.conflict.merge")}
          </button>
        }
      >
        <Show
          when={!isTitle()}
          fallback={
            <TextArea
              label={t("journal.conflict.merged")}
              rows={2}
              maxLength={MAX_TITLE}
              value={merged()}
              onInput={(e) => setMerged(e.currentTarget.value)}
            />
          }
        >
          <RichTextField label={t("journal.conflict.merged")} value={merged()} maxLength={MAX_BODY} onInput={setMerged} />
        </Show>
        <div class="row">
          <button type="button" class="btn btn-primary" onClick={() => void saveMerged()}>
            {t("journal.conflict.saveMerged")}
          </button>
          <button type="button" class="btn btn-quiet" onClick={() => setMerging(false)}>
            {t("action.cancel")}
          </button>
        </div>
      </Show>
    </section>
  )
}
