/**
 * An in-session journal prompt: a participant writes the answer into their
 * own journal (journal/<their user id>, private to them), with the session
 * and the prompt attached, through the same offline journal /journal uses:
 * the answer is kept on the phone at once (IndexedDB), reaches the journal
 * when the network allows, and shows in /journal beside the other entries.
 * The journal's code loads only when a prompt appears, so the join page
 * stays light.
 *
 * A guest (joined by code, no account) has a journal too, for its session;
 * "Keep your journal" makes an account (POST /api/guests/account), which
 * moves the entries there. The session goes on under the guest's identity
 * (its seat, its canvases); from then on the prompt writes to the account's
 * journal, through the journal app's own sign-in (journal/store.ts), so
 * /journal opens signed in with the entries. The phone records the move
 * (journal/local-store.ts recordMove) and opens the account's journal at
 * once, which takes in whatever the guest journal still held on the phone.
 */
import { createSignal, Match, onCleanup, Show, Switch } from "solid-js"
import type { Live } from "../client/types.ts"
import { plural, t } from "../i18n/i18n.ts"
import type { OfflineJournal, SyncState } from "../journal/offline-journal.ts"
import { errorText } from "../ui/errors.ts"
import { Field } from "../ui/Field.tsx"
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

const journalOf = (live: Live | (() => Promise<Live>), tenant: string, owner: string): Promise<OfflineJournal> => {
  const key = `${tenant}/${owner}`
  if (opened?.key !== key) {
    void opened?.journal.then(
      (journal) => journal.close(),
      () => undefined,
    )
    opened = {
      key,
      journal: import("../journal/offline-journal.ts").then(async ({ OfflineJournal }) =>
        OfflineJournal.open(typeof live === "function" ? await live() : live, tenant, owner),
      ),
    }
  }
  return opened.journal
}

/** The account a guest of this tab made to keep its journal (this tab only, like the guest's own tokens). */
interface Kept {
  readonly guest: string
  readonly tenant: string
  readonly account: string
  readonly email: string
}
const KEPT_KEY = "studio.participant.keptJournal"
const keptFor = (guest: string): Kept | undefined => {
  try {
    const kept = JSON.parse(globalThis.sessionStorage?.getItem(KEPT_KEY) ?? "null") as Kept | null
    return kept?.guest === guest ? kept : undefined
  } catch {
    return undefined
  }
}
const rememberKept = (kept: Kept) => globalThis.sessionStorage?.setItem(KEPT_KEY, JSON.stringify(kept))

/** The journal app's live connection, signed in as the account (tokens in localStorage, so /journal opens signed in too). */
const accountLive = async (): Promise<Live> => (await import("../journal/store.ts")).journalLive()

interface GuestAccount {
  readonly token: string
  readonly refreshToken: string
  readonly user: { readonly id: string; readonly tenant: string; readonly roles: readonly string[] }
  readonly journal: { readonly moved: number; readonly unshared: number }
}

