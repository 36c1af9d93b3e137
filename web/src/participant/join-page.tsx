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
const normalizeCode = (raw: string): string => raw.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 6)

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

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    setCodeError(code().length === 6 ? undefined : t("join.codeNeeded"))
    setNameError(name().trim() ? undefined : t("join.nameNeeded"))
    if (codeError() || nameError()) return
    setBusy(true)
    setFailure(undefined)
    try {
      const session = await participantApi().joinAsGuest(code(), name().trim())
      rememberSession(session.addr)
      navigate("/join/session", { replace: true })
    } catch (error) {
      setFailure(joinErrorText(error))
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
        <Show when={!fromLink} fallback={<p class="code-display" aria-label={t("join.code")}>{fromLink}</p>}>
          <Field
            label={t("join.code")} hint={t("join.codeHint")} error={codeError()} name="code"
            value={code()} onInput={(e) => setCode(normalizeCode(e.currentTarget.value))}
            autocomplete="off" autocapitalize="characters" spellcheck={false} inputmode="text" maxLength={6} class="code-input"
          />
        </Show>
        <Field
          label={t("join.name")} hint={t("join.nameHint")} error={nameError()} name="name"
          value={name()} onInput={(e) => setName(e.currentTarget.value)} autocomplete="nickname" maxLength={60}
        />
        <Show when={failure()}>
          <p class="alert" role="alert">{failure()}</p>
        </Show>
        <button class="btn btn-primary btn-block" type="submit" disabled={busy()}>
          {busy() ? t("join.joining") : t("join.submit")}
        </button>
      </form>
    </main>
  )
}
