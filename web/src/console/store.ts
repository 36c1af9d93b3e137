/**
 * The console's one API client and one live connection (one per tab), and
 * the signed-in user as a signal every screen reads. Tokens live in this
 * tab's sessionStorage (the client's default), so a reload keeps the
 * facilitator signed in and resends whatever was not yet acknowledged.
 */
import { createRoot, createSignal } from "solid-js"
import { createApi, createLive, type Api, type Live, type Session } from "../client/index.ts"
import { locale } from "../i18n/i18n.ts"

let apiClient: Api | undefined
let liveClient: Live | undefined

/** The HTTP API client, created on first use; built-in content comes in the UI's language. */
export const api = (): Api => (apiClient ??= createApi({ language: locale }))
/** The live connection, created on first use (it connects whenever there is a token). */
export const live = (): Live => (liveClient ??= createLive({ auth: api().auth }))

const auth = createRoot(() => {
  const [session, setSession] = createSignal<Session | undefined>(undefined)
  let wired = false
  const wire = () => {
    if (wired) return
    wired = true
    try {
      setSession(api().session())
      api().onSession((next) => setSession(next))
    } catch {
      // The client could not start (it is still being written, or storage is blocked): signed out.
    }
  }
  return { session, wire }
})

/** The signed-in session (token, user), or undefined when signed out. */
export const currentSession = (): Session | undefined => {
  auth.wire()
  return auth.session()
}

export const me = (): string => currentSession()?.user.id ?? ""

export const hasRole = (role: string): boolean => currentSession()?.user.roles.includes(role) ?? false

export const signOut = (): void => {
  api().signOut()
}
