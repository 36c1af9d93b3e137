/**
 * Signing in to the journal: email and password (and the organization when
 * the email belongs to several), in the console's words. Offline, it says
 * that signing in needs the network once, and that the journal opens
 * without it afterwards.
 */
import { createSignal, onCleanup, Show } from "solid-js"
import { isCode, retryAfter, signInError } from "../console/errors.ts"
import { formatNumber, t } from "../i18n/i18n.ts"
import { Field } from "../ui/Field.tsx"
import { LanguagePicker } from "../ui/LanguagePicker.tsx"
import { journalApi } from "./store.ts"

export const SignInPage = () => {
  const [email, setEmail] = createSignal("")
  const [password, setPassword] = createSignal("")
  const [tenant, setTenant] = createSignal("")
  const [askTenant, setAskTenant] = createSignal(false)
  const [error, setError] = createSignal<string>()
  const [busy, setBusy] = createSignal(false)
  const [waitUntil, setWaitUntil] = createSignal(0)
  const [now, setNow] = createSignal(Date.now())
  const [online, setOnline] = createSignal(globalThis.navigator?.onLine ?? true)
  const tick = setInterval(() => setNow(Date.now()), 500)
  const onlineChanged = () => setOnline(navigator.onLine)
  globalThis.addEventListener("online", onlineChanged)
  globalThis.addEventListener("offline", onlineChanged)
  onCleanup(() => {
    clearInterval(tick)
    globalThis.removeEventListener("online", onlineChanged)
    globalThis.removeEventListener("offline", onlineChanged)
  })
  const waitSeconds = () => Math.max(0, Math.ceil((waitUntil() - now()) / 1000))

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    if (busy() || waitSeconds() > 0) return
    setBusy(true)
    setError(undefined)
    try {
      await journalApi().signIn(email().trim(), password(), askTenant() && tenant().trim() ? tenant().trim() : undefined)
    } catch (failure) {
      if (isCode(failure, "conflict")) setAskTenant(true)
      if (isCode(failure, "rate_limited")) setWaitUntil(Date.now() + (retryAfter(failure) ?? 30) * 1000)
      setError(signInError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main class="journal-signin">
      <form class="panel stack" onSubmit={submit} aria-labelledby="journal-signin-title" novalidate>
        <h1 id="journal-signin-title">{t("journal.signIn.title")}</h1>
        <p class="muted">{t("journal.signIn.intro")}</p>
        <Show when={!online()}>
          <p class="chip chip-warn journal-offline-note" role="status">{t("journal.signIn.offline")}</p>
        </Show>
        <Show when={error()}>
          <div class="alert" role="alert">
            {error()}
            <Show when={waitSeconds() > 0}>
              {" "}
              <span>{t("console.signIn.waitLeft", { seconds: formatNumber(waitSeconds()) })}</span>
            </Show>
          </div>
        </Show>
        <Field label={t("console.signIn.email")} type="email" name="email" autocomplete="username" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
        <Field label={t("console.signIn.password")} type="password" name="password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
        <Show when={askTenant()}>
          <Field label={t("console.signIn.organization")} hint={t("console.signIn.organizationHint")} name="organization" value={tenant()} onInput={(e) => setTenant(e.currentTarget.value)} />
        </Show>
        <button class="btn btn-primary btn-block" type="submit" disabled={busy() || waitSeconds() > 0} aria-busy={busy()}>
          {busy() ? t("console.signIn.busy") : t("console.signIn.submit")}
        </button>
      </form>
      <LanguagePicker />
    </main>
  )
}
