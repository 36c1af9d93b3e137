/**
 * AI usage read model, for the admins' usage report and the AI credits
 * billing will count: one row per question asked of the coach, with how it
 * was answered (a model's answer, a reply given without a model, a failure),
 * the tokens it used, the model, and the asker's last feedback; and one row
 * per facilitator copilot draft (reflection questions or a session summary),
 * with who wrote it (the model or the extractive default), the model whose
 * tokens it used and those tokens. `purpose` tells them apart. Admins only,
 * like the audit trail. The question's text and the answer stay in the
 * asker's coach actor, and a draft's text is kept nowhere: the row holds
 * counts, never words.
 *
 * This was a scan of every tenant's log on each request of /api/coach/usage.
 * Version 2 added the copilot's drafts (and the purpose column).
 */
import { Schema } from "effect"
import { CoachEvent } from "../../actors/coach/protocol.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import type { Projection, TableNames } from "../runner/projection.ts"
import type { Sql } from "../store/port.ts"
import { tenantTable } from "../store/tables.ts"
import { ADMINS_ONLY } from "./audit.ts"
import { isoTime, loadRows, upsertRows, type Column } from "./bulk.ts"

/** A question asked of the coach, or a draft of the copilot's (reflection questions or a session summary). */
export type UsagePurpose = "coach" | "copilot-questions" | "copilot-summary"

export interface CoachQuestionRow {
  readonly tenant_id: string
  /** The coach actor's user: who asked the question, or the facilitator the draft was made for. */
  readonly asker: string
  readonly purpose: UsagePurpose
  /** The question's id, or the draft's. */
  readonly question_id: string
  readonly asked_at: string | null
  readonly answered_at: string | null
  /** A coach answer's kind (model, crisis, nothing, failed), or who wrote a draft (model, extractive). */
  readonly answer_kind: string | null
  readonly model: string | null
  readonly prompt_tokens: number
  readonly completion_tokens: number
  readonly helpful: boolean | null
}

const COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "asker", type: "text" },
  { name: "purpose", type: "text" },
  { name: "question_id", type: "text" },
  { name: "asked_at", type: "timestamptz" },
  { name: "answered_at", type: "timestamptz" },
  { name: "answer_kind", type: "text" },
  { name: "model", type: "text" },
  { name: "prompt_tokens", type: "integer" },
  { name: "completion_tokens", type: "integer" },
  { name: "helpful", type: "boolean" },
]
// The purpose is in the key: a draft's id and a question's id come from different places and may meet.
const KEY = ["tenant_id", "asker", "purpose", "question_id"]

const questionsTable = {
  name: "coach_questions",
  create: (t: string) =>
    tenantTable(t, {
      columns: `asker text not null, purpose text not null, question_id text not null, asked_at timestamptz, answered_at timestamptz, answer_kind text, model text,
        prompt_tokens integer not null default 0, completion_tokens integer not null default 0, helpful boolean`,
      primaryKey: "tenant_id, asker, purpose, question_id",
      indexes: { by_time: "tenant_id, asked_at" },
      visibleWhen: ADMINS_ONLY,
    }),
}

const decode = Schema.decodeUnknownExit(CoachEvent)

const emptyRow = (tenant: string, asker: string, purpose: UsagePurpose, questionId: string): CoachQuestionRow => ({
  tenant_id: tenant,
  asker,
  purpose,
  question_id: questionId,
  asked_at: null,
  answered_at: null,
  answer_kind: null,
  model: null,
  prompt_tokens: 0,
  completion_tokens: 0,
  helpful: null,
})

const folded = (row: CoachQuestionRow, event: CoachEvent, at: string): CoachQuestionRow => {
  switch (event.type) {
    case "questionAsked":
      return { ...row, asked_at: row.asked_at ?? at }
    case "answerGiven":
      return {
        ...row,
        answered_at: at,
        answer_kind: event.kind,
        model: event.model,
        prompt_tokens: event.promptTokens,
        completion_tokens: event.completionTokens,
      }
    case "feedbackGiven":
      return { ...row, helpful: event.helpful }
    case "copilotDrafted":
      return {
        ...row,
        answered_at: at,
        answer_kind: event.generatedBy,
        model: event.model,
        prompt_tokens: event.promptTokens,
        completion_tokens: event.completionTokens,
      }
    default:
      return row
  }
}

/** The row an event belongs to: its question's, or its draft's; none for a conversation started. */
const rowOf = (event: CoachEvent): { purpose: UsagePurpose; id: string } | undefined => {
  if (event.type === "copilotDrafted") return { purpose: `copilot-${event.purpose}`, id: event.draftId }
  return "questionId" in event ? { purpose: "coach", id: event.questionId } : undefined
}
type RowKey = { tenant_id: string; asker: string; purpose: UsagePurpose; question_id: string }
const keyText = (k: RowKey) => `${k.tenant_id}\u0000${k.asker}\u0000${k.purpose}\u0000${k.question_id}`

/** The batch's coach events folded into their questions' and drafts' rows, starting from the rows stored before. */
export const coachQuestionRows = async (
  commits: readonly Commit[],
  stored: (keys: readonly RowKey[]) => Promise<readonly CoachQuestionRow[]>,
): Promise<CoachQuestionRow[]> => {
  const touched: Array<{ key: string; row: RowKey; event: CoachEvent; at: string }> = []
  for (const commit of commits) {
    if (commit.addr.kind !== "coach") continue
    for (const raw of commit.events) {
      const decoded = decode(raw)
      // An event the schema refuses is not counted rather than poison: usage never holds up the other read models.
      if (decoded._tag !== "Success") continue
      const of = rowOf(decoded.value)
      if (of === undefined) continue
      const row = { tenant_id: commit.addr.tenant, asker: commit.addr.id, purpose: of.purpose, question_id: of.id }
      touched.push({ key: keyText(row), row, event: decoded.value, at: isoTime(commit.at) })
    }
  }
  if (touched.length === 0) return []
  const rows = new Map<string, CoachQuestionRow>()
  const keys = [...new Map(touched.map((t) => [t.key, t.row])).values()]
  for (const row of await stored(keys)) rows.set(keyText(row), row)
  for (const t of touched)
    rows.set(t.key, folded(rows.get(t.key) ?? emptyRow(t.row.tenant_id, t.row.asker, t.row.purpose, t.row.question_id), t.event, t.at))
  return [...rows.values()]
}

const apply = async (sql: Sql, commits: readonly Commit[], tables: TableNames) => {
  const table = tables.coach_questions!
  const rows = await coachQuestionRows(commits, (keys) => loadRows<CoachQuestionRow>(sql, table, KEY, keys))
  await upsertRows(sql, table, COLUMNS, KEY, rows)
}

export const coachUsageProjection: Projection = {
  name: "coach_usage",
  version: 2,
  tables: [questionsTable],
  onPoison: { kind: "retry", attempts: 3, backoffMs: 200, then: "skip" },
  apply,
}
