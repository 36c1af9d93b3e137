/**
 * Why a card is suggested, as data the console words in the facilitator's
 * language: a code, its parameters (the phase, the themes the card shares
 * with the moment), and the same sentence in English as `text`, which the
 * API has always carried and keeps carrying for clients that read only it.
 *
 * Theme parameters are the card's own theme labels; the route hands them
 * over in the request's language (`reasonIn`), as it would show the card.
 */
import { themeIn } from "../../actors/cards/sample-deck/localized.ts"
import type { ContentLanguage } from "../../actors/content-language.ts"
import { PHASE_THEMES } from "./baselines.ts"
import type { CardInfo, MomentContext } from "./context.ts"
import type { Phase } from "./interactions.ts"

/**
 * - `group-phase`: this group's members chose cards with these themes in this phase before.
 * - `session-themes`: the card shares themes with the cards this session has seen.
 * - `phase-themes`: the card's themes suit the current phase.
 * - `often-picked`: the model ranks it high; nothing more specific to say (with the phase when there is one).
 * - `no-themes-yet`: content similarity with nothing to go on yet: the session has seen no themes (was `phase-themes` before codes had parameters).
 * - `other-themes`: content similarity found too few cards close to the moment, and this one shares none of the session's themes
 *   (it used to say "no themes in this session yet", which was untrue).
 */
export type ReasonCode = "group-phase" | "session-themes" | "phase-themes" | "often-picked" | "no-themes-yet" | "other-themes"

export interface ReasonParams {
  readonly phase?: Phase
  readonly themes?: readonly string[]
}

export interface Reason {
  readonly code: ReasonCode
  readonly params: ReasonParams
  /** The reason in English: what the API has carried from the start. */
  readonly text: string
}

const shared = (card: CardInfo, themes: ReadonlyMap<string, number>) =>
  card.themes.filter((t) => (themes.get(t) ?? themes.get(t.toLowerCase()) ?? 0) > 0)

/** The strongest thing the moment and the card have in common, in words a facilitator reads at a glance. */
export const reasonFor = (card: CardInfo, context: MomentContext, method: "model" | "content"): Reason => {
  const phase = context.phase
  const group = shared(card, context.groupThemes)
  if (phase && group.length > 0)
    return { code: "group-phase", params: { phase, themes: group }, text: `often picked in ${phase} by groups like this (${group.join(", ")})` }
  const session = shared(card, context.themes)
  if (session.length > 0)
    return { code: "session-themes", params: { themes: session }, text: `close to this session's themes (${session.join(", ")})` }
  const phaseThemes = phase ? card.themes.filter((t) => PHASE_THEMES[phase].includes(t.toLowerCase())) : []
  if (phase && phaseThemes.length > 0)
    return { code: "phase-themes", params: { phase, themes: phaseThemes }, text: `suits the ${phase} phase (${phaseThemes.join(", ")})` }
  if (method === "model")
    return phase
      ? { code: "often-picked", params: { phase }, text: `often picked in ${phase}` }
      : { code: "often-picked", params: {}, text: "often picked" }
  if (context.themes.size > 0) return { code: "other-themes", params: {}, text: "another direction: none of this session's themes" }
  return { code: "no-themes-yet", params: {}, text: "a start: no themes in this session yet" }
}

/** The reason with its theme labels in `language` (the built-in decks' themes have translations; others stay as written). The English text stays English. */
export const reasonIn = (reason: Reason, language: ContentLanguage): Reason =>
  reason.params.themes && language !== "en"
    ? { ...reason, params: { ...reason.params, themes: reason.params.themes.map((theme) => themeIn(theme, language)) } }
    : reason
