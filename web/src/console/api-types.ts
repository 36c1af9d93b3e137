/** The shapes of the HTTP API's answers the console reads (see /api/openapi.json of a running node). */
import type { Plan } from "../../../actors/journey/activity.ts"

export type { Plan }

export interface SessionSummary {
  readonly id: string
  readonly title: string
  readonly status: "open" | "ended"
  readonly phase: string | null
  readonly locked: boolean
  readonly facilitatorIds: readonly string[]
  readonly participantCount: number
  readonly createdAt: string
  readonly endedAt: string | null
}

export interface TemplateSummary {
  readonly templateId: string
  readonly title: string
  readonly description: string
  readonly activities: Readonly<Record<string, number>>
}

export interface Template {
  readonly templateId: string
  readonly title: string
  readonly description: string
  readonly plan: Plan
}

export interface JourneyVersion {
  readonly version: number
  readonly title: string
  readonly description: string
  readonly plan: Plan
  readonly note?: string
  readonly publishedAt: number
}

export interface Journey {
  readonly id: string
  readonly status: "active" | "archived"
  readonly ownerId: string | null
  readonly templateId: string | null
  readonly versions: readonly JourneyVersion[]
}

export interface SessionStarted {
  readonly addr: string
  readonly code: string
  readonly seq: number
  readonly journey: { readonly journeyId: string; readonly version: number }
}

export interface DeckSummary {
  readonly deckId: string
  readonly title: string
  readonly description: string
  readonly language: string
  readonly tier: string
  readonly packId: string | null
  readonly builtIn: boolean
  readonly allowed: boolean
  readonly cards: number
  readonly usableCards: number
}

export interface DeckList {
  readonly licence: { readonly tier: string; readonly packs: readonly string[] }
  readonly decks: readonly DeckSummary[]
}

export interface CardImage {
  readonly kind?: string
  readonly svg?: string
  readonly url?: string
}

export interface LibraryCard {
  readonly id: string
  readonly deck: string
  readonly deckTitle: string
  readonly word: string
  readonly question: string
  readonly themes: readonly string[]
  readonly tags: readonly string[]
  readonly language: string
  readonly tier: string
  readonly packId: string | null
  readonly usable: boolean
  readonly image?: CardImage | null
  readonly distance?: number
}

/** The recap as the caller may see it (actors/session/recap.ts). */
export interface Recap {
  readonly recapVersion: number
  readonly session: {
    readonly id: string
    readonly title: string
    readonly status: string
    readonly journey: { readonly journeyId: string; readonly version: number; readonly title: string } | null
    readonly createdAt: string | null
    readonly endedAt: string | null
    readonly minutes: number | null
    readonly facilitators: readonly string[]
    readonly coFacilitators: readonly { readonly userId: string; readonly name: string; readonly powers: readonly string[] }[]
  }
  readonly attendance: readonly {
    readonly userId: string
    readonly name: string
    readonly joinedAt: string | null
    readonly leftAt: string | null
    readonly removed: boolean
  }[]
  readonly timeline: readonly {
    readonly at: string | null
    readonly phase: string | null
    readonly activity: number | null
    readonly activityTitle: string | null
  }[]
  readonly draws: readonly {
    readonly drawId: string
    readonly deck: string
    readonly faceDown: boolean
    readonly count: number
    readonly at: string | null
    readonly cards: readonly string[]
  }[]
  readonly picks: readonly {
    readonly drawId: string
    readonly userId: string
    readonly name: string
    readonly cardId: string
    readonly word: string
    readonly revealed: boolean
  }[]
  readonly polls: readonly {
    readonly question: string
    readonly mode: string
    readonly anonymous: boolean
    readonly status: string
    readonly voters: number
    readonly options: readonly { readonly label: string; readonly count: number | null }[]
  }[]
  readonly breakouts: {
    readonly status: string
    readonly startedAt: string | null
    readonly rooms: readonly { readonly name: string; readonly members: readonly string[] }[]
  } | null
}
