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
 *   GET /cards               ?deck &tier &theme &status=active|retired &q &lang &limit &cursor (the library's cards the caller may see)
 *   GET /cards/search        ?q &deck &lang &limit (by meaning; 503 without pgvector)
 *   GET /journeys            ?status=active|archived|all &q &limit &cursor (facilitators and admins; last changed first)
 *   GET /coach/passages      ?q &limit &lang (what the AI coach may read for a question: the tier's cards, the caller's own entries shared with it)
 *   GET /audit, /licence/usage   the admins' reports (audit-api.ts)
 *
 * Cards of the built-in decks read in the caller's language (`?lang=`, else
 * Accept-Language; see card-language.ts); the store keeps them in English,
 * so full-text words and meaning search still match the English texts.
 */
import { Effect, Result, Schema } from "effect"
import { Hono, type Context } from "hono"
import type { User } from "../../engine/actor-kind.ts"
import { CONTENT_TIERS } from "../../actors/cards/tiers.ts"
import { MAX_TITLE } from "../../actors/journey/protocol.ts"
import { mayPlan } from "../../actors/journey/rules.ts"
import { vectorLiteral, type Embeddings } from "../embeddings/port.ts"
import { listCards, nearestCards, VectorSearchUnavailable } from "../queries/cards.ts"
import { CardLanguage, cardsIn, languageOf, themeFilter } from "./card-language.ts"
import { getCanvas, listCanvases } from "../queries/canvases.ts"
import { listEntries, searchEntries } from "../queries/journal.ts"
import { listJourneys } from "../queries/journeys.ts"
import { DEFAULT_PAGE, InvalidQuery } from "../queries/page.ts"
import { getSession, listSessions } from "../queries/sessions.ts"
import type { ParameterStruct } from "../../engine/schema-issues.ts"
import type { ReadStore, Sql, Viewer } from "../store/port.ts"
import { Cursor, decodeQuery, Id, Limit, optional, Text } from "./params.ts"
import { AUDIT_ROUTES, mountAuditApi } from "./audit-api.ts"
import { problem, ReadProblem } from "./problem.ts"

export type ReadApiEnv = { Variables: { user: User } }

// Each route's query string, decoded with these and listed in the OpenAPI document from them.
export const SessionsQuery = Schema.Struct({
  status: optional(Schema.Literals(["open", "ended"])),
  limit: optional(Limit()),
  cursor: optional(Cursor(["time", "id"])),
})
export const CanvasesQuery = Schema.Struct({
  session: optional(Id),
  privacy: optional(Schema.Literals(["private", "shared"])),
  owner: optional(Schema.Literal("me").annotate({ description: "only the caller's own canvases" })),
  limit: optional(Limit()),
  cursor: optional(Cursor(["time", "id"])),
})
export const EntriesQuery = Schema.Struct({
  session: optional(Id),
  tag: optional(Text(40, "one tag, matched exactly")),
  limit: optional(Limit()),
  cursor: optional(Cursor(["time", "id"])),
})
export const EntrySearchQuery = Schema.Struct({ q: Text(200, 'words in any order, "quoted phrases", -excluded words'), limit: optional(Limit(50)) })
export const CardsQuery = Schema.Struct({
  deck: optional(Id),
  tier: optional(Schema.Literals(CONTENT_TIERS)),
  theme: optional(Text(40, "one theme label, matched exactly (a built-in theme also in the caller's language)")),
  status: optional(Schema.Literals(["active", "retired"])),
  q: optional(Text(200, "full-text words in word, question, themes and tags")),
  lang: optional(CardLanguage),
  limit: optional(Limit()),
  cursor: optional(Cursor(["id", "id"])),
})
export const CardSearchQuery = Schema.Struct({
  q: Text(500, "what the cards should be about"),
  deck: optional(Id),
  lang: optional(CardLanguage),
  limit: optional(Limit(50)),
})
export const JourneysQuery = Schema.Struct({
  status: optional(Schema.Literals(["active", "archived", "all"]).annotate({ description: "active (the default), archived, or all" })),
  q: optional(Text(MAX_TITLE, "words the title contains, ignoring case")),
  limit: optional(Limit()),
  cursor: optional(Cursor(["time", "id"])),
})

export const PassagesQuery = Schema.Struct({ q: Text(1000, "the question, as asked"), limit: optional(Limit(20)), lang: optional(CardLanguage) })

/** What the AI coach may read for a question, as the viewer: ml/retrieval's retriever, which the worker gives (projections never import it). */
export type PassageSource = (
  viewer: Viewer,
  request: { readonly query: string; readonly limit: number; readonly language: string },
) => Promise<readonly unknown[]>

export interface ReadRoute {
  /** Relative to where the API is mounted, as a Hono pattern. */
  readonly path: string
  readonly summary: string
  readonly query?: ParameterStruct<unknown>
}

