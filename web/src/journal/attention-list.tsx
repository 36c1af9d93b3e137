/**
 * What the writer must look at, never dropped silently: entries with two
 * versions of a text (each links to its side-by-side view), edits made on
 * another device to an entry deleted meanwhile (kept: restore or let go),
 * changes the journal refused (with the reason, and their words when they
 * carried any), and words a guest journal on this device left behind when
 * it moved to this account. Every item with words shows them and offers to
 * copy them or write them as a new entry, so nothing typed is lost.
 */
import { A } from "@solidjs/router"
import { For, Match, Show, Switch, type JSX } from "solid-js"
import type { LostText } from "../../journal-sync/replica.ts"
import { t } from "../i18n/i18n.ts"
import { showToast } from "../ui/Toasts.tsx"
import { journalSignals } from "./app.tsx"
import { DocView } from "./doc-view.tsx"
import { toSource } from "./markdown.ts"
import { failureText } from "./words.ts"

/** The words as the writer would paste them: the title, a blank line, the text in the editor's Markdown. */
const asText = (lost: LostText): string =>
  [lost.title, lost.doc ? toSource(lost.doc) : lost.body].filter((part) => part !== undefined && part !== "").join("\n\n")

const LostWords = (props: { readonly lost: LostText; readonly onRecreate: () => Promise<void>; readonly children?: JSX.Element }) => {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(asText(props.lost))
      showToast(t("journal.attention.copied"))
    } catch {
      showToast(t("journal.attention.copyFailed"))
    }
  }
  return (
    <div class="journal-lost">
      <div class="journal-lost-text">
        <Show when={props.lost.title}>
          <p>
            <strong>{props.lost.title}</strong>
          </p>
        </Show>
        <Show
          when={props.lost.doc}
          fallback={
            <Show when={props.lost.body}>
              <p>{props.lost.body}</p>
            </Show>
          }
        >
          {(doc) => <DocView doc={doc()} />}
        </Show>
      </div>
      <div class="row">
        <button type="button" class="btn" onClick={() => void copy()}>
          {t("journal.attention.copy")}
        </button>
        <button type="button" class="btn" onClick={() => void props.onRecreate()}>
          {t("journal.attention.recreate")}
        </button>
        {props.children}
      </div>
    </div>
  )
}

export const AttentionList = () => {
  const { attention, journal, entry } = journalSignals()
  const report = (error: { code?: string }) => showToast(failureText(error.code ?? "internal"))
  /** The words become an entry of their own (the edit's entry is gone, or in another journal). */
  const writeAsNew = (lost: LostText) =>
    journal.write({ title: lost.title ?? t("journal.entry.untitled"), ...(lost.doc ? { doc: lost.doc } : { body: lost.body ?? "" }) })
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
                        {t(c().field === "title" ? "journal.attention.conflictTitle" : "journal.attention.conflictBody", {
                          title: entry(c().entryId)?.title || t("journal.entry.untitled"),
                        })}
                      </A>
                    )}
                  </Match>
                  <Match when={item.kind === "orphan" && item}>
                    {(o) => (
                      <div class="stack">
                        <p>{t("journal.attention.orphan")}</p>
                        <LostWords
                          lost={o().orphan.changes}
                          onRecreate={async () => {
                            await writeAsNew(o().orphan.changes)
                            await journal.dismissOrphan(o().orphan.id).catch(report)
                          }}
                        >
                          <button type="button" class="btn btn-quiet" onClick={() => void journal.dismissOrphan(o().orphan.id).catch(report)}>
                            {t("journal.attention.letGo")}
                          </button>
                        </LostWords>
                      </div>
                    )}
                  </Match>
                  <Match when={item.kind === "refused" && item}>
                    {(r) => (
                      <Show
                        when={r().lost}
                        fallback={
                          <div class="row between">
                            <p>{t("journal.attention.refused", { reason: failureText(r().code) })}</p>
                            <button type="button" class="btn btn-quiet" onClick={() => void journal.dismissRefused(r().op)}>
                              {t("action.close")}
                            </button>
                          </div>
                        }
                      >
                        {(lost) => (
                          <div class="stack">
                            <p>{t("journal.attention.notApplied", { reason: failureText(r().code) })}</p>
                            <LostWords
                              lost={lost()}
                              onRecreate={async () => {
                                await writeAsNew(lost())
                                await journal.dismissRefused(r().op)
                              }}
                            >
                              <button type="button" class="btn btn-quiet" onClick={() => void journal.dismissRefused(r().op)}>
                                {t("journal.attention.letGo")}
                              </button>
                            </LostWords>
                          </div>
                        )}
                      </Show>
                    )}
                  </Match>
                  <Match when={item.kind === "leftover" && item}>
                    {(l) => (
                      <div class="stack journal-leftover">
                        <p>
                          {t("journal.attention.fromGuest", {
                            reason: t(l().leftover.reason === "deleted" ? "journal.attention.entryDeleted" : "journal.attention.movedAway"),
                          })}
                        </p>
                        <LostWords
                          lost={l().leftover.text}
                          onRecreate={async () => {
                            await writeAsNew(l().leftover.text)
                            await journal.settleLeftover(l().leftover)
                          }}
                        >
                          <button type="button" class="btn btn-quiet" onClick={() => void journal.settleLeftover(l().leftover)}>
                            {t("journal.attention.letGo")}
                          </button>
                        </LostWords>
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
