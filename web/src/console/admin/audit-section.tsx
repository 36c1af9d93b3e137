/** The audit trail: who changed roles and permissions, reveals, removals, licensed content; filtered, a page at a time. */
import { createSignal, For, onMount, Show } from "solid-js"
import { formatDateTime, t, type MessageKey } from "../../i18n/i18n.ts"
import { consoleError } from "../errors.ts"
import { api } from "../store.ts"

interface Entry {
  readonly position: number
  readonly actor: string
  readonly seq: number
  readonly at: string
  readonly by: string
  readonly type: string
  readonly category: string
  readonly summary: string
  readonly subject: string | null
}

const CATEGORIES: Record<string, MessageKey> = {
  role: "console.audit.cat.role",
  permission: "console.audit.cat.permission",
  removal: "console.audit.cat.removal",
  reveal: "console.audit.cat.reveal",
  "licensed-content": "console.audit.cat.licensed",
  catalogue: "console.audit.cat.catalogue",
}

const categoryWord = (category: string) => (CATEGORIES[category] ? t(CATEGORIES[category]) : category)
const isoOf = (date: string, end: boolean) => (date ? new Date(`${date}T${end ? "23:59:59.999" : "00:00:00"}`).toISOString() : undefined)

export const AuditSection = () => {
  const [category, setCategory] = createSignal("")
  const [by, setBy] = createSignal("")
  const [subject, setSubject] = createSignal("")
  const [from, setFrom] = createSignal("")
  const [to, setTo] = createSignal("")
  const [entries, setEntries] = createSignal<readonly Entry[]>([])
  const [next, setNext] = createSignal<number | null>(null)
  const [loading, setLoading] = createSignal(false)
  const [error, setError] = createSignal<unknown>()

  const load = async (more: boolean) => {
    setLoading(true)
    setError(undefined)
    try {
      const page = await api().get<{ entries: Entry[]; next: number | null }>("/api/audit", {
        query: {
          category: category() || undefined,
          by: by().trim() || undefined,
          subject: subject().trim() || undefined,
          from: isoOf(from(), false),
          to: isoOf(to(), true),
          after: more ? (next() ?? undefined) : undefined,
          limit: 100,
        },
      })
      setEntries((list) => (more ? [...list, ...page.entries] : page.entries))
      setNext(page.entries.length < 100 ? null : page.next)
    } catch (failure) {
      setError(failure)
    } finally {
      setLoading(false)
    }
  }
  onMount(() => void load(false))

  return (
    <section class="panel stack" aria-labelledby="audit-title">
      <h2 id="audit-title">{t("console.admin.audit")}</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault()
          void load(false)
        }}
      >
        <div class="field">
          <label for="audit-cat">{t("console.audit.category")}</label>
          <select id="audit-cat" value={category()} onChange={(e) => setCategory(e.currentTarget.value)}>
            <option value="">{t("console.audit.anyCategory")}</option>
            <For each={Object.keys(CATEGORIES)}>{(c) => <option value={c}>{categoryWord(c)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="audit-by">{t("console.audit.by")}</label>
          <input id="audit-by" value={by()} onInput={(e) => setBy(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="audit-subject">{t("console.audit.subject")}</label>
          <input id="audit-subject" value={subject()} onInput={(e) => setSubject(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="audit-from">{t("console.audit.from")}</label>
          <input id="audit-from" type="date" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="audit-to">{t("console.audit.to")}</label>
          <input id="audit-to" type="date" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
        </div>
        <button type="submit" class="btn" disabled={loading()}>
          {t("console.library.filter")}
        </button>
      </form>
      <Show when={error()}>
        <div class="alert" role="alert">
          {consoleError(error())}
        </div>
      </Show>
      <div class="table-wrap">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{t("console.audit.when")}</th>
              <th scope="col">{t("console.audit.category")}</th>
              <th scope="col">{t("console.audit.what")}</th>
              <th scope="col">{t("console.audit.by")}</th>
              <th scope="col">{t("console.audit.where")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={entries()}
              fallback={
                <tr>
                  <td colSpan={5} class="muted">
                    {loading() ? t("console.list.loading") : t("console.audit.none")}
                  </td>
                </tr>
              }
            >
              {(entry) => (
                <tr>
                  <td>{formatDateTime(Date.parse(entry.at))}</td>
                  <td>{categoryWord(entry.category)}</td>
                  <td>
                    <span lang="en">{entry.summary}</span>
                  </td>
                  <td>{entry.by}</td>
                  <td>{entry.actor}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={next() !== null}>
        <button type="button" class="btn" disabled={loading()} onClick={() => void load(true)}>
          {t("console.list.more")}
        </button>
      </Show>
    </section>
  )
}
