/**
 * Coach usage read model, for the admins' usage report and the AI credits
 * billing will count: one row per question asked of the coach, with how it
 * was answered (a model's answer, a reply given without a model, a failure),
 * the tokens it used, the model, and the asker's last feedback. Admins only,
 * like the audit trail. The question's text and the answer stay in the
 * asker's coach actor: the row holds counts, never words.
 *
 * This was a scan of every tenant's log on each request of /api/coach/usage.
 */
import { Schema } from "effect"
import { CoachEvent } from "../../actors/coach/protocol.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import type { Projection, TableNames } from "../runner/projection.ts"
import type { Sql } from "../store/port.ts"
import { tenantTable } from "../store/tables.ts"
import { ADMINS_ONLY } from "./audit.ts"
import { isoTime, loadRows, upsertRows, type Column } from "./bulk.ts"

export interface CoachQuestionRow {
  readonly tenant_id: string
  readonly asker: string
  readonly question_id: string
  readonly asked_at: string | null
  readonly answered_at: string | null
  readonly answer_kind: string | null
  readonly model: string | null
  readonly prompt_tokens: number
  readonly completion_tokens: number
  readonly helpful: boolean | null
}

const COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "asker", type: "text" },
  { name: "question_id", type: "text" },
  { name: "asked_at", type: "timestamptz" },
  { name: "answered_at", type: "timestamptz" },
  { name: "answer_kind", type: "text" },
  { name: "model", type: "text" },
  { name: "prompt_tokens", type: "integer" },
  { name: "completion_tokens", type: "integer" },
  { name: "helpful", type: "boolean" },
]
const KEY = ["tenant_id", "asker", "question_id"]

const questionsTable = {
  name: "coach_questions",
  create: (t: string) =>
    tenantTable(t, {
      columns: `asker text not null, question_id text not null, asked_at timestamptz, answered_at timestamptz, answer_kind text, model text,
        prompt_tokens integer not null default 0, completion_tokens integer not null default 0, helpful boolean`,
      primaryKey: "tenant_id, asker, question_id",
      indexes: { by_time: "tenant_id, asked_at" },
      visibleWhen: ADMINS_ONLY,
    }),
}

const decode = Schema.decodeUnknownExit(CoachEvent)

const emptyRow = (tenant: string, asker: string, questionId: string): CoachQuestionRow => ({
  tenant_id: tenant,
  asker,
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
    default:
      return row
  }
}

const questionOf = (event: CoachEvent): string | undefined => ("questionId" in event ? event.questionId : undefined)

/** The batch's coach events folded into their questions' rows, starting from the rows stored before. */
export const coachQuestionRows = async (
  commits: readonly Commit[],
  stored: (keys: readonly { tenant_id: string; asker: string; question_id: string }[]) => Promise<readonly CoachQuestionRow[]>,
): Promise<CoachQuestionRow[]> => {
  const touched: Array<{ key: string; tenant: string; asker: string; questionId: string; event: CoachEvent; at: string }> = []
  for (const commit of commits) {
    if (commit.addr.kind !== "coach") continue
    for (const raw of commit.events) {
      const decoded = decode(raw)
      // An event the schema refuses is not counted rather than poison: usage never holds up the other read models.
      if (decoded._tag !== "Success") continue
      const questionId = questionOf(decoded.value)
      if (questionId === undefined) continue
      const { tenant, id: asker } = commit.addr
      touched.push({ key: `${tenant}\u0000${asker}\u0000${questionId}`, tenant, asker, questionId, event: decoded.value, at: isoTime(commit.at) })
    }
  }
  if (touched.length === 0) return []
  const rows = new Map<string, CoachQuestionRow>()
  const keys = [...new Map(touched.map((t) => [t.key, { tenant_id: t.tenant, asker: t.asker, question_id: t.questionId }])).values()]
  for (const row of await stored(keys)) rows.set(`${row.tenant_id}\u0000${row.asker}\u0000${row.question_id}`, row)
  for (const t of touched) rows.set(t.key, folded(rows.get(t.key) ?? emptyRow(t.tenant, t.asker, t.questionId), t.event, t.at))
  return [...rows.values()]
}

const apply = async (sql: Sql, commits: readonly Commit[], tables: TableNames) => {
  const table = tables.coach_questions!
  const rows = await coachQuestionRows(commits, (keys) => loadRows<CoachQuestionRow>(sql, table, KEY, keys))
  await upsertRows(sql, table, COLUMNS, KEY, rows)
}

export const coachUsageProjection: Projection = {
  name: "coach_usage",
  version: 1,
  tables: [questionsTable],
  onPoison: { kind: "retry", attempts: 3, backoffMs: 200, then: "skip" },
  apply,
}
