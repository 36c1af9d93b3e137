/**
 * Sign in with email and password. Errors say what happened in plain words
 * (wrong password, too many tries with the wait counted down, several
 * organizations: choose one); the button stays off while Studio asks us to wait.
 */
import { useNavigate, useSearchParams } from "@solidjs/router"
import { createSignal, onCleanup, Show } from "solid-js"
import { formatNumber, t } from "../i18n/i18n.ts"
import { Field } from "../ui/Field.tsx"
import { isCode, retryAfter, signInError } from "./errors.ts"
import { api } from "./store.ts"

export const SignInPage = () => {
  const navigate = useNavigate()
  const [search] = useSearchParams()
  const [email, setEmail] = createSignal("")
  const [password, setPassword] = createSignal("")
  const [tenant, setTenant] = createSignal("")
  const [askTenant, setAskTenant] = createSignal(false)
  const [error, setError] = createSignal<string>()
  const [busy, setBusy] = createSignal(false)
  const [waitUntil, setWaitUntil] = createSignal(0)
  const [now, setNow] = createSignal(Date.now())
  const tick = setInterval(() => setNow(Date.now()), 500)
  onCleanup(() => clearInterval(tick))
  const waitSeconds = () => Math.max(0, Math.ceil((waitUntil() - now()) / 1000))

  const next = (): string => {
    const wanted = typeof search["next"] === "string" ? search["next"] : "/"
    return wanted.startsWith("/") && !wanted.startsWith("//") && !wanted.startsWith("/signin") ? wanted : "/"
  }

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    if (busy() || waitSeconds() > 0) return
    setBusy(true)
    setError(undefined)
    try {
      await api().signIn(email().trim(), password(), askTenant() && tenant().trim() ? tenant().trim() : undefined)
      navigate(next(), { replace: true })
    } catch (failure) {
      if (isCode(failure, "conflict")) setAskTenant(true)
      const wait = retryAfter(failure)
      if (isCode(failure, "rate_limited")) setWaitUntil(Date.now() + (wait ?? 30) * 1000)
      setError(signInError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="signin">
      <form class="panel stack signin-form" onSubmit={submit} aria-labelledby="signin-title" novalidate>
        <h1 id="signin-title">{t("console.signIn.title")}</h1>
        <p class="muted">{t("console.signIn.intro")}</p>
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
    </div>
  )
}
