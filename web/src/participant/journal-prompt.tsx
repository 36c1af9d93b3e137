/**
 * An in-session journal prompt: a member writes the answer into their own
 * journal (journal/<their user id>, private to them), with the session and
 * the prompt attached, through the same offline journal /journal uses: the
 * answer is kept on the phone at once (IndexedDB), reaches the journal when
 * the network allows, and shows in /journal beside the other entries. The
 * journal's code loads only when a prompt appears, so the join page stays
 * light. A guest has no journal: the screen says so plainly instead of
 * pretending to keep what they write.
 */
import { createSignal, Match, onCleanup, Show, Switch } from "solid-js"
import type { Live } from "../client/types.ts"
import { t } from "../i18n/i18n.ts"
import type { OfflineJournal, SyncState } from "../journal/offline-journal.ts"
import { showToast } from "../ui/Toasts.tsx"
import { participantApi } from "./store.ts"

export interface JournalPromptProps {
  readonly live: Live
  readonly me: string
  readonly isGuest: boolean
  readonly sessionId: string
  readonly title: string
  readonly prompt: string
}

/** One journal per page, kept open after the prompt goes, so an answer written offline still syncs when the network returns. */
let opened: { key: string; journal: Promise<OfflineJournal> } | undefined

const journalOf = (live: Live, tenant: string, me: string): Promise<OfflineJournal> => {
  const key = `${tenant}/${me}`
  if (opened?.key !== key) opened = { key, journal: import("../journal/offline-journal.ts").then(({ OfflineJournal }) => OfflineJournal.open(live, tenant, me)) }
  return opened.journal
}

export const JournalPrompt = (props: JournalPromptProps) => {
  const [body, setBody] = createSignal("")
  const [state, setState] = createSignal<"writing" | "saving" | "saved">("writing")
  const [sync, setSync] = createSignal<SyncState>()
  let stopWatching: (() => void) | undefined
  onCleanup(() => stopWatching?.())

  const save = async (event: SubmitEvent) => {
    event.preventDefault()
    const tenant = participantApi().session()?.user.tenant
    if (!body().trim() || !tenant) return
    setState("saving")
    try {
      const journal = await journalOf(props.live, tenant, props.me)
      await journal.write({ title: props.title, body: body().trim(), sessionId: props.sessionId, prompt: props.prompt })
      stopWatching?.()
      stopWatching = journal.onChange(() => setSync(journal.syncState()))
      setSync(journal.syncState())
      setState("saved")
    } catch {
      // Only this device's storage can refuse a write: the text stays in the box to copy or try again.
      showToast(t("journal.entry.notSaved"))
      setState("writing")
    }
  }
  return (
    <section class="panel stack" aria-labelledby="journal-heading">
      <h2 id="journal-heading">{t("journal.prompt")}</h2>
      <p class="prompt">{props.prompt}</p>
      <Switch>
        <Match when={props.isGuest}>
          <p class="muted">{t("journal.guest")}</p>
        </Match>
        <Match when={state() === "saved"}>
          <p role="status">{sync()?.kind === "offline" ? t("journal.promptSaved.waiting") : t("journal.saved")}</p>
          <Show when={sync()}>
            <a class="btn btn-block" href="/journal" target="_blank" rel="noopener">{t("journal.promptSaved.open")}</a>
          </Show>
        </Match>
        <Match when={true}>
          <form class="stack" onSubmit={save}>
            <div class="field">
              <label for="journal-answer">{t("journal.answer")}</label>
              <textarea id="journal-answer" rows={5} value={body()} onInput={(e) => setBody(e.currentTarget.value)} />
              <span class="hint">{t("journal.private")}</span>
            </div>
            <button type="submit" class="btn btn-primary btn-block" disabled={state() === "saving" || !body().trim()}>
              {state() === "saving" ? t("save.saving") : t("journal.save")}
            </button>
          </form>
        </Match>
      </Switch>
    </section>
  )
}
