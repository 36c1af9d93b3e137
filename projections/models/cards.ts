/**
 * The card library: photo cards of a tenant, loaded from a JSON deck file
 * (card events do not exist yet; when they do, a projection will write the
 * same tables). With pgvector, each card also gets an embedding behind an
 * HNSW index, for search by meaning.
 *
 * Deck file: { "deck": "<name>", "cards": [{ "id", "title", "description"?, "tags"?, "imageUrl"? }] }
 */
import { Data, Effect, Schema } from "effect"
import { NAME_PATTERN } from "../../engine/address.ts"
import { vectorLiteral, type Embeddings, type EmbeddingsUnavailable } from "../embeddings/port.ts"
import type { ReadStore, ReadStoreError } from "../store/port.ts"
import { toJsonParam } from "./bulk.ts"

const Name = Schema.String.check(Schema.isPattern(NAME_PATTERN, { message: "must be 1-64 characters of A-Z a-z 0-9 _ -" }))
const Title = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200))

export const DeckCard = Schema.Struct({
  id: Name,
  title: Title,
  description: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(2000))),
  tags: Schema.optionalKey(Schema.Array(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(40))).check(Schema.isMaxLength(20))),
  imageUrl: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(2000), Schema.isPattern(/^(https?:\/\/|\/)/, { message: "must be an http(s) URL or a path" }))),
})
export const DeckFile = Schema.Struct({ deck: Name, cards: Schema.Array(DeckCard).check(Schema.isMinLength(1), Schema.isMaxLength(5000)) })
export type DeckFile = typeof DeckFile.Type

export class InvalidDeck extends Data.TaggedError("InvalidDeck")<{ readonly message: string }> {
  readonly code = "invalid_command" as const
}

export interface DeckLoaded {
  readonly deck: string
  readonly cards: number
  /** 0 when the store has no pgvector; `vectorNote` then says why. */
  readonly embedded: number
  readonly vectorNote?: string
}

const decodeDeck = (input: unknown): DeckFile | InvalidDeck => {
  const decoded = Schema.decodeUnknownExit(DeckFile)(input)
  if (decoded._tag === "Failure") return new InvalidDeck({ message: `deck file: ${String(decoded.cause).split("\n").slice(0, 6).join(" ")}` })
  const seen = new Set<string>()
  for (const card of decoded.value.cards) {
    if (seen.has(card.id)) return new InvalidDeck({ message: `deck file: card id ${card.id} appears twice` })
    seen.add(card.id)
  }
  return decoded.value
}

/** The text a card is embedded and searched by. */
export const cardText = (card: { readonly title: string; readonly description?: string; readonly tags?: readonly string[] }) =>
  [card.title, card.description ?? "", ...(card.tags ?? [])].join(". ")

/** Validates the whole deck, then writes it in one transaction: a bad deck changes nothing. */
export const loadDeck = (store: ReadStore, embeddings: Embeddings, tenant: string, input: unknown): Effect.Effect<DeckLoaded, InvalidDeck | ReadStoreError | EmbeddingsUnavailable> =>
  Effect.gen(function* () {
    if (!NAME_PATTERN.test(tenant)) return yield* new InvalidDeck({ message: `tenant ${JSON.stringify(tenant)} is not a valid tenant name` })
    const deck = decodeDeck(input)
    if (deck instanceof InvalidDeck) return yield* deck
    const vectors = store.vector.available ? yield* embeddings.embed(deck.cards.map(cardText)) : []
    const rows = deck.cards.map((card) => ({
      tenant_id: tenant, card_id: card.id, deck: deck.deck, title: card.title, description: card.description ?? "", tags: card.tags ?? [], image_url: card.imageUrl ?? null,
    }))
    // A text of stopwords only has no direction: it cannot be found by meaning, so it gets no vector.
    const embedded = vectors.flatMap((vector, i) => (vector.some((x) => x !== 0) ? [{ tenant_id: tenant, card_id: deck.cards[i]!.id, model: embeddings.model, embedding: vectorLiteral(vector) }] : []))
    yield* store.asOwner(async (sql) => {
      await sql.query(
        `insert into cards (tenant_id, card_id, deck, title, description, tags, image_url)
         select tenant_id, card_id, deck, title, description, tags, image_url
           from jsonb_to_recordset($1::text::jsonb) as r(tenant_id text, card_id text, deck text, title text, description text, tags text[], image_url text)
         on conflict (tenant_id, card_id) do update set deck = excluded.deck, title = excluded.title, description = excluded.description, tags = excluded.tags, image_url = excluded.image_url`,
        [toJsonParam(rows)],
      )
      if (!store.vector.available) return
      await sql.query("delete from card_vectors where tenant_id = $1 and card_id = any($2::text[])", [tenant, deck.cards.map((c) => c.id)])
      await sql.query(
        `insert into card_vectors (tenant_id, card_id, model, embedding)
         select tenant_id, card_id, model, embedding::vector from jsonb_to_recordset($1::text::jsonb) as r(tenant_id text, card_id text, model text, embedding text)`,
        [toJsonParam(embedded)],
      )
    })
    return { deck: deck.deck, cards: rows.length, embedded: embedded.length, ...(store.vector.available ? {} : { vectorNote: store.vector.reason }) }
  })
