/**
 * The moment a recommendation is for: the session's phase, the themes of
 * the cards it has seen so far (dealt, picked, placed), the cards the
 * group chose, and what this group's members chose in the same phase
 * before (in earlier sessions too): how "groups like this" are recognised. Built the same way for training, evaluation and serving, so
 * the model sees at serving time exactly the kind of context it learnt from.
 */
import type { Interaction, Phase } from "./interactions.ts"

export interface CardInfo {
  readonly cardId: string
  readonly word: string
  readonly themes: readonly string[]
}

export interface MomentContext {
  readonly phase: Phase | null
  /** Theme -> weight: picks and placements count 1, dealt cards 0.5. */
  readonly themes: ReadonlyMap<string, number>
  /** Cards the group picked or placed in this session, oldest first. */
  readonly chosen: readonly string[]
  /** Cards dealt in this session, oldest first. */
  readonly dealt: readonly string[]
  /** Theme -> how often the group's members chose a card with it in this phase before now, in any session. */
  readonly groupThemes: ReadonlyMap<string, number>
}

export const EMPTY_CONTEXT: MomentContext = { phase: null, themes: new Map(), chosen: [], dealt: [], groupThemes: new Map() }

const DEALT_WEIGHT = 0.5

/** Folds a session's interactions, in time order, into its context. */
export class SessionContexts {
  private readonly sessions = new Map<string, { themes: Map<string, number>; chosen: string[]; dealt: string[] }>()
  /** `tenant/user/phase` -> theme counts of that member's choices. */
  private readonly members = new Map<string, Map<string, number>>()

  constructor(private readonly themesOf: (cardId: string) => readonly string[]) {}

  observe(interaction: Interaction): void {
    const key = `${interaction.tenantId}/${interaction.sessionId}`
    let state = this.sessions.get(key)
    if (!state) this.sessions.set(key, (state = { themes: new Map(), chosen: [], dealt: [] }))
    const weight = interaction.kind === "draw" ? DEALT_WEIGHT : 1
    for (const theme of this.themesOf(interaction.cardId)) state.themes.set(theme, (state.themes.get(theme) ?? 0) + weight)
    if (interaction.kind === "draw") {
      state.dealt.push(interaction.cardId)
      return
    }
    state.chosen.push(interaction.cardId)
    if (!interaction.phase) return
    const memberKey = `${interaction.tenantId}/${interaction.userId}/${interaction.phase}`
    const history = this.members.get(memberKey) ?? new Map<string, number>()
    this.members.set(memberKey, history)
    for (const theme of this.themesOf(interaction.cardId)) history.set(theme, (history.get(theme) ?? 0) + 1)
  }

  contextOf(tenantId: string, sessionId: string, phase: Phase | null, participants: Iterable<string> = []): MomentContext {
    const state = this.sessions.get(`${tenantId}/${sessionId}`)
    const groupThemes = new Map<string, number>()
    if (phase) {
      for (const userId of participants) {
        for (const [theme, n] of this.members.get(`${tenantId}/${userId}/${phase}`) ?? []) groupThemes.set(theme, (groupThemes.get(theme) ?? 0) + n)
      }
    }
    return state
      ? { phase, themes: new Map(state.themes), chosen: [...state.chosen], dealt: [...state.dealt], groupThemes }
      : { ...EMPTY_CONTEXT, phase, groupThemes }
  }
}

export const themeIndex = (cards: readonly CardInfo[]): Map<string, readonly string[]> => new Map(cards.map((card) => [card.cardId, card.themes]))

/**
 * Each group choice with the context just before it, in time order: what a
 * recommender could have known when the group made that choice.
 */
export const choicesWithContext = (
  interactions: readonly Interaction[],
  cards: readonly CardInfo[],
  participants: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): Array<{ interaction: Interaction; context: MomentContext }> => {
  const themes = themeIndex(cards)
  const contexts = new SessionContexts((cardId) => themes.get(cardId) ?? [])
  const out: Array<{ interaction: Interaction; context: MomentContext }> = []
  // Choices revealed together (one reveal) do not see each other: each is predicted from what came before the reveal.
  let i = 0
  while (i < interactions.length) {
    let j = i
    while (j < interactions.length && interactions[j]!.at === interactions[i]!.at && interactions[j]!.sessionId === interactions[i]!.sessionId) j++
    for (let k = i; k < j; k++) {
      const interaction = interactions[k]!
      if (interaction.kind !== "draw")
        out.push({
          interaction,
          context: contexts.contextOf(
            interaction.tenantId,
            interaction.sessionId,
            interaction.phase,
            participants.get(`${interaction.tenantId}/${interaction.sessionId}`) ?? [],
          ),
        })
    }
    for (let k = i; k < j; k++) contexts.observe(interactions[k]!)
    i = j
  }
  return out
}
