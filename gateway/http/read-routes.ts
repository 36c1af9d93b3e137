/**
 * The read models under /api: each GET route decodes its query string with
 * its query's schema (projections/reads/queries.ts), asks the read side as
 * the verified caller, and sends the answer's JSON text as it came. Answers
 * carry validators (read side versions them per tenant): a revalidation of
 * an unchanged list is a 304 without a query. The projections' lag is served
 * to Prometheus at /api/metrics.
 */
import type { Context, Hono } from "hono"
import { negotiateLanguage, type ContentLanguage } from "../../actors/content-language.ts"
import type { User } from "../../engine/actor-kind.ts"
import { decodeParameters, type ParameterStruct } from "../../engine/schema-issues.ts"
import {
  CanvasesQuery,
  CardSearchQuery,
  CardsQuery,
  EntriesQuery,
  EntrySearchQuery,
  JourneysQuery,
  PassagesQuery,
  SessionsQuery,
  type ReadQuery,
} from "../../projections/reads/queries.ts"
import { AuditQuery, UsageQuery } from "../../projections/reads/reports.ts"
import type { ReadService } from "../../projections/reads/service.ts"
import { PROMETHEUS_CONTENT_TYPE } from "../../projections/runner/metrics.ts"
import type { MetricsAccess } from "../auth/metrics-access.ts"
import type { VerifiedToken } from "../auth/tokens.ts"
import type { Routes } from "./define.ts"
import { lightResponse } from "./light-response.ts"
import { ApiProblem, problemOf } from "./problem.ts"
import { etagFor, matchesEtag } from "./validators.ts"

interface ReadRoute {
  /** OpenAPI style: `/api/sessions/{id}`. */
  readonly path: string
  readonly summary: string
  readonly query?: ParameterStruct<any>
  /** The read-side query for the decoded query string, the path's `id`, and the language the request reads built-in cards in. */
  readonly toQuery: (query: any, id: string, language: ContentLanguage) => ReadQuery
}

const route = <Q>(
  path: string,
  summary: string,
  query: ParameterStruct<Q> | undefined,
  toQuery: (query: Q, id: string, language: ContentLanguage) => ReadQuery,
): ReadRoute => ({ path, summary, ...(query ? { query } : {}), toQuery })

const inLanguage = <Q extends { readonly lang?: string }>({ lang: _, ...rest }: Q, language: ContentLanguage) => ({ ...rest, language })

/** Every read route, with what the OpenAPI document says of it. */
export const READ_ROUTES: readonly ReadRoute[] = [
  route("/api/sessions", "Sessions the caller may see, newest first (a page)", SessionsQuery, (params) => ({ name: "sessions", params })),
  route("/api/sessions/{id}", "One session with its participants and timeline", undefined, (_, id) => ({ name: "session", params: { id } })),
  route("/api/canvases", "Canvases the caller may see, last changed first (a page)", CanvasesQuery, (params) => ({ name: "canvases", params })),
  route("/api/canvases/{id}", "One canvas the caller may see", undefined, (_, id) => ({ name: "canvas", params: { id } })),
  route("/api/journal/entries", "The caller's journal entries and those shown to them as a coach, newest first (a page)", EntriesQuery, (params) => ({
    name: "entries",
    params,
  })),
  route("/api/journal/search", "Full-text search of the journal entries the caller may see", EntrySearchQuery, (params) => ({
    name: "entrySearch",
    params,
  })),
  route("/api/cards", "The library's cards the caller may see (a page)", CardsQuery, (params, _, language) => ({
    name: "cards",
    params: inLanguage(params, language),
  })),
  route("/api/cards/search", "Cards nearest in meaning to the words given (503 without pgvector)", CardSearchQuery, (params, _, language) => ({
    name: "cardSearch",
    params: inLanguage(params, language),
  })),
  route("/api/journeys", "The organization's journeys, last changed first (a page; facilitators and admins)", JourneysQuery, (params) => ({
    name: "journeys",
    params,
  })),
  route(
    "/api/coach/passages",
    "What the AI coach may read for a question: the tier's cards and the caller's own entries shared with the AI coach",
    PassagesQuery,
    (params, _, language) => ({ name: "passages", params: inLanguage(params, language) }),
  ),
  route(
    "/api/audit",
    "Audit trail of roles, permissions, reveals, removals and licensed content (admins); filters in the query string",
    AuditQuery,
    (params) => ({ name: "audit", params }),
  ),
  route(
    "/api/licence/usage",
    "Cards drawn, picked and opened per deck, for licence and royalty reports (admins); from / to in the query string",
    UsageQuery,
    (params) => ({ name: "usage", params }),
  ),
]

/** A guest's token names one live session: of the lists, only that session's canvases are theirs to read (the rows' own rules pick those shared with them). */
const refuseGuest = (identity: VerifiedToken, path: string, c: Context) => {
  if (identity.scope === undefined) return
  const canvases = path === "/api/canvases"
  if (canvases && `session/${c.req.query("session") ?? ""}` === identity.scope) return
  throw new ApiProblem(
    "forbidden",
    `a guest may only use ${identity.scope}${canvases ? `; list its canvases with ?session=${identity.scope.slice("session/".length)}` : ""}`,
  )
}

