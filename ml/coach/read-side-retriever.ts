/**
 * The coach's Retriever on a node whose read store lives in the read-side
 * worker: it asks the read side's `passages` query as the asker, so the
 * worker runs ml/retrieval's retriever inside a viewer transaction (row-level
 * security decides which cards and entries exist) and the node's response
 * cache keeps answers only as long as the asker's tenant has not changed.
 */
import { Effect } from "effect"
import { negotiateLanguage } from "../../actors/content-language.ts"
import type { User } from "../../engine/actor-kind.ts"
import type { ReadService } from "../../projections/reads/service.ts"
import { RetrievalUnavailable, type Passage, type RetrievalRequest, type Retriever } from "../retrieval/port.ts"

export const readSideRetriever = (reads: ReadService): Retriever => {
  const retrieve = (request: RetrievalRequest) =>
    Effect.tryPromise({
      try: async () => {
        const user: User = { id: request.asker.userId, tenant: request.asker.tenant, roles: request.asker.roles as User["roles"] }
        const language = negotiateLanguage(request.language?.split("-")[0], undefined)
        // Only what the caller asked for is retrieved at all: the copilot's card search never reads the facilitator's entries.
        const cards = request.include?.cards ?? true
        const entries = request.include?.entries ?? true
        if (!cards && !entries) return []
        const only = cards && entries ? {} : { only: cards ? ("cards" as const) : ("entries" as const) }
        const outcome = await reads.read(user, { name: "passages", params: { q: request.query, limit: request.limit, language, ...only } })
        if (!outcome.ok) throw new Error(`the read side answered ${outcome.error.code}: ${outcome.error.detail.slice(0, 200)}`)
        return (JSON.parse(outcome.value) as { passages: readonly Passage[] }).passages
      },
      catch: (cause) => new RetrievalUnavailable({ message: cause instanceof Error ? cause.message : String(cause), cause }),
    })
  return { retrieve }
}
