/**
 * The frame of every console page: a skip link, one compact top bar (the
 * app's name, the sections this user may open, the connection in words,
 * the language and sign out), and the page. Signed out, every page but
 * sign-in sends the user to sign in and back to where they were.
 */
import { A, useLocation, useNavigate, type RouteSectionProps } from "@solidjs/router"
import { createEffect, ErrorBoundary, Show } from "solid-js"
import { useConnection, usePending } from "../client/solid.ts"
import { t } from "../i18n/i18n.ts"
import { ConnectionStatus } from "../ui/ConnectionStatus.tsx"
import { LanguagePicker } from "../ui/LanguagePicker.tsx"
import { Toasts } from "../ui/Toasts.tsx"
import { currentSession, hasRole, live, signOut } from "./store.ts"

const LiveStatus = () => {
  const connection = useConnection(live())
  const pending = usePending(live())
  return (
    <div class="row">
      <ConnectionStatus state={connection().state} pending={pending()} />
      <Show when={connection().state === "reconnecting" || connection().state === "offline"}>
        <button type="button" class="btn btn-small btn-quiet" onClick={() => live().reconnect()}>
          {t("action.retry")}
        </button>
      </Show>
    </div>
  )
}

export const Shell = (props: RouteSectionProps) => {
  const location = useLocation()
  const navigate = useNavigate()
  const signedIn = () => currentSession() !== undefined

  createEffect(() => {
    if (!signedIn() && location.pathname !== "/signin") {
      navigate(`/signin?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true })
    }
  })

  const leave = () => {
    signOut()
    navigate("/signin", { replace: true })
  }

  return (
    <div class="console">
      <a class="skip-link" href="#main">
        {t("console.nav.skip")}
      </a>
      <header class="topbar">
        <A href="/" class="brand" end>
          {t("app.name")}
        </A>
        <Show when={signedIn()}>
          <nav aria-label={t("console.nav.label")}>
            <ul class="nav-list">
              <li>
                <A href="/" end>
                  {t("console.nav.home")}
                </A>
              </li>
              <li>
                <A href="/canvases">{t("console.nav.canvases")}</A>
              </li>
              <li>
                <A href="/coach">{t("coach.nav")}</A>
              </li>
              <Show when={hasRole("facilitator") || hasRole("admin")}>
                <li>
                  <A href="/library">{t("console.nav.library")}</A>
                </li>
                <li>
                  <A href="/journeys/new">{t("console.nav.journeys")}</A>
                </li>
              </Show>
              <Show when={hasRole("admin")}>
                <li>
                  <A href="/admin">{t("console.nav.admin")}</A>
                </li>
              </Show>
            </ul>
          </nav>
        </Show>
        <div class="topbar-end row">
          <Show when={signedIn()}>
            <ErrorBoundary fallback={null}>
              <LiveStatus />
            </ErrorBoundary>
          </Show>
          <LanguagePicker />
          <Show when={signedIn()}>
            <span class="muted who">{currentSession()?.user.name ?? currentSession()?.user.email}</span>
            <button type="button" class="btn btn-quiet" onClick={leave}>
              {t("action.signOut")}
            </button>
          </Show>
        </div>
      </header>
      <main id="main" tabindex="-1">
        {props.children}
      </main>
      <Toasts />
    </div>
  )
}
