/**
 * What the writer must look at, never dropped silently: entries with two
 * versions of a text (each links to its side-by-side view), edits made on
 * another device to an entry deleted meanwhile (kept: restore or let go),
 * and changes the journal refused (with the reason).
 */
import { A } from "@solidjs/router"
import { For, Match, Show, Switch } from "solid-js"
import { t } from "../i18n/i18n.ts"
import { showToast } from "../ui/Toasts.tsx"
import { journalSignals } from "./app.tsx"
import { failureText } from "./words.ts"

export const AttentionList = () => {
  const { attention, journal, entry } = journalSignals()
  const restore = async (changes: { title?: string; body?: string }, orphanId: string) => {
    await journal.write({ title: changes.title ?? t("journal.entry.untitled"), body: changes.body ?? "" })
    await journal.dismissOrphan(orphanId).catch((error: { code?: string }) => showToast(failureText(error.code ?? "internal")))
  }
  return (
    <Show when={attention().length > 0}>
      <section class="panel stack journal-attention" aria-labelledby="journal-attention-title">
        <h2 id="journal-attention-title">{t("journal.attention.title")}</h2>
        <ul class="stack">
          <For each={attention()}>
            {(item) => (
              <li>
                <Switch>
                  <Match when={item.kind === "conflict" && item}>
                    {(c) => (
                      <A href={`/journal/entry/${c().entryId}`}>
                        {t(c().field === "title" ? "journal.attention.conflictTitle" : "journal.attention.conflictBody", { title: entry(c().entryId)?.title || t("journal.entry.untitled") })}
                      </A>
                    )}
                  </Match>
                  <Match when={item.kind === "orphan" && item}>
                    {(o) => (
                      <div class="stack">
                        <p>{t("journal.attention.orphan")}</p>
                        <blockquote class="journal-quote">{o().orphan.changes.title ?? ""}{"\n"}{o().orphan.changes.body ?? ""}</blockquote>
                        <div class="row">
                          <button type="button" class="btn" onClick={() => void restore(o().orphan.changes, o().orphan.id)}>{t("journal.attention.restore")}</button>
                          <button type="button" class="btn btn-quiet" onClick={() => void journal.dismissOrphan(o().orphan.id).catch((error: { code?: string }) => showToast(failureText(error.code ?? "internal")))}>{t("journal.attention.letGo")}</button>
                        </div>
                      </div>
                    )}
                  </Match>
                  <Match when={item.kind === "refused" && item}>
                    {(r) => (
                      <div class="row between">
                        <p>{t("journal.attention.refused", { reason: failureText(r().code) })}</p>
                        <button type="button" class="btn btn-quiet" onClick={() => void journal.dismissRefused(r().op)}>{t("action.close")}</button>
                      </div>
                    )}
                  </Match>
                </Switch>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  )
}
