/**
 * The read side's queries run against a store, as the caller: every query is
 * a viewer transaction, so row-level security (tenant, and privacy within it)
 * applies whatever the query's WHERE says. A refusal is a typed error; a
 * failure nothing foresaw is reported and answers `internal`.
 */
import { Effect, Result } from "effect"
import type { User } from "../../engine/actor-kind.ts"
import { mayPlan } from "../../actors/journey/rules.ts"
import { vectorLiteral, type Embeddings } from "../embeddings/port.ts"
import { cardsIn, themeFilter } from "./card-language.ts"
import { getCanvas, listCanvases } from "../queries/canvases.ts"
import { listCards, nearestCards, VectorSearchUnavailable } from "../queries/cards.ts"
import { listEntries, searchEntries } from "../queries/journal.ts"
import { listJourneys } from "../queries/journeys.ts"
import { DEFAULT_PAGE, InvalidQuery } from "../queries/page.ts"
import { getSession, listSessions } from "../queries/sessions.ts"
import type { ReadStore, Sql, Viewer } from "../store/port.ts"
import type { ReadAnswer, ReadErrorCode, ReadOutcome, ReadQueries, ReadQuery, ReadQueryName } from "./queries.ts"
import { reportHandlers } from "./reports.ts"
import { coachUsageHandlers } from "./coach-usage.ts"
import { directoryHandlers } from "./directory.ts"

/** Thrown inside a query to refuse it with a code; becomes the outcome's error. */
export class ReadRefused extends Error {
  constructor(
    readonly code: ReadErrorCode,
    readonly detail: string,
  ) {
    super(detail)
  }
}

/** What the AI coach may read for a question, as the viewer: ml/retrieval's retriever, which the worker's entry hands in. */
export type PassageSource = (
  viewer: Viewer,
  request: {
    readonly query: string
    readonly limit: number
    readonly language: string
    readonly include: { readonly cards: boolean; readonly entries: boolean }
  },
) => Promise<readonly unknown[]>

export interface ReadQueryOptions {
  readonly embeddings: Embeddings
  /** Without it, `passages` answers `unavailable` saying retrieval is not configured. */
  readonly passages?: PassageSource
  readonly onError?: (line: string) => void
}

export type RunQuery = <K extends ReadQueryName>(caller: User, query: ReadQuery<K>) => Promise<ReadOutcome<ReadAnswer<K>>>

const ID = /^[A-Za-z0-9_-]{1,64}$/

type Handlers = { readonly [K in ReadQueryName]: (params: ReadQueries[K]["params"], caller: User) => Promise<ReadAnswer<K>> }

export const makeReadQueries = (store: ReadStore, options: ReadQueryOptions): RunQuery => {
  const viewerOf = (caller: User): Viewer => ({ tenant: caller.tenant, userId: caller.id, roles: caller.roles })
  const asViewer = async <A>(caller: User, body: (sql: Sql) => Promise<A>): Promise<A> => {
    const result = await Effect.runPromise(Effect.result(store.asViewer(viewerOf(caller), body)))
    if (Result.isSuccess(result)) return result.success
    const cause = result.failure.cause
    if (cause instanceof ReadRefused) throw cause
    if (cause instanceof InvalidQuery) throw new ReadRefused("bad_frame", cause.message)
    if (result.failure._tag === "ReadStoreUnavailable") throw new ReadRefused("unavailable", "the read store is unreachable; try again shortly")
    throw result.failure
  }
  const found = <A>(value: A | undefined): A => {
    if (value === undefined) throw new ReadRefused("not_found", "no such item, or not yours to see")
    return value
  }
  const idOf = (id: string): string => {
    if (!ID.test(id)) throw new ReadRefused("not_found", "no such item")
    return id
  }

  const handlers: Handlers = {
    sessions: ({ limit = DEFAULT_PAGE, ...filter }, caller) => asViewer(caller, (sql) => listSessions(sql, { ...filter, limit })),
    session: async ({ id }, caller) => found(await asViewer(caller, (sql) => getSession(sql, idOf(id)))),
    canvases: ({ session, privacy, owner, limit = DEFAULT_PAGE, cursor }, caller) => {
      const filter = { sessionId: session, privacy, ownerId: owner ? caller.id : undefined, limit, cursor }
      return asViewer(caller, (sql) => listCanvases(sql, viewerOf(caller), filter))
    },
    canvas: async ({ id }, caller) => found(await asViewer(caller, (sql) => getCanvas(sql, viewerOf(caller), idOf(id)))),
    entries: ({ session, tag, limit = DEFAULT_PAGE, cursor }, caller) =>
      asViewer(caller, (sql) => listEntries(sql, viewerOf(caller), { sessionId: session, tag, limit, cursor })),
    entrySearch: async ({ q, limit = 20 }, caller) => ({ items: await asViewer(caller, (sql) => searchEntries(sql, viewerOf(caller), q, limit)) }),
    cards: async ({ limit = DEFAULT_PAGE, language, theme, ...filter }, caller) => {
      const page = await asViewer(caller, (sql) => listCards(sql, { ...filter, ...themeFilter(theme, language), limit }))
      return { ...page, items: cardsIn(page.items, language) }
    },
    cardSearch: async ({ q, deck, language, limit = 10 }, caller) => {
      if (!store.vector.available) throw new VectorSearchUnavailable({ message: store.vector.reason })
      const embedded = await Effect.runPromise(Effect.result(options.embeddings.embed([q])))
      if (Result.isFailure(embedded)) throw new ReadRefused("unavailable", `embeddings: ${embedded.failure.message}`)
      const vector = embedded.success[0]!
      if (vector.every((x) => x === 0)) return { items: [], note: "the query has no searchable words" }
      const nearest = await asViewer(caller, (sql) => nearestCards(sql, vectorLiteral(vector), options.embeddings.model, limit, deck))
      return { items: cardsIn(nearest, language) }
    },
    // Participants do not plan journeys (actors/journey/rules.ts): a plain refusal rather than an empty list.
    journeys: ({ limit = DEFAULT_PAGE, ...filter }, caller) => {
      if (!mayPlan(caller)) throw new ReadRefused("forbidden", "only facilitators and admins list the organization's journeys")
      return asViewer(caller, (sql) => listJourneys(sql, { ...filter, limit }))
    },
    passages: async ({ q, limit = 4, language, only }, caller) => {
      if (!options.passages) throw new ReadRefused("unavailable", "the coach's retrieval is not configured on this read side")
      const include = { cards: only !== "entries", entries: only !== "cards" }
      return { passages: await options.passages(viewerOf(caller), { query: q, limit, language, include }) }
    },
    ...reportHandlers(asViewer, (code, detail) => new ReadRefused(code, detail)),
    ...directoryHandlers(asViewer, (code, detail) => new ReadRefused(code, detail)),
    ...coachUsageHandlers(asViewer, (code, detail) => new ReadRefused(code, detail)),
  }

  const report = options.onError ?? ((line: string) => console.error(JSON.stringify({ level: "error", message: line })))
  return async (caller, query) => {
    try {
      const handler = handlers[query.name] as (params: unknown, caller: User) => Promise<never>
      return { ok: true, value: await handler(query.params, caller) }
    } catch (error) {
      if (error instanceof ReadRefused) return { ok: false, error: { code: error.code, detail: error.detail } }
      if (error instanceof VectorSearchUnavailable) return { ok: false, error: { code: "unavailable", detail: error.message } }
      report(`read api: ${String(error)}`)
      return { ok: false, error: { code: "internal", detail: "the read side failed; the incident was logged" } }
    }
  }
}
