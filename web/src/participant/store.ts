/**
 * The participant app's one API client and one live connection, created on
 * first use: a guest's tokens live in sessionStorage (this tab), so a reload
 * keeps the person in their session and resends whatever was not yet saved.
 */
import { createApi, createLive, type Api, type Live } from "../client/index.ts"
import { locale } from "../i18n/i18n.ts"

let api: Api | undefined
let live: Live | undefined

/** Built-in content (the cards dealt) comes in the language the participant chose. */
export const participantApi = (): Api => (api ??= createApi({ language: locale }))

export const participantLive = (): Live => (live ??= createLive({ auth: participantApi().auth }))

const SESSION_KEY = "studio.participant.session"

/** The session this tab joined (`session/<id>`), kept across reloads. */
export const joinedSession = (): string | undefined => globalThis.sessionStorage?.getItem(SESSION_KEY) ?? undefined
export const rememberSession = (addr: string): void => globalThis.sessionStorage?.setItem(SESSION_KEY, addr)
export const forgetSession = (): void => globalThis.sessionStorage?.removeItem(SESSION_KEY)
