/**
 * Signing in to the journal: email and password (and the organization when
 * the email belongs to several), in the console's words. Offline, it says
 * that signing in needs the network once, and that the journal opens
 * without it afterwards.
 */
import { createSignal, onCleanup, Show } from "solid-js"
import { t } from "../i18n/i18n.ts"
import { LanguagePicker } from "../ui/LanguagePicker.tsx"
import { SignInForm } from "../ui/SignInForm.tsx"
import { journalApi } from "./store.ts"

export const SignInPage = () => {
  const [online, setOnline] = createSignal(globalThis.navigator?.onLine ?? true)
  const onlineChanged = () => setOnline(navigator.onLine)
  globalThis.addEventListener("online", onlineChanged)
  globalThis.addEventListener("offline", onlineChanged)
  onCleanup(() => {
    globalThis.removeEventListener("online", onlineChanged)
    globalThis.removeEventListener("offline", onlineChanged)
  })
  return (
    <main class="journal-signin">
      <SignInForm
        title={t("journal.signIn.title")}
        intro={t("journal.signIn.intro")}
        notice={
          <Show when={!online()}>
            <p class="chip chip-warn journal-offline-note" role="status">
              {t("journal.signIn.offline")}
            </p>
          </Show>
        }
        signIn={(email, password, tenant) => journalApi().signIn(email, password, tenant)}
      />
      <LanguagePicker />
    </main>
  )
}
