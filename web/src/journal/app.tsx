/**
 * The journal's shell: sign in when there is no account on this device,
 * otherwise the writer's journal (opened from IndexedDB, so it shows at
 * once, online or not) with the list, an entry and a new entry as routes.
 */
import { Navigate, Route, Router, type RouteSectionProps } from "@solidjs/router"
import { createContext, createMemo, createResource, createSignal, Match, onCleanup, Show, Switch, useContext, type JSX } from "solid-js"
import { t } from "../i18n/i18n.ts"
import { LanguagePicker } from "../ui/LanguagePicker.tsx"
import { Toasts } from "../ui/Toasts.tsx"
import { EntryPage } from "./entry-page.tsx"
import { ListPage } from "./list-page.tsx"
import { SignInPage } from "./signin-page.tsx"
import { SyncStatus } from "./sync-status.tsx"
import { journalApi, openJournal, signOutOfJournal } from "./store.ts"
import { useJournal, type JournalSignals } from "./use-journal.ts"

const JournalContext = createContext<JournalSignals>()

/** The open journal, for the pages below the shell. */
export const journalSignals = (): JournalSignals => {
  const signals = useContext(JournalContext)
  if (!signals) throw new Error("journal pages render inside the signed-in shell")
  return signals
}

const SignedIn = (props: { readonly tenant: string; readonly userId: string; readonly children: JSX.Element }) => {
  const [journal] = createResource(() => openJournal(props.tenant, props.userId))
  return (
    <Switch>
      <Match when={journal.error}>
        <p class="alert" role="alert">
          {t("journal.storageFailed")}
        </p>
      </Match>
      <Match when={journal()}>
        {(opened) => (
          <JournalContext.Provider value={useJournal(opened())}>
            <header class="journal-header">
              <a class="brand" href="/journal">
                {t("journal.app.title")}
              </a>
              <SyncStatus />
            </header>
            <main class="journal-main">{props.children}</main>
            <footer class="row between journal-footer">
              <LanguagePicker />
              <button type="button" class="btn btn-quiet" onClick={() => signOutOfJournal()}>
                {t("action.signOut")}
              </button>
            </footer>
          </JournalContext.Provider>
        )}
      </Match>
    </Switch>
  )
}

const Shell = (props: RouteSectionProps) => {
  const [session, setSession] = createSignal(journalApi().session())
  onCleanup(journalApi().onSession(setSession))
  // A refreshed token is a new session object for the same writer: only another account opens another journal.
  const account = createMemo(
    () => {
      const user = session()?.user
      return user ? { tenant: user.tenant, userId: user.id } : undefined
    },
    undefined,
    { equals: (a, b) => a?.tenant === b?.tenant && a?.userId === b?.userId },
  )
  return (
    <div class="journal">
      <Show when={account()} keyed fallback={<SignInPage />}>
        {(current) => (
          <SignedIn tenant={current.tenant} userId={current.userId}>
            {props.children}
          </SignedIn>
        )}
      </Show>
      <Toasts />
    </div>
  )
}

export const JournalApp = () => (
  <Router root={Shell}>
    <Route path="/journal" component={ListPage} />
    <Route path="/journal/new" component={() => <EntryPage />} />
    <Route path="/journal/entry/:id" component={(props) => <EntryPage id={props.params["id"]} />} />
    <Route path="/journal/*" component={() => <Navigate href="/journal" />} />
  </Router>
)
