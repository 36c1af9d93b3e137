/** What a screen gives the canvas board: who is looking, where the canvas is, and what it knows about the people and cards around it. */
import type { User } from "../../../engine/actor-kind.ts"
import type { CardFace } from "../../../actors/canvas/drawing.ts"
import type { Api, Live } from "../client/types.ts"
import type { Viewport } from "./viewport.ts"

export interface LibraryCard {
  readonly cardId: string
  readonly face: CardFace
}

export interface Member {
  readonly userId: string
  readonly name: string
}

export interface CanvasBoardProps {
  readonly api: Api
  readonly live: Live
  /** The viewer as the canvas's rules see them (a guest carries its session). */
  readonly user: User
  /** `canvas/<id>`. */
  readonly addr: string
  /** A name for a member id (a session's participants, the organization's users); the id itself when unknown. */
  readonly nameOf: (userId: string) => string
  /** People the canvas can be shared with (the session's members), for the share picker. */
  readonly members?: () => readonly Member[]
  /** Cards that can be dragged onto the canvas, and the faces of cards already on it. */
  readonly cards: () => readonly LibraryCard[]
  /**
   * Called once when the board first needs card faces: the Cards panel
   * opened, or a card is on the canvas. A screen whose cards cost something
   * to read (the library records each opening of licensed cards) loads them
   * only then.
   */
  readonly wantCards?: () => void
  /** Whose "bring everyone to my view" to follow: the session's facilitators. */
  readonly leads?: (userId: string) => boolean
  /** A phone: fewer tools at once, bigger targets. */
  readonly compact?: boolean
  /** Called when a JSON import made a new canvas (the console opens it). */
  readonly imported?: (addr: string) => void
  /** A view to open at (a summon that brought the member here). */
  readonly initialView?: Viewport
  /**
   * Told how this member's view of the canvas goes: "open" once it shows
   * (joined, readable), "refused" when access is revoked or refused,
   * "closed" when the board goes away. A participant's screen uses it to
   * know which shared canvases are already in front of them.
   */
  readonly onAccess?: (access: "open" | "refused" | "closed") => void
}
