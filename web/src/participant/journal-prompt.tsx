/**
 * An in-session journal prompt: a member writes the answer into their own
 * journal (journal/<their user id>, private to them), with the session and
 * the prompt attached. A guest has no journal: the screen says so plainly
 * instead of pretending to keep what they write.
 */
import { createSignal, Match, Switch } from "solid-js"
import type { Live } from "../client/types.ts"
import { t } from "../i18n/i18n.ts"
import { errorText } from "../ui/errors.ts"

export interface JournalPromptProps {
  readonly live: Live
  readonly me: string
  readonly isGuest: boolean
  readonly sessionId: string
  readonly title: string
  readonly prompt: string
}

export const JournalPrompt = (props: JournalPromptProps) => {
  const [body, setBody] = createSignal("")
  const [state, setState] = createSignal<"writing" | "saving" | "saved">("writing")
  const [failure, setFailure] = createSignal<string>()
  const save = async (event: SubmitEvent) => {
    event.preventDefault()
    if (!body().trim()) return
    setState("saving")
    setFailure(undefined)
    const journal = `journal/${props.me}`
    try {
      // The journal is made on first use; "already exists" is the usual answer.
      await props.live.send(journal, { type: "create" }).catch((error: { code?: string }) => {
        if (error.code !== "conflict") throw error
      })
      await props.live.send(journal, { type: "writeEntry", title: props.title, body: body().trim(), sessionId: props.sessionId, prompt: props.prompt })
      setState("saved")
    } catch (error) {
      setFailure(errorText(error))
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
          <p role="status">{t("journal.saved")}</p>
        </Match>
        <Match when={true}>
          <form class="stack" onSubmit={save}>
            <div class="field">
              <label for="journal-answer">{t("journal.answer")}</label>
              <textarea id="journal-answer" rows={5} value={body()} onInput={(e) => setBody(e.currentTarget.value)} />
              <span class="hint">{t("journal.private")}</span>
            </div>
            {failure() && <p class="alert" role="alert">{failure()}</p>}
            <button type="submit" class="btn btn-primary btn-block" disabled={state() === "saving" || !body().trim()}>
              {state() === "saving" ? t("save.saving") : t("journal.save")}
            </button>
          </form>
        </Match>
      </Switch>
    </section>
  )
}
