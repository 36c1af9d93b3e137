/**
 * The AI usage report (the coach's questions and the copilot's drafts)
 * among the read queries (admins), from its read model
 * (models/coach-usage.ts). The gateway's /api/coach/usage serves it, adding
 * what only the node knows (its model, whether the coach is on).
 */
import { Schema } from "effect"
import type { CoachUsage } from "../../actors/coach/usage.ts"
import type { User } from "../../engine/actor-kind.ts"
import { coachUsage, type ModelUsage } from "../queries/coach-usage.ts"
import type { Sql } from "../store/port.ts"
import { optional } from "./params.ts"
import { QueryTime } from "./reports.ts"

export const CoachUsageQuery = Schema.Struct({ from: optional(QueryTime), to: optional(QueryTime) })

export interface CoachUsageReport extends CoachUsage {
  readonly from: string
  readonly to: string | null
  /** Answers, copilot drafts and tokens per model, for AI credits. */
  readonly byModel: readonly ModelUsage[]
}

export interface CoachUsageQueries {
  readonly coachUsage: { params: typeof CoachUsageQuery.Type; answer: CoachUsageReport }
}

type AsViewer = <A>(caller: User, body: (sql: Sql) => Promise<A>) => Promise<A>

const msOf = (time: string | undefined) => (time === undefined ? undefined : Date.parse(time))

export const coachUsageHandlers = (asViewer: AsViewer, refuse: (code: "forbidden", detail: string) => Error) => ({
  coachUsage: async ({ from, to }: typeof CoachUsageQuery.Type, caller: User): Promise<CoachUsageReport> => {
    // A plain refusal for the tenant's other members: the rows' policy would show them zeros instead.
    if (!caller.roles.includes("admin")) throw refuse("forbidden", "the coach's usage is for the organization's admins")
    const usage = await asViewer(caller, (sql) => coachUsage(sql, msOf(from), msOf(to)))
    return { ...usage, from: new Date(msOf(from) ?? 0).toISOString(), to: to === undefined ? null : new Date(msOf(to)!).toISOString() }
  },
})
