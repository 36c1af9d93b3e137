/**
 * One entry: write or edit its title, text, tags and mood (saved on this
 * device at once, synced when possible), settle two versions of a text,
 * see and switch who else may read it, delete it. `id` undefined: a new
 * entry.
 */
import { A, useLocation, useNavigate } from "@solidjs/router"
import { createEffect, createSignal, For, on, Show } from "solid-js"
import type { Entry } from "../../../actors/journal/decider.ts"
import { formatDateTime, t } from "../i18n/i18n.ts"
import { Field } from "../ui/Field.tsx"
import { showToast } from "../ui/Toasts.tsx"
import { journalSignals } from "./app.tsx"
import { ConflictPanel } from "./conflict-panel.tsx"
import { ConsentPanel } from "./consent-panel.tsx"
import { journalTextOf, toSource } from "./markdown.ts"
import { RichTextField } from "./rich-text-field.tsx"
import { MOODS } from "./words.ts"

const tagsOf = (text: string): string[] =>
  [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((tag) => tag.trim().replace(/^#/, "").slice(0, 40))
        .filter(Boolean),
    ),
  ].slice(0, 20)

export const EntryPage = (props: { readonly id?: string }) => {
  const { journal, entry: entryById } = journalSignals()
  const navigate = useNavigate()
  const entry = (): Entry | undefined => (props.id ? entryById(props.id) : undefined)
  const [title, setTitle] = createSignal("")
  const [body, setBody] = createSignal("")
  const [tags, setTags] = createSignal("")
  const [mood, setMood] = createSignal<number | null>(null)
  const [dirty, setDirty] = createSignal(false)
  // A new entry's page is replaced by the entry's own once saved: it arrives saying so.
  const [saved, setSaved] = createSignal((useLocation().state as { saved?: boolean } | undefined)?.saved === true)
  const [busy, setBusy] = createSignal(false)

  // The fields follow the entry (another device's change arrives) until the writer starts typing.
  createEffect(
    on(entry, (current) => {
      if (!current || dirty()) return
      setTitle(current.title)
      setBody(toSource(current.doc))
      setTags(current.tags.join(", "))
      setMood(current.mood)
    }),
  )

  const edited =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value)
      setDirty(true)
      setSaved(false)
    }

  const save = async (event: SubmitEvent) => {
    event.preventDefault()
    if (busy()) return
    setBusy(true)
    try {
      const current = entry()
      const nextTags = tagsOf(tags())
      if (!current) {
        const id = await journal.write({
          title: title().trim(),
          ...journalTextOf(body()),
          tags: nextTags,
          ...(mood() !== null ? { mood: mood()! } : {}),
        })
        setDirty(false)
        navigate(`/journal/entry/${id}`, { replace: true, state: { saved: true } })
      } else {
        const addTags = nextTags.filter((tag) => !current.tags.includes(tag))
        const removeTags = current.tags.filter((tag) => !nextTags.includes(tag))
        const changes = {
          ...(title().trim() !== current.title ? { title: title().trim() } : {}),
          ...(body() !== toSource(current.doc) ? journalTextOf(body()) : {}),
          ...(mood() !== current.mood ? { mood: mood() } : {}),
          ...(addTags.length ? { addTags } : {}),
          ...(removeTags.length ? { removeTags } : {}),
        }
        if (Object.keys(changes).length > 0) await journal.edit(current.id, changes)
        setDirty(false)
      }
      setSaved(true)
    } catch {
      showToast(t("journal.entry.notSaved"))
    } finally {
      setBusy(false)
    }
  }

  const remove = async () => {
    const current = entry()
    if (!current || !globalThis.confirm(t("journal.entry.deleteConfirm"))) return
    await journal.delete(current.id)
    navigate("/journal", { replace: true })
  }

  return (
    <div class="stack">
      <A href="/journal" class="journal-back">
        ← {t("journal.entry.back")}
      </A>
      <Show when={!props.id || entry()} fallback={<p class="panel muted">{t("journal.entry.missing")}</p>}>
        <Show when={entry()}>
          {(current) => (
            <>
              <Show when={current().prompt}>
                <p class="journal-prompt-note">
                  <span class="muted">{t("journal.entry.prompt")}</span> {current().prompt}
                </p>
              </Show>
              <For each={(["title", "body"] as const).filter((field) => current().conflicts.some((c) => c.field === field))}>
                {(field) => <ConflictPanel entry={current()} field={field} />}
              </For>
            </>
          )}
        </Show>
        <form class="panel stack journal-editor" onSubmit={save} aria-labelledby="journal-editor-title">
          <h1 id="journal-editor-title" class="journal-editor-heading">
            {props.id ? t("journal.entry.edit") : t("journal.entry.new")}
          </h1>
          <Show when={entry()}>{(current) => <p class="muted journal-entry-date">{formatDateTime(current().createdAt)}</p>}</Show>
          <Field
            label={t("journal.entry.title")}
            dir="auto"
            value={title()}
            maxLength={200}
            onInput={(e) => edited(setTitle)(e.currentTarget.value)}
          />
          <RichTextField label={t("journal.entry.body")} value={body()} maxLength={10_000} onInput={edited(setBody)} />
          <Field
            label={t("journal.entry.tags")}
            hint={t("journal.entry.tagsHint")}
            value={tags()}
            onInput={(e) => edited(setTags)(e.currentTarget.value)}
          />
          <fieldset class="journal-mood">
            <legend>{t("journal.entry.mood")}</legend>
            <div class="row">
              <For each={MOODS}>
                {(option) => (
                  <label class="journal-mood-option">
                    <input
                      type="radio"
                      name="mood"
                      value={option.value}
                      checked={mood() === option.value}
                      onChange={() => edited(setMood)(option.value)}
                    />
                    {t(option.key)}
                  </label>
                )}
              </For>
              <button type="button" class="btn btn-quiet" disabled={mood() === null} onClick={() => edited(setMood)(null)}>
                {t("journal.entry.noMood")}
              </button>
            </div>
          </fieldset>
          <div class="row between">
            <button type="submit" class="btn btn-primary" disabled={busy() || (!dirty() && !!props.id)}>
              {t("journal.entry.save")}
            </button>
            <Show when={saved() && !dirty()}>
              <span role="status" class="muted">
                {t("journal.entry.savedHere")}
              </span>
            </Show>
          </div>
        </form>
        <Show when={entry()}>
          {(current) => (
            <>
              <ConsentPanel entry={current()} />
              <div class="row">
                <button type="button" class="btn btn-danger" onClick={() => void remove()}>
                  {t("journal.entry.delete")}
                </button>
              </div>
            </>
          )}
        </Show>
      </Show>
    </div>
  )
}
