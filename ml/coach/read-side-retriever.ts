/**
 * The coach's Retriever on a node whose read store lives in the read-side
 * worker: it asks the read API's `/coach/passages` as the asker, so the
 * worker runs ml/retrieval's retriever inside a viewer transaction (row-level
 * security decides which cards and entries exist) and the node's response
 * cache keeps answers only as long as the asker's tenant has not changed.
 */
import { Effect } from "effect"
import { Hono } from "hono"
import type { User } from "../../engine/actor-kind.ts"
import type { ReadApiEnv } from "../../projections/http/read-api.ts"
import { RetrievalUnavailable, type Passage, type RetrievalRequest, type Retriever } from "../retrieval/port.ts"

/** Carries the asker inside this process only: the wrapper app is never served. */
const ASKER_HEADER = "x-studio-coach-asker"

export const readSideRetriever = (readApi: Hono<ReadApiEnv>): Retriever => {
  const asAsker = new Hono<ReadApiEnv>()
  asAsker.use("*", async (c, next) => {
    c.set("user", JSON.parse(c.req.header(ASKER_HEADER) ?? "null") as User)
    await next()
  })
  // The worker answers paths as the gateway mounts them, under /api.
  asAsker.route("/api", readApi)

  const retrieve = (request: RetrievalRequest) =>
    Effect.tryPromise({
      try: async () => {
        const query = new URLSearchParams({ q: request.query, limit: String(request.limit) })
        if (request.language) query.set("lang", request.language.split("-")[0]!)
        const user: User = { id: request.asker.userId, tenant: request.asker.tenant, roles: request.asker.roles as User["roles"] }
        const response = await asAsker.request(`/api/coach/passages?${query}`, { headers: { [ASKER_HEADER]: JSON.stringify(user) } })
        if (response.status !== 200) throw new Error(`the read side answered ${response.status}: ${(await response.text()).slice(0, 200)}`)
        return ((await response.json()) as { passages: readonly Passage[] }).passages
      },
      catch: (cause) => new RetrievalUnavailable({ message: cause instanceof Error ? cause.message : String(cause), cause }),
    })
  return { retrieve }
}
