/**
 * What the coach retrieves: passages from the cards the asker's organization
 * may use (its tier and packs, through the read store's row-level security)
 * and from the asker's own journal entries that carry consent for the AI
 * coach. Nothing else is ever a passage, so nothing else can be cited.
 *
 * Adapters fuse full-text and vector rankings (reciprocal rank fusion); the
 * embeddings that rank by meaning come from ml/embeddings.
 */
import { Data, type Effect } from "effect"

export interface Asker {
  readonly tenant: string
  readonly userId: string
  readonly roles: readonly string[]
}

export interface CardPassage {
  readonly kind: "card"
  readonly deckId: string
  readonly cardId: string
  readonly word: string
  readonly question: string
  readonly themes: readonly string[]
  /** Higher is better; comparable only within one answer. */
  readonly score: number
}

export interface EntryPassage {
  readonly kind: "entry"
  readonly entryId: string
  readonly title: string
  readonly text: string
  readonly writtenAt: string
  readonly score: number
}

export type Passage = CardPassage | EntryPassage

export interface RetrievalRequest {
  readonly asker: Asker
  readonly query: string
  /** At most this many passages of each kind. */
  readonly limit: number
  /** The asker's language (BCP 47), for the cards' texts. */
  readonly language?: string
  readonly include?: { readonly cards?: boolean; readonly entries?: boolean }
}

export class RetrievalUnavailable extends Data.TaggedError("RetrievalUnavailable")<{ readonly message: string; readonly cause?: unknown }> {
  readonly code = "unavailable" as const
}

/** A request the retriever will not run (a limit out of range, a question too long, an asker without an id): nothing was read. */
export class RetrievalRefused extends Data.TaggedError("RetrievalRefused")<{ readonly message: string }> {
  readonly code = "invalid_command" as const
}

/** The most passages of each kind one request may ask for. */
export const MAX_PASSAGES = 20
/** The longest question retrieval takes, in characters. */
export const MAX_QUERY_CHARS = 4_000

export interface Retriever {
  retrieve(request: RetrievalRequest): Effect.Effect<readonly Passage[], RetrievalUnavailable | RetrievalRefused>
}

/** A passage's stable reference, as citations carry it: `card:<deck>/<card>` or `entry:<id>`. */
export const passageRef = (passage: Passage): string =>
  passage.kind === "card" ? `card:${passage.deckId}/${passage.cardId}` : `entry:${passage.entryId}`