/** Every route the read API answers, with what the OpenAPI document says of it. */
export const READ_ROUTES: readonly ReadRoute[] = [
  { path: "/sessions", summary: "Sessions the caller may see, newest first (a page)", query: SessionsQuery },
  { path: "/sessions/:id", summary: "One session with its participants and timeline" },
  { path: "/canvases", summary: "Canvases the caller may see, last changed first (a page)", query: CanvasesQuery },
  { path: "/canvases/:id", summary: "One canvas the caller may see" },
  {
    path: "/journal/entries",
    summary: "The caller's journal entries and those shown to them as a coach, newest first (a page)",
    query: EntriesQuery,
  },
  { path: "/journal/search", summary: "Full-text search of the journal entries the caller may see", query: EntrySearchQuery },
  { path: "/cards", summary: "The library's cards the caller may see (a page)", query: CardsQuery },
  { path: "/cards/search", summary: "Cards nearest in meaning to the words given (503 without pgvector)", query: CardSearchQuery },
  { path: "/journeys", summary: "The organization's journeys, last changed first (a page; facilitators and admins)", query: JourneysQuery },
  {
    path: "/coach/passages",
    summary: "What the AI coach may read for a question: the tier's cards and the caller's own entries shared with the AI coach",
    query: PassagesQuery,
  },
  ...AUDIT_ROUTES,
]

/** Every path the read API answers, relative to where it is mounted (Hono patterns). */
export const READ_API_PATHS: readonly string[] = READ_ROUTES.map((route) => route.path)

export interface ReadApiOptions {
  readonly embeddings: Embeddings
  /** Without it, /coach/passages answers 503 saying retrieval is not configured. */
  readonly passages?: PassageSource
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
  const query = <Q>(c: Context<ReadApiEnv>, schema: ParameterStruct<Q>): Q => decodeQuery(schema, (name) => c.req.query(name))
  const found = <A>(value: A | undefined): A => {
    if (value === undefined) throw new ReadProblem("not_found", "no such item, or not yours to see")
    return value
  }

  // Parameters are parsed before the transaction, so a bad one never reaches the database.
  app.get("/sessions", async (c) => {
    const { limit = DEFAULT_PAGE, ...filter } = query(c, SessionsQuery)
    return c.json(await asViewer(c, (sql) => listSessions(sql, { ...filter, limit })))
  })
  app.get("/sessions/:id", async (c) => c.json(found(await asViewer(c, (sql) => getSession(sql, idOf(c))))))

  app.get("/canvases", async (c) => {
    const { session, privacy, owner, limit = DEFAULT_PAGE, cursor } = query(c, CanvasesQuery)
    const filter = { sessionId: session, privacy, ownerId: owner ? viewerOf(c).userId : undefined, limit, cursor }
    return c.json(await asViewer(c, (sql) => listCanvases(sql, viewerOf(c), filter)))
  })
  app.get("/canvases/:id", async (c) => c.json(found(await asViewer(c, (sql) => getCanvas(sql, viewerOf(c), idOf(c))))))

  app.get("/journal/entries", async (c) => {
    const { session, tag, limit = DEFAULT_PAGE, cursor } = query(c, EntriesQuery)
    return c.json(await asViewer(c, (sql) => listEntries(sql, viewerOf(c), { sessionId: session, tag, limit, cursor })))
  })
  app.get("/journal/search", async (c) => {
    const { q: text, limit = 20 } = query(c, EntrySearchQuery)
    return c.json({ items: await asViewer(c, (sql) => searchEntries(sql, viewerOf(c), text, limit)) })
  })

  app.get("/cards", async (c) => {
    const { limit = DEFAULT_PAGE, lang, theme, ...filter } = query(c, CardsQuery)
    const language = languageOf(lang, c.req.header("accept-language"))
    const page = await asViewer(c, (sql) => listCards(sql, { ...filter, ...themeFilter(theme, language), limit }))
    return c.json({ ...page, items: cardsIn(page.items, language) })
  })
  app.get("/cards/search", async (c) => {
    const { q: text, deck, lang, limit = 10 } = query(c, CardSearchQuery)
    const language = languageOf(lang, c.req.header("accept-language"))
    viewerOf(c)
    if (!store.vector.available) throw new VectorSearchUnavailable({ message: store.vector.reason })
    const embedded = await Effect.runPromise(Effect.result(options.embeddings.embed([text])))
    if (Result.isFailure(embedded)) throw new ReadProblem("unavailable", `embeddings: ${embedded.failure.message}`)
    const vector = embedded.success[0]!
    if (vector.every((x) => x === 0)) return c.json({ items: [], note: "the query has no searchable words" })
    return c.json({
      items: cardsIn(await asViewer(c, (sql) => nearestCards(sql, vectorLiteral(vector), options.embeddings.model, limit, deck)), language),
    })
  })

  // Participants do not plan journeys (actors/journey/rules.ts): a plain 403 rather than an empty list.
  app.get("/journeys", async (c) => {
    viewerOf(c)
    if (!mayPlan(c.get("user"))) throw new ReadProblem("forbidden", "only facilitators and admins list the organization's journeys")
    const { limit = DEFAULT_PAGE, ...filter } = query(c, JourneysQuery)
    return c.json(await asViewer(c, (sql) => listJourneys(sql, { ...filter, limit })))
  })

  app.get("/coach/passages", async (c) => {
    const viewer = viewerOf(c)
    const { q, limit = 4, lang } = query(c, PassagesQuery)
    if (!options.passages) throw new ReadProblem("unavailable", "the coach's retrieval is not configured on this read side")
    return c.json({ passages: await options.passages(viewer, { query: q, limit, language: languageOf(lang, c.req.header("accept-language")) }) })
  })

  mountAuditApi(app, asViewer, query)

  app.onError((error) => {
    if (error instanceof ReadProblem) return problem(error.code, error.detail)
    if (error instanceof VectorSearchUnavailable) return problem("unavailable", error.message)
    ;(options.onError ?? ((line: string) => console.error(JSON.stringify({ level: "error", message: line }))))(`read api: ${String(error)}`)
    return problem("internal", "internal error; the incident was logged")
  })
  return app
}
