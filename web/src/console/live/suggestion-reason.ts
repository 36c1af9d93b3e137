/**
 * Why a card is suggested, in the facilitator's language: the server sends
 * a reason code with its parameters (the phase, the themes the card shares
 * with the moment, named in the request's language) and the same reason in
 * English. A code this console does not know, or one missing its
 * parameters, shows the English text rather than nothing.
 */
import { locale, t, type MessageKey } from "../../i18n/i18n.ts"

export interface SuggestionReason {
  readonly code: string
  /** The reason in English, as the API has always sent it. */
  readonly text: string
  readonly params?: { readonly phase?: string; readonly themes?: readonly string[] }
}

const PHASE_KEYS: Readonly<Record<string, MessageKey>> = { Pause: "phase.Pause", Expand: "phase.Expand", Focus: "phase.Focus", Doing: "phase.Doing" }

const themeList = (themes: readonly string[]): string => new Intl.ListFormat(locale(), { style: "short", type: "unit" }).format(themes)

export const reasonText = (reason: SuggestionReason): string => {
  const phaseKey = reason.params?.phase === undefined ? undefined : PHASE_KEYS[reason.params.phase]
  const phase = phaseKey ? t(phaseKey) : undefined
  const themes = reason.params?.themes && reason.params.themes.length > 0 ? themeList(reason.params.themes) : undefined
  switch (reason.code) {
    case "group-phase":
      return phase && themes ? t("console.suggested.reason.groupPhase", { phase, themes }) : reason.text
    case "session-themes":
      return themes ? t("console.suggested.reason.sessionThemes", { themes }) : reason.text
    case "phase-themes":
      return phase && themes ? t("console.suggested.reason.phaseThemes", { phase, themes }) : reason.text
    case "often-picked":
      return phase ? t("console.suggested.reason.oftenPickedIn", { phase }) : reason.params ? t("console.suggested.reason.oftenPicked") : reason.text
    case "no-themes-yet":
      return t("console.suggested.reason.noThemesYet")
    case "other-themes":
      return t("console.suggested.reason.otherThemes")
    default:
      return reason.text
  }
}
