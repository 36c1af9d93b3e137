/**
 * The admins' reports among the read queries: the audit trail and card
 * usage, read from their read models (models/audit.ts, models/usage.ts) in
 * viewer transactions, where row-level security keeps them to the caller's
 * tenant and its admins. They were scans of the whole event log in the gateway.
 *
 *   audit   category, kind, actor, by, subject, from, to, after, limit   (log order; `next` continues after)
 *   usage   from, to   (cards drawn, picked and opened per deck)
 */
import { Schema } from "effect"
import type { User } from "../../engine/actor-kind.ts"
import { cardUsage, listAudit, type AuditEntry, type DeckUsage } from "../queries/audit.ts"
import type { Sql } from "../store/port.ts"
import { Id, Limit, optional, Text } from "./params.ts"

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

export interface AuditReport {
  readonly entries: readonly AuditEntry[]
  readonly next: number | null
}

export interface UsageReport {
  readonly from: string
  readonly to: string | null
  /** Stays for clients of the log scan, which could stop short; a read model always answers for all of it. */
  readonly complete: true
  readonly decks: readonly DeckUsage[]
}

const msOf = (time: string | undefined) => (time === undefined ? undefined : Date.parse(time))

type AsViewer = <A>(caller: User, body: (sql: Sql) => Promise<A>) => Promise<A>

/** The reports' handlers; `refuse` makes the typed refusal (run.ts), `asViewer` runs a query as the caller. */
export const reportHandlers = (asViewer: AsViewer, refuse: (code: "forbidden", detail: string) => Error) => {
  // A plain refusal for the tenant's other members: the rows' policy would show them an empty trail instead.
  const admins = (caller: User, what: string) => {
    if (!caller.roles.includes("admin")) throw refuse("forbidden", `${what} are for the organization's admins`)
  }
  return {
    audit: (params: typeof AuditQuery.Type, caller: User): Promise<AuditReport> => {
      admins(caller, "the audit trail's entries")
      const { after = 0, limit = 100, from, to, ...rest } = params
      return asViewer(caller, (sql) => listAudit(sql, { ...rest, from: msOf(from), to: msOf(to), after, limit }))
    },
    usage: async ({ from, to }: typeof UsageQuery.Type, caller: User): Promise<UsageReport> => {
      admins(caller, "licence and usage reports")
      const decks = await asViewer(caller, (sql) => cardUsage(sql, msOf(from), msOf(to)))
      return { from: new Date(msOf(from) ?? 0).toISOString(), to: to === undefined ? null : new Date(msOf(to)!).toISOString(), complete: true, decks }
    },
  }
}
