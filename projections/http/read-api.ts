/**
 * The read API: a Hono sub-app the gateway mounts under /api, after its auth
 * middleware has put the caller in the `user` context variable. Every query
 * runs in a viewer transaction, so row-level security (tenant, and privacy
 * within it) applies whatever the handler's WHERE says.
 *
 *   GET /sessions            ?status=open|ended &limit &cursor
 *   GET /sessions/:id        with participants and timeline
 *   GET /canvases            ?session &privacy=private|shared &owner=me &limit &cursor
 *   GET /canvases/:id
 *   GET /journal/entries     ?session &tag &limit &cursor (the caller's own, and those shown to them as a coach)
 *   GET /journal/search      ?q &limit
 *   GET /cards               ?deck &tier &theme &status=active|retired &q &limit &cursor (the library's cards the caller may see)
 *   GET /cards/search        ?q &deck &limit (by meaning; 503 without pgvector)
 */
import { Effect, Result } from "effect"
import { Hono, type Context } from "hono"
import type { User } from "../../engine/actor-kind.ts"
import { CONTENT_TIERS } from "../../actors/cards/tiers.ts"
import { vectorLiteral, type Embeddings } from "../embeddings/port.ts"
import { listCards, nearestCards, VectorSearchUnavailable } from "../queries/cards.ts"
import { getCanvas, listCanvases } from "../queries/canvases.ts"
import { listEntries, searchEntries } from "../queries/journal.ts"
import { InvalidQuery } from "../queries/page.ts"
import { getSession, listSessions } from "../queries/sessions.ts"
import type { ReadStore, Sql, Viewer } from "../store/port.ts"
import { cursorParam, idParam, limitParam, oneOf, textParam } from "./params.ts"
import { problem, ReadProblem } from "./problem.ts"

export type ReadApiEnv = { Variables: { user: User } }

/** Every path the read API answers, relative to where it is mounted (Hono patterns). */
export const READ_API_PATHS = ["/sessions", "/sessions/:id", "/canvases", "/canvases/:id", "/journal/entries", "/journal/search", "/cards", "/cards/search"] as const

export interface ReadApiOptions {
  readonly embeddings: Embeddings
  readonly onError?: (line: string) => void
}

const viewerOf = (c: Context<ReadApiEnv>): Viewer => {
  const user = c.get("user")
  if (!user) throw new ReadProblem("unauthorized", "sign in first: no caller identity on this request")
  return { tenant: user.tenant, userId: user.id, roles: user.roles }
}

const idOf = (c: Context<ReadApiEnv>): string => {
  const id = c.req.param("id") ?? ""
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ReadProblem("not_found", "no such item")
  return id
}

export const makeReadApi = (store: ReadStore, options: ReadApiOptions): Hono<ReadApiEnv> => {
  const app = new Hono<ReadApiEnv>()
  const asViewer = async <A>(c: Context<ReadApiEnv>, body: (sql: Sql) => Promise<A>): Promise<A> => {
    const result = await Effect.runPromise(Effect.result(store.asViewer(viewerOf(c), body)))
    if (Result.isSuccess(result)) return result.success
    const cause = result.failure.cause
    if (cause instanceof ReadProblem) throw cause
    if (cause instanceof InvalidQuery) throw new ReadProblem("bad_frame", cause.message)
    if (result.failure._tag === "ReadStoreUnavailable") throw new ReadProblem("unavailable", "the read store is unreachable; try again shortly")
    throw result.failure
  }
  const query = (c: Context<ReadApiEnv>) => (name: string) => c.req.query(name)
  const found = <A>(value: A | undefined): A => {
    if (value === undefined) throw new ReadProblem("not_found", "no such item, or not yours to see")
    return value
  }

  // Parameters are parsed before the transaction, so a bad one never reaches the database.
  app.get("/sessions", async (c) => {
    const q = query(c)
    const filter = { status: oneOf(q, "status", ["open", "ended"]), limit: limitParam(q), cursor: cursorParam(q) }
    return c.json(await asViewer(c, (sql) => listSessions(sql, filter)))
  })
  app.get("/sessions/:id", async (c) => c.json(found(await asViewer(c, (sql) => getSession(sql, idOf(c))))))

  app.get("/canvases", async (c) => {
    const q = query(c)
    const owner = oneOf(q, "owner", ["me"])
    const filter = { sessionId: idParam(q, "session"), privacy: oneOf(q, "privacy", ["private", "shared"]), ownerId: owner ? viewerOf(c).userId : undefined, limit: limitParam(q), cursor: cursorParam(q) }
    return c.json(await asViewer(c, (sql) => listCanvases(sql, viewerOf(c), filter)))
  })
  app.get("/canvases/:id", async (c) => c.json(found(await asViewer(c, (sql) => getCanvas(sql, viewerOf(c), idOf(c))))))

  app.get("/journal/entries", async (c) => {
    const q = query(c)
    const filter = { sessionId: idParam(q, "session"), tag: textParam(q, "tag", { required: false, max: 40 }), limit: limitParam(q), cursor: cursorParam(q) }
    return c.json(await asViewer(c, (sql) => listEntries(sql, viewerOf(c), filter)))
  })
  app.get("/journal/search", async (c) => {
    const q = query(c)
    const text = textParam(q, "q", { required: true, max: 200 })!
    const limit = limitParam(q, 50, 20)
    return c.json({ items: await asViewer(c, (sql) => searchEntries(sql, viewerOf(c), text, limit)) })
  })

  app.get("/cards", async (c) => {
    const q = query(c)
    const filter = {
      deck: idParam(q, "deck"), tier: oneOf(q, "tier", CONTENT_TIERS), theme: textParam(q, "theme", { required: false, max: 40 }),
      status: oneOf(q, "status", ["active", "retired"]), q: textParam(q, "q", { required: false, max: 200 }), limit: limitParam(q), cursor: cursorParam(q),
    }
    return c.json(await asViewer(c, (sql) => listCards(sql, filter)))
  })
  app.get("/cards/search", async (c) => {
    const q = query(c)
    const text = textParam(q, "q", { required: true, max: 500 })!
    const limit = limitParam(q, 50, 10)
    const deck = idParam(q, "deck")
    viewerOf(c)
    if (!store.vector.available) throw new VectorSearchUnavailable({ message: store.vector.reason })
    const embedded = await Effect.runPromise(Effect.result(options.embeddings.embed([text])))
    if (Result.isFailure(embedded)) throw new ReadProblem("unavailable", `embeddings: ${embedded.failure.message}`)
    const vector = embedded.success[0]!
    if (vector.every((x) => x === 0)) return c.json({ items: [], note: "the query has no searchable words" })
    return c.json({ items: await asViewer(c, (sql) => nearestCards(sql, vectorLiteral(vector), options.embeddings.model, limit, deck)) })
  })

  app.onError((error) => {
    if (error instanceof ReadProblem) return problem(error.code, error.detail)
    if (error instanceof VectorSearchUnavailable) return problem("unavailable", error.message)
    ;(options.onError ?? ((line: string) => console.error(JSON.stringify({ level: "error", message: line }))))(`read api: ${String(error)}`)
    return problem("internal", "internal error; the incident was logged")
  })
  return app
}
