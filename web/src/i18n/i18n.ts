/**
 * One message catalogue for every screen: English is the source and the
 * type (a missing or misspelt key is a type error), the other languages
 * translate it and fall back to English key by key. Dates, times and numbers
 * go through Intl in the chosen locale; Hebrew sets `dir="rtl"` on the
 * document so the layout (written with logical properties) mirrors.
 *
 * The catalogue comes in groups (common, participant, console, journal,
 * canvas): each app names the groups its screens use (`useMessages`, before
 * `setLocale`), so a participant's phone never downloads the console's words,
 * in English or in any other language.
 */
import { createRoot, createSignal } from "solid-js"
import type { Messages } from "./messages/en.ts"
import { common } from "./messages/en/common.ts"

export type Locale = "en" | "he" | "es" | "de" | "fr"
export type MessageKey = keyof Messages

export const LOCALES: ReadonlyArray<{ readonly code: Locale; readonly name: string }> = [
  { code: "en", name: "English" },
  { code: "he", name: "עברית" },
  { code: "es", name: "Español" },
  { code: "de", name: "Deutsch" },
  { code: "fr", name: "Français" },
]

const RTL = new Set<Locale>(["he"])
const STORAGE_KEY = "studio.locale"

export type MessageGroup = "participant" | "console" | "journal" | "canvas" | "coach" | "insights"
type Loader = () => Promise<Partial<Messages>>

/** Translations load on demand, group by group: a phone in English never downloads Hebrew, nor anyone the console's words they do not use. */
const loaders: Record<Exclude<Locale, "en">, Record<"common" | MessageGroup, Loader>> = {
  he: {
    common: () => import("./messages/he/common.ts").then((m) => m.common),
    participant: () => import("./messages/he/participant.ts").then((m) => m.participant),
    console: () => import("./messages/he/console.ts").then((m) => m.console_),
    journal: () => import("./messages/he/journal.ts").then((m) => m.journal),
    canvas: () => import("./messages/he/canvas.ts").then((m) => m.canvas),
    coach: () => import("./messages/he/coach.ts").then((m) => m.coach),
    insights: () => import("./messages/he/insights.ts").then((m) => m.insights),
  },
  es: {
    common: () => import("./messages/es/common.ts").then((m) => m.common),
    participant: () => import("./messages/es/participant.ts").then((m) => m.participant),
    console: () => import("./messages/es/console.ts").then((m) => m.console_),
    journal: () => import("./messages/es/journal.ts").then((m) => m.journal),
    canvas: () => import("./messages/es/canvas.ts").then((m) => m.canvas),
    coach: () => import("./messages/es/coach.ts").then((m) => m.coach),
    insights: () => import("./messages/es/insights.ts").then((m) => m.insights),
  },
  de: {
    common: () => import("./messages/de/common.ts").then((m) => m.common),
    participant: () => import("./messages/de/participant.ts").then((m) => m.participant),
    console: () => import("./messages/de/console.ts").then((m) => m.console_),
    journal: () => import("./messages/de/journal.ts").then((m) => m.journal),
    canvas: () => import("./messages/de/canvas.ts").then((m) => m.canvas),
    coach: () => import("./messages/de/coach.ts").then((m) => m.coach),
    insights: () => import("./messages/de/insights.ts").then((m) => m.insights),
  },
  fr: {
    common: () => import("./messages/fr/common.ts").then((m) => m.common),
    participant: () => import("./messages/fr/participant.ts").then((m) => m.participant),
    console: () => import("./messages/fr/console.ts").then((m) => m.console_),
    journal: () => import("./messages/fr/journal.ts").then((m) => m.journal),
    canvas: () => import("./messages/fr/canvas.ts").then((m) => m.canvas),
    coach: () => import("./messages/fr/coach.ts").then((m) => m.coach),
    insights: () => import("./messages/fr/insights.ts").then((m) => m.insights),
  },
}

/** The English of the groups this app uses; `common` is always there. */
const english: Partial<Messages> = { ...common }
let groups: readonly MessageGroup[] = []

/** Names the groups this app's screens use, with their English (the source every translation falls back to). Call before `setLocale`. */
export const useMessages = (given: Partial<Record<MessageGroup, Partial<Messages>>>): void => {
  Object.assign(english, ...Object.values(given))
  groups = Object.keys(given) as MessageGroup[]
}

const isLocale = (value: string | null | undefined): value is Locale => LOCALES.some((l) => l.code === value)

/** The saved choice, else the first of the browser's languages we speak, else English. */
export const preferredLocale = (): Locale => {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
  if (isLocale(saved)) return saved
  for (const tag of globalThis.navigator?.languages ?? []) {
    const base = tag.toLowerCase().split("-")[0]
    if (base === "iw") return "he"
    if (isLocale(base)) return base
  }
  return "en"
}

const state = createRoot(() => {
  const [locale, setLocaleSignal] = createSignal<Locale>("en")
  const [catalogue, setCatalogue] = createSignal<Partial<Messages>>({})
  return { locale, setLocaleSignal, catalogue, setCatalogue }
})

export const locale = state.locale

/** Switches the language (loading its catalogue first), remembers it, and turns the page's direction. */
export const setLocale = async (next: Locale): Promise<void> => {
  const messages =
    next === "en" ? {} : Object.assign({}, ...(await Promise.all((["common", ...groups] as const).map((group) => loaders[next][group]()))))
  state.setCatalogue(messages)
  state.setLocaleSignal(next)
  globalThis.localStorage?.setItem(STORAGE_KEY, next)
  const root = globalThis.document?.documentElement
  if (root) {
    root.lang = next
    root.dir = RTL.has(next) ? "rtl" : "ltr"
  }
}

export const isRtl = (): boolean => RTL.has(locale())

/** The message for `key` in the current language, with `{name}` placeholders filled from `params`. */
export const t = (key: MessageKey, params?: Readonly<Record<string, string | number>>): string => {
  // A key of a group this app did not name shows as itself rather than breaking the screen.
  const template = state.catalogue()[key] ?? english[key] ?? key
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    return value === undefined ? whole : typeof value === "number" ? formatNumber(value) : value
  })
}

/** `one` or `other` by the locale's plural rules: t(plural(n, "picks.one", "picks.other"), {count: n}). */
export const plural = <K extends MessageKey>(count: number, one: K, other: K): K =>
  new Intl.PluralRules(locale()).select(count) === "one" ? one : other

export const formatNumber = (value: number): string => new Intl.NumberFormat(locale()).format(value)

export const formatDateTime = (epochMs: number, options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" }): string =>
  new Intl.DateTimeFormat(locale(), options).format(epochMs)

/** mm:ss (or h:mm:ss) for a countdown, digits in the locale's numbering. */
export const formatDuration = (ms: number): string => {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  const two = (n: number) => new Intl.NumberFormat(locale(), { minimumIntegerDigits: 2 }).format(n)
  return hours > 0 ? `${formatNumber(hours)}:${two(minutes)}:${two(seconds)}` : `${formatNumber(minutes)}:${two(seconds)}`
}