export const JournalPrompt = (props: JournalPromptProps) => {
  const [body, setBody] = createSignal("")
  const [state, setState] = createSignal<"writing" | "saving" | "saved">("writing")
  const [sync, setSync] = createSignal<SyncState>()
  const [kept, setKept] = createSignal<Kept | undefined>(props.isGuest ? keptFor(props.me) : undefined)
  /** Kept on this screen just now: the confirmation stays in view. */
  const [keptHere, setKeptHere] = createSignal(false)
  let stopWatching: (() => void) | undefined
  onCleanup(() => stopWatching?.())

  const tenant = () => participantApi().session()?.user.tenant
  /** Whose journal this prompt writes to: the participant's own, or, once a guest kept its journal, the account's. */
  const journal = (): Promise<OfflineJournal> | undefined => {
    const tenantId = tenant()
    if (!tenantId) return undefined
    const account = kept()
    return account ? journalOf(accountLive, account.tenant, account.account) : journalOf(props.live, tenantId, props.me)
  }

  const save = async (event: SubmitEvent) => {
    event.preventDefault()
    const opening = journal()
    if (!body().trim() || !opening) return
    setState("saving")
    try {
      const writer = await opening
      await writer.write({ title: props.title, body: body().trim(), sessionId: props.sessionId, prompt: props.prompt })
      stopWatching?.()
      stopWatching = writer.onChange(() => setSync(writer.syncState()))
      setSync(writer.syncState())
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
        <Match when={state() === "saved"}>
          <p role="status">{sync()?.kind === "offline" ? t("journal.promptSaved.waiting") : t("journal.saved")}</p>
          <Show when={sync() && (!props.isGuest || kept())}>
            <a class="btn btn-block" href="/journal" target="_blank" rel="noopener">
              {t("journal.promptSaved.open")}
            </a>
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
      <Show when={props.isGuest && (!kept() || keptHere())}>
        <KeepJournal
          guestId={props.me}
          onKept={(account) => {
            setKeptHere(true)
            setKept(account)
          }}
        />
      </Show>
    </section>
  )
}

/** "Keep your journal": a guest makes an account, its entries move there, and the journal app is signed in as it. */
const KeepJournal = (props: { readonly guestId: string; readonly onKept: (kept: Kept) => void }) => {
  const session = participantApi().session()
  const [open, setOpen] = createSignal(false)
  const [name, setName] = createSignal(session?.user.name ?? "")
  const [email, setEmail] = createSignal("")
  const [password, setPassword] = createSignal("")
  const [busy, setBusy] = createSignal(false)
  const [failure, setFailure] = createSignal<string>()
  const [done, setDone] = createSignal<{ email: string; unshared: number; signedIn: boolean }>()

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    const tenant = participantApi().session()?.user.tenant
    if (!tenant) return
    if (!name().trim() || !email().trim() || password().length < 8) return setFailure(t("journal.keep.missing"))
    setBusy(true)
    setFailure(undefined)
    try {
      // Every answer must be in the journal before it moves: anything still only on this phone goes first.
      if (opened?.key === `${tenant}/${props.guestId}` && !(await (await opened.journal).flushed())) return setFailure(t("journal.keep.unsynced"))
      const account = await participantApi().post<GuestAccount>("/api/guests/account", {
        email: email().trim(),
        name: name().trim(),
        password: password(),
      })
      const kept: Kept = { guest: props.guestId, tenant, account: account.user.id, email: email().trim() }
      rememberKept(kept)
      // The phone notes the move at once: whatever the guest journal still holds here (another tab's answer, one written
      // as the move was made) goes to the account's journal, even if the guest journal's own copy never hears of the move.
      await (await import("../journal/local-store.ts")).recordMove(tenant, props.guestId, kept.account).catch(() => undefined)
      // The journal app takes the account's session, so /journal (and the next answer here) is the account's journal.
      const { journalApi } = await import("../journal/store.ts")
      const signedIn = (() => {
        try {
          journalApi().adopt({ token: account.token, refreshToken: account.refreshToken, user: account.user })
          return true
        } catch {
          return false
        }
      })()
      setDone({ email: kept.email, unshared: account.journal.unshared, signedIn })
      props.onKept(kept)
      // The account's journal opens now, on this phone: it takes in what the guest journal left here and sends it.
      if (signedIn) void journalOf(accountLive, tenant, kept.account).catch(() => undefined)
    } catch (error) {
      const code = (error as { code?: string }).code
      setFailure(code === "bad_frame" ? t("journal.keep.invalid") : code === "conflict" ? t("journal.keep.taken") : errorText(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="stack">
      <Show when={done()}>
        {(result) => (
          <div class="stack" role="status">
            <p>{result().signedIn ? t("journal.keep.done", { email: result().email }) : t("journal.keep.signInLater", { email: result().email })}</p>
            <Show when={result().unshared > 0}>
              <p class="muted">
                {t(plural(result().unshared, "journal.keep.unshared.one", "journal.keep.unshared.other"), { count: result().unshared })}
              </p>
            </Show>
            <a class="btn btn-block" href="/journal" target="_blank" rel="noopener">
              {t("journal.promptSaved.open")}
            </a>
          </div>
        )}
      </Show>
      <Show when={!done()}>
        <Show
          when={open()}
          fallback={
            <>
              <p class="muted">{t("journal.keep.intro")}</p>
              <button type="button" class="btn btn-block" onClick={() => setOpen(true)}>
                {t("journal.keep.open")}
              </button>
            </>
          }
        >
          <form class="stack" onSubmit={submit} noValidate aria-labelledby="keep-journal-heading">
            <h3 id="keep-journal-heading">{t("journal.keep.title")}</h3>
            <p class="muted">{t("journal.keep.explain")}</p>
            <Field
              label={t("journal.keep.name")}
              name="name"
              value={name()}
              onInput={(e) => setName(e.currentTarget.value)}
              autocomplete="name"
              maxLength={120}
            />
            <Field
              label={t("journal.keep.email")}
              name="email"
              type="email"
              value={email()}
              onInput={(e) => setEmail(e.currentTarget.value)}
              autocomplete="email"
            />
            <Field
              label={t("journal.keep.password")}
              hint={t("journal.keep.passwordHint")}
              name="password"
              type="password"
              value={password()}
              onInput={(e) => setPassword(e.currentTarget.value)}
              autocomplete="new-password"
              minLength={8}
            />
            <Show when={failure()}>
              <p class="alert" role="alert">
                {failure()}
              </p>
            </Show>
            <button type="submit" class="btn btn-primary btn-block" disabled={busy()}>
              {busy() ? t("journal.keep.working") : t("journal.keep.submit")}
            </button>
            <button
              type="button"
              class="btn btn-quiet btn-block"
              onClick={() => {
                setOpen(false)
                setFailure(undefined)
              }}
            >
              {t("journal.keep.cancel")}
            </button>
          </form>
        </Show>
      </Show>
    </div>
  )
}
