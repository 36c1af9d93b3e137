/**
 * Two (or more) versions of one text of an entry, side by side: the one
 * the journal holds and each one written on a version that had changed
 * meanwhile. The writer keeps one, or merges them by hand; nothing goes
 * until they choose. Each version says where it was written.
 */
import { createSignal, For, Show } from "solid-js"
import type { Entry } from "../../../actors/journal/decider.ts"
import { parseOpId } from "../../../actors/journal/limits.ts"
import type { TextField } from "../../../actors/journal/protocol.ts"
import { formatDateTime, t } from "../i18n/i18n.ts"
import { showToast } from "../ui/Toasts.tsx"
import { journalSignals } from "./app.tsx"

interface Version {
  readonly key: string
  readonly text: string
  readonly op: string
  readonly at: number
}

export const ConflictPanel = (props: { readonly entry: Entry; readonly field: TextField }) => {
  const { journal } = journalSignals()
  const [merging, setMerging] = createSignal(false)
  const [merged, setMerged] = createSignal("")
  const textOf = (value: { title: string | null; body: string | null }) => (props.field === "title" ? value.title : value.body) ?? ""
  const versions = (): Version[] => [
    { key: "current", text: textOf(props.entry), op: props.entry.fieldOps[props.field], at: props.entry.updatedAt },
    ...props.entry.conflicts.filter((c) => c.field === props.field).map((c) => ({ key: c.id, text: textOf(c), op: c.id, at: c.at })),
  ]
  const whereFrom = (op: string) => (parseOpId(op)?.device === journal.replica.device ? t("journal.conflict.thisDevice") : t("journal.conflict.otherDevice"))
  const keep = async (text: string) => {
    try {
      await journal.resolve(props.entry.id, props.field, props.field === "title" ? { title: text } : { body: text })
      setMerging(false)
    } catch {
      showToast(t("journal.entry.notSaved"))
    }
  }
  const startMerge = () => {
    setMerged(versions().map((v) => v.text).join(props.field === "title" ? " / " : "\n\n"))
    setMerging(true)
  }
  const headingId = `conflict-${props.entry.id}-${props.field}`
  return (
    <section class="panel stack journal-conflict" aria-labelledby={headingId}>
      <h2 id={headingId}>{t(props.field === "title" ? "journal.conflict.titleHeading" : "journal.conflict.bodyHeading")}</h2>
      <p class="muted">{t("journal.conflict.intro")}</p>
      <div class="journal-versions">
        <For each={versions()}>
          {(version, index) => (
            <article class="journal-version" aria-labelledby={`${headingId}-${index()}`}>
              <h3 id={`${headingId}-${index()}`}>{t("journal.conflict.version", { n: index() + 1 })} · {whereFrom(version.op)}</h3>
              <p class="muted journal-version-when">{formatDateTime(version.at)}</p>
              <div class="journal-version-text">{version.text || t("journal.conflict.empty")}</div>
              <button type="button" class="btn" onClick={() => void keep(version.text)}>{t("journal.conflict.keep", { n: index() + 1 })}</button>
            </article>
          )}
        </For>
      </div>
      <Show when={merging()} fallback={<button type="button" class="btn" onClick={startMerge}>{t("journal.conflict.merge")}</button>}>
        <div class="field">
          <label for={`${headingId}-merged`}>{t("journal.conflict.merged")}</label>
          <textarea id={`${headingId}-merged`} rows={props.field === "title" ? 2 : 8} value={merged()} onInput={(e) => setMerged(e.currentTarget.value)} />
        </div>
        <div class="row">
          <button type="button" class="btn btn-primary" onClick={() => void keep(merged())}>{t("journal.conflict.saveMerged")}</button>
          <button type="button" class="btn btn-quiet" onClick={() => setMerging(false)}>{t("action.cancel")}</button>
        </div>
      </Show>
    </section>
  )
}