/**
 * The language an answer's validator names: the one Accept-Language chose, unless `?lang=` chose
 * (the URL differs then) or it is English (as answers were before languages).
 */
const validatorLanguage = (c: Context): ContentLanguage | undefined => {
  if (c.req.query("lang") !== undefined) return undefined
  const language = negotiateLanguage(undefined, c.req.header("accept-language"))
  return language === "en" ? undefined : language
}

export interface ReadRouteDeps {
  readonly reads: ReadService
  /** The caller's verified identity, or an `unauthorized` problem. */
  readonly authenticate: (c: Context) => Promise<VerifiedToken>
}

/** Decoded queries kept per route, so that a client asking the same URL again skips decoding (the parameters' schema and the language). */
const QUERY_MEMO_ENTRIES = 512

interface Asked {
  readonly query: ReadQuery
  readonly validatorLanguage: ContentLanguage | undefined
}

/** The read routes on `app`, and in `routes.specs` for the OpenAPI document. */
export const readRoutes = (app: Hono, routes: Pick<Routes, "specs">, deps: ReadRouteDeps): void => {
  for (const spec of READ_ROUTES) {
    routes.specs.push({ method: "get", path: spec.path, summary: spec.summary, auth: true, ...(spec.query ? { query: spec.query } : {}) })
    const hasId = spec.path.includes("{id}")
    const memo = new Map<string, Asked>()
    const asked = (c: Context): Asked => {
      const url = c.req.url
      const search = url.indexOf("?")
      // The answer's query depends on the query string, the path's id and Accept-Language only.
      const key = `${hasId ? c.req.param("id") : ""}\u0000${search < 0 ? "" : url.slice(search)}\u0000${c.req.header("accept-language") ?? ""}`
      const known = memo.get(key)
      if (known) return known
      const fresh = {
        query: spec.toQuery(spec.query ? decodeQuery(spec.query, c) : {}, c.req.param("id") ?? "", languageOf(c)),
        validatorLanguage: validatorLanguage(c),
      }
      if (memo.size >= QUERY_MEMO_ENTRIES) memo.clear()
      memo.set(key, fresh)
      return fresh
    }
    app.get(spec.path.replace(/\{(\w+)\}/g, ":$1"), async (c) => {
      const { user } = await authorized(deps, spec.path, c)
      return answer(deps.reads, c, user, asked(c))
    })
  }
}

const authorized = async (deps: ReadRouteDeps, path: string, c: Context): Promise<VerifiedToken> => {
  const identity = await deps.authenticate(c)
  refuseGuest(identity, path, c)
  return identity
}

/** The route's query string decoded, or a 400 naming the first wrong parameter. */
const decodeQuery = <Q>(schema: ParameterStruct<Q>, c: Context): Q => {
  const decoded = decodeParameters(schema, (name) => c.req.query(name), { trim: true })
  if (!decoded.ok) throw new ApiProblem("bad_frame", decoded.detail)
  return decoded.value
}

const languageOf = (c: Context): ContentLanguage => negotiateLanguage(c.req.query("lang"), c.req.header("accept-language"))

const answer = async (reads: ReadService, c: Context, user: User, { query, validatorLanguage }: Asked): Promise<Response> => {
  const version = reads.version(user.tenant)
  const etag = version === undefined ? undefined : etagFor(version, user, validatorLanguage)
  const validators: Record<string, string> = etag ? { etag, "cache-control": "private, no-cache", vary: "authorization, accept-language" } : {}
  if (etag && matchesEtag(c.req.header("if-none-match"), etag)) return lightResponse(null, 304, validators)
  const outcome = await reads.read(user, query)
  if (!outcome.ok) return problemOf(outcome.error)
  return lightResponse(outcome.value as string, 200, { ...validators, "content-type": "application/json" })
}

/** /api/metrics: the read side's text, for the node's STUDIO_METRICS_TOKEN only. */
export const metricsRoute = (app: Hono, routes: Pick<Routes, "specs">, metrics: MetricsAccess, text: () => Promise<string>): void => {
  routes.specs.push({
    method: "get",
    path: "/api/metrics",
    summary: "Projection lag and read-side counters in the Prometheus text format (bearer: the node's STUDIO_METRICS_TOKEN)",
    auth: false,
  })
  app.get("/api/metrics", async (c) => {
    if (!metrics.enabled)
      throw new ApiProblem("forbidden", "metrics are off on this node: set STUDIO_METRICS_TOKEN and send it as `Authorization: Bearer <token>`")
    if (!metrics.allows(c.req.header("authorization")))
      throw new ApiProblem("unauthorized", "send the node's STUDIO_METRICS_TOKEN as `Authorization: Bearer <token>`")
    return c.body(await text(), 200, { "content-type": PROMETHEUS_CONTENT_TYPE })
  })
}
