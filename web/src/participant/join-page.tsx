/**
 * Join by code: the code (from a link, a QR code or read aloud) and a name,
 * nothing else; no account. A deep link /j/:code fills the code in, so only
 * the name is asked.
 */
import { useNavigate, useParams } from "@solidjs/router"
import { createSignal, Show } from "solid-js"
import { t } from "../i18n/i18n.ts"
import { errorText } from "../ui/errors.ts"
import { Field } from "../ui/Field.tsx"
import { LanguagePicker } from "../ui/LanguagePicker.tsx"
import { participantApi, rememberSession } from "./store.ts"

/** Codes are read aloud and typed on phones: upper case, and the letters they are made of only. */
const normalizeCode = (raw: string): string =>
  raw
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .slice(0, 6)

const joinErrorText = (error: unknown): string => {
  switch ((error as { code?: string }).code) {
    case "not_found":
      return t("join.badCode")
    case "conflict":
      return t("join.locked")
    case "forbidden":
      return t("join.removed")
    default:
      return errorText(error)
  }
}

export const JoinPage = () => {
  const params = useParams<{ code?: string }>()
  const navigate = useNavigate()
  const fromLink = normalizeCode(params.code ?? "")
  const [code, setCode] = createSignal(fromLink)
  const [name, setName] = createSignal("")
  const [busy, setBusy] = createSignal(false)
  const [codeError, setCodeError] = createSignal<string>()
  const [nameError, setNameError] = createSignal<string>()
  const [failure, setFailure] = createSignal<string>()
  // A participant with an account joins under it (their journal and history follow them); everyone else as a guest.
  const [withAccount, setWithAccount] = createSignal(false)
  const [email, setEmail] = createSignal("")
  const [password, setPassword] = createSignal("")

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    setCodeError(code().length === 6 ? undefined : t("join.codeNeeded"))
    setNameError(withAccount() || name().trim() ? undefined : t("join.nameNeeded"))
    if (codeError() || nameError()) return
    if (withAccount() && (!email().trim() || !password())) return setFailure(t("join.credentialsNeeded"))
    setBusy(true)
    setFailure(undefined)
    try {
      const api = participantApi()
      let addr: string
      if (withAccount()) {
        await api.signIn(email().trim(), password()).catch((error: unknown) => {
          throw (error as { code?: string }).code === "unauthorized" ? Object.assign(new Error("wrong password"), { code: "wrong_password" }) : error
        })
        addr = (await api.post<{ addr: string }>("/api/live/join-member", { code: code() })).addr
      } else {
        addr = (await api.joinAsGuest(code(), name().trim())).addr
      }
      rememberSession(addr)
      navigate("/join/session", { replace: true })
    } catch (error) {
      setFailure((error as { code?: string }).code === "wrong_password" ? t("join.wrongPassword") : joinErrorText(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main class="participant join">
      <header class="row between">
        <span class="brand">{t("app.name")}</span>
        <LanguagePicker />
      </header>
      <form class="panel stack" onSubmit={submit} noValidate>
        <h1>{t("join.title")}</h1>
        <p class="muted">{t("join.intro")}</p>
        <Show
          when={!fromLink}
          fallback={
            <p class="code-display" aria-label={t("join.code")}>
              {fromLink}
            </p>
          }
        >
          <Field
            label={t("join.code")}
            hint={t("join.codeHint")}
            error={codeError()}
            name="code"
            value={code()}
            onInput={(e) => setCode(normalizeCode(e.currentTarget.value))}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            inputmode="text"
            maxLength={6}
            class="code-input"
          />
        </Show>
        <Show
          when={withAccount()}
          fallback={
            <Field
              label={t("join.name")}
              hint={t("join.nameHint")}
              error={nameError()}
              name="name"
              value={name()}
              onInput={(e) => setName(e.currentTarget.value)}
              autocomplete="nickname"
              maxLength={60}
            />
          }
        >
          <Field
            label={t("join.email")}
            name="email"
            type="email"
            value={email()}
            onInput={(e) => setEmail(e.currentTarget.value)}
            autocomplete="username"
          />
          <Field
            label={t("join.password")}
            name="password"
            type="password"
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
            autocomplete="current-password"
          />
        </Show>
        <Show when={failure()}>
          <p class="alert" role="alert">
            {failure()}
          </p>
        </Show>
        <button class="btn btn-primary btn-block" type="submit" disabled={busy()}>
          {busy() ? t("join.joining") : withAccount() ? t("join.signInSubmit") : t("join.submit")}
        </button>
        <button
          class="btn btn-quiet btn-block"
          type="button"
          onClick={() => {
            setWithAccount(!withAccount())
            setFailure(undefined)
          }}
        >
          {withAccount() ? t("join.asGuest") : t("join.orSignIn")}
        </button>
      </form>
    </main>
  )
}
