/**
 * Journal entries are ranked by meaning at query time, not from a stored
 * vector table: a person's consented entries are few (the newest
 * MAX_ENTRIES are looked at), their private text never leaves the journal's
 * own table as a second copy, and a withdrawn consent or a deleted entry is
 * gone from the very next question with nothing to clean up. Vectors are
 * kept in memory per (model, tenant, entry, last edit), so an entry is
 * embedded once per process until it changes.
 */
import { Effect } from "effect"
import { cosineSimilarity, hasDirection, type Embeddings, type EmbeddingsUnavailable } from "../embeddings/port.ts"
import type { EntryRow } from "./rankings.ts"

/** How many of the asker's newest consented entries are ranked by meaning. */
export const MAX_ENTRIES = 200
/** Vectors kept in memory across askers; the oldest use goes first. */
const CACHE_ENTRIES = 20_000

export const entryText = (entry: EntryRow): string => [entry.title, entry.body, entry.tags.join(" ")].filter((part) => part.length > 0).join("\n")

export const makeEntryVectors = (embeddings: Embeddings) => {
  const cache = new Map<string, Float32Array>()
  const keyOf = (tenant: string, entry: EntryRow) => `${embeddings.model}\u0000${tenant}\u0000${entry.entryId}\u0000${entry.updatedAt}`

  const vectorsOf = (tenant: string, entries: readonly EntryRow[]): Effect.Effect<Float32Array[], EmbeddingsUnavailable> =>
    Effect.gen(function* () {
      const missing = entries.filter((entry) => !cache.has(keyOf(tenant, entry)))
      if (missing.length > 0) {
        const vectors = yield* embeddings.embed(missing.map(entryText))
        missing.forEach((entry, i) => cache.set(keyOf(tenant, entry), vectors[i]!))
        while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!)
      }
      return entries.map((entry) => {
        const key = keyOf(tenant, entry)
        const vector = cache.get(key)!
        // Refresh its place in the insertion order, which is the eviction order.
        cache.delete(key)
        cache.set(key, vector)
        return vector
      })
    })

  /** `entries` nearest to `query` first; entries with no direction are left out. */
  const rank = (tenant: string, query: Float32Array, entries: readonly EntryRow[], limit: number) =>
    Effect.map(vectorsOf(tenant, entries), (vectors) =>
      entries
        .map((entry, i) => ({ entry, vector: vectors[i]! }))
        .filter(({ vector }) => hasDirection(vector))
        .map(({ entry, vector }) => ({ entry, similarity: cosineSimilarity(query, vector) }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, limit)
        .map(({ entry }) => entry),
    )

  return { rank }
}
