/**
 * What the canvas board needs to know around a canvas opened from the
 * console: the organization's people (names, and whom to share with) and
 * the library cards this user may drag onto it.
 */
import type { LibraryCard } from "../../canvas/board-props.ts"
import type { CardImage, DeckList } from "../api-types.ts"
import { deckArt, type CardArt } from "../card-art.ts"
import { api } from "../store.ts"

export interface OrgMember {
  readonly id: string
  readonly name: string
  readonly email: string
  readonly status: "active" | "disabled"
}

/** The organization's members (GET /api/users: facilitators and admins), or none when this user may not list them. */
export const loadMembers = async (): Promise<readonly OrgMember[]> => {
  try {
    return (await api().get<{ members: OrgMember[] }>("/api/users")).members
  } catch {
    return []
  }
}

/** A card's picture as the board draws it: inline SVG, or an address. */
export const boardImage = (image: CardImage | null): NonNullable<LibraryCard["face"]["image"]> | undefined => {
  if (image?.svg) return { kind: "svg", svg: image.svg }
  if (image?.url) return { kind: "url", url: image.url }
  return undefined
}

export const libraryCard = (cardId: string, art: CardArt): LibraryCard => {
  const image = boardImage(art.image)
  return { cardId, face: { word: art.word, question: art.question, ...(image ? { image } : {}) } }
}

/** Every card of the decks this user's licence allows, in the UI's language; a deck that cannot be read is left out. */
export const loadLibraryCards = async (): Promise<LibraryCard[]> => {
  const { decks } = await api().get<DeckList>("/api/decks")
  const arts = await Promise.all(decks.filter((deck) => deck.allowed).map((deck) => deckArt(deck.deckId).catch(() => new Map<string, CardArt>())))
  return arts.flatMap((art) => [...art].map(([cardId, face]) => libraryCard(cardId, face)))
}
