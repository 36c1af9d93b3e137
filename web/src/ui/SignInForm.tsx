/**
 * Sign in with email and password, for every app that has accounts (the
 * console, the journal). Errors say what happened in plain words (wrong
 * password, too many tries with the wait counted down, several
 * organizations: choose one); the button stays off while Studio asks us to
 * wait. The app says what signing in is for and where to go after.
 */
import { createSignal, onCleanup, Show, type JSX } from "solid-js"
import { signInError } from "../console/errors.ts"
import { formatNumber, t } from "../i18n/i18n.ts"
import { Field } from "./Field.tsx"

export interface SignInFormProps {
  readonly title: string
  readonly intro: string
  /** Something the app adds above the fields (e.g. "you are offline"). */
  readonly notice?: JSX.Element
  readonly class?: string
  /** Signs in; rejects with the client's ApiError. */
  signIn(email: string, password: string, tenant: string | undefined): Promise<unknown>
  /** After a successful sign-in. */
  signedIn?(): void
}

const codeOf = (error: unknown): string | undefined => (error as { code?: string } | undefined)?.code

export const SignInForm = (props: SignInFormProps) => {
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

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    if (busy() || waitSeconds() > 0) return
    setBusy(true)
    setError(undefined)
    try {
      await props.signIn(email().trim(), password(), askTenant() && tenant().trim() ? tenant().trim() : undefined)
      props.signedIn?.()
    } catch (failure) {
      if (codeOf(failure) === "conflict") setAskTenant(true)
      if (codeOf(failure) === "rate_limited") setWaitUntil(Date.now() + ((failure as { retryAfterSeconds?: number }).retryAfterSeconds ?? 30) * 1000)
      setError(signInError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class={`panel stack ${props.class ?? ""}`} onSubmit={submit} aria-labelledby="signin-title" novalidate>
      <h1 id="signin-title">{props.title}</h1>
      <p class="muted">{props.intro}</p>
      {props.notice}
      <Show when={error()}>
        <div class="alert" role="alert">
          {error()}
          <Show when={waitSeconds() > 0}>
            {" "}
            <span>{t("console.signIn.waitLeft", { seconds: formatNumber(waitSeconds()) })}</span>
          </Show>
        </div>
      </Show>
      <Field
        label={t("console.signIn.email")}
        type="email"
        name="email"
        autocomplete="username"
        required
        value={email()}
        onInput={(e) => setEmail(e.currentTarget.value)}
      />
      <Field
        label={t("console.signIn.password")}
        type="password"
        name="password"
        autocomplete="current-password"
        required
        value={password()}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
      <Show when={askTenant()}>
        <Field
          label={t("console.signIn.organization")}
          hint={t("console.signIn.organizationHint")}
          name="organization"
          value={tenant()}
          onInput={(e) => setTenant(e.currentTarget.value)}
        />
      </Show>
      <button class="btn btn-primary btn-block" type="submit" disabled={busy() || waitSeconds() > 0} aria-busy={busy()}>
        {busy() ? t("console.signIn.busy") : t("console.signIn.submit")}
      </button>
    </form>
  )
}
