/**
 * The admins' reports on the read API: the audit trail and card usage,
 * read from their read models (models/audit.ts, models/usage.ts) in viewer
 * transactions, where row-level security keeps them to the caller's tenant
 * and its admins. They were scans of the whole event log in the gateway.
 *
 *   GET /audit          ?category &kind &actor &by &subject &from &to &after &limit   (log order; `next` continues after)
 *   GET /licence/usage  ?from &to   (cards drawn, picked and opened per deck)
 */
import { Schema } from "effect"
import type { Context, Hono } from "hono"
import { listAudit, cardUsage } from "../queries/audit.ts"
import type { Sql } from "../store/port.ts"
import type { ParameterStruct } from "../../engine/schema-issues.ts"
import type { ReadApiEnv, ReadRoute } from "./read-api.ts"
import { Id, Limit, optional, Text } from "./params.ts"
import { ReadProblem } from "./problem.ts"

/** An ISO time in a query string (read with Date.parse). */
export const QueryTime = Schema.String.check(
  Schema.isMaxLength(40),
  Schema.makeFilter((text: string) => !Number.isNaN(Date.parse(text)), { expected: "an ISO time such as 2025-01-31T09:00:00Z" }),
)
const WholeNumber = (max: number) => Schema.FiniteFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: max }))
const Word = (description: string) => Text(200, description)

export const AuditQuery = Schema.Struct({
  category: optional(Word("role, permission, removal, reveal, licensed-content or catalogue")),
  kind: optional(Id),
  actor: optional(Word("one actor, as kind/id")),
  by: optional(Word("who acted (a user id)")),
  subject: optional(Word("who it was about (a user id)")),
  from: optional(QueryTime),
  to: optional(QueryTime),
  after: optional(WholeNumber(Number.MAX_SAFE_INTEGER).annotate({ description: "the log position to continue after (`next` of the previous call)" })),
  limit: optional(Limit(500)),
})
export const UsageQuery = Schema.Struct({ from: optional(QueryTime), to: optional(QueryTime) })

export const AUDIT_ROUTES: readonly ReadRoute[] = [
  {
    path: "/audit",
    summary: "Audit trail of roles, permissions, reveals, removals and licensed content (admins); filters in the query string",
    query: AuditQuery,
  },
  {
    path: "/licence/usage",
    summary: "Cards drawn, picked and opened per deck, for licence and royalty reports (admins); from / to in the query string",
    query: UsageQuery,
  },
]

const msOf = (time: string | undefined) => (time === undefined ? undefined : Date.parse(time))

/** Registers the reports on the read API; `asViewer` runs a query as the caller, `query` decodes the query string or answers 400. */
export const mountAuditApi = (
  app: Hono<ReadApiEnv>,
  asViewer: <A>(c: Context<ReadApiEnv>, body: (sql: Sql) => Promise<A>) => Promise<A>,
  query: <Q>(c: Context<ReadApiEnv>, schema: ParameterStruct<Q>) => Q,
): void => {
  // A plain 403 for the tenant's other members: the rows' policy would show them an empty trail instead.
  const admins = (c: Context<ReadApiEnv>, what: string) => {
    if (!c.get("user")?.roles.includes("admin")) throw new ReadProblem("forbidden", `${what} are for the organization's admins`)
  }
  app.get("/audit", async (c) => {
    admins(c, "the audit trail's entries")
    const { after = 0, limit = 100, from, to, ...rest } = query(c, AuditQuery)
    return c.json(await asViewer(c, (sql) => listAudit(sql, { ...rest, from: msOf(from), to: msOf(to), after, limit })))
  })
  app.get("/licence/usage", async (c) => {
    admins(c, "licence and usage reports")
    const { from, to } = query(c, UsageQuery)
    const decks = await asViewer(c, (sql) => cardUsage(sql, msOf(from), msOf(to)))
    // `complete` stays for clients of the log scan, which could stop short; a read model always answers for all of it.
    return c.json({
      from: new Date(msOf(from) ?? 0).toISOString(),
      to: to === undefined ? null : new Date(msOf(to)!).toISOString(),
      complete: true,
      decks,
    })
  })
}
