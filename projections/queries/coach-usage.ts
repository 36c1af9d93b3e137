/**
 * An organization's AI usage from its coach questions and copilot drafts
 * (models/coach-usage.ts), in a time range of when they were asked (a
 * question) or made (a draft): the counts of the admins' report and the
 * tokens per model that AI credits will be counted in. The coach's counts
 * are of its questions only; tokens are of both. Row-level security keeps
 * it to the caller's tenant and its admins.
 */
import type { CoachUsage } from "../../actors/coach/usage.ts"
import type { Sql } from "../store/port.ts"

export interface ModelUsage {
  readonly model: string
  /** The coach's answers this model composed. */
  readonly answers: number
  /** The copilot's drafts this model was asked for (the ones it wrote, and the ones that fell back to the extractive default after it). */
  readonly drafts: number
  readonly promptTokens: number
  readonly completionTokens: number
}

const range = (from: number | undefined, to: number | undefined) => [
  from === undefined ? null : new Date(from).toISOString(),
  to === undefined ? null : new Date(to).toISOString(),
]
const WITHIN =
  "($1::timestamptz is null or coalesce(asked_at, answered_at) >= $1) and ($2::timestamptz is null or coalesce(asked_at, answered_at) <= $2)"
const COACH = "purpose = 'coach'"
const DRAFT = "purpose <> 'coach'"

export const coachUsage = async (sql: Sql, from: number | undefined, to: number | undefined): Promise<CoachUsage & { byModel: ModelUsage[] }> => {
  const [totals] = await sql.query<Record<string, number>>(
    `select count(*) filter (where ${COACH} and asked_at is not null)::int as questions,
       count(*) filter (where ${COACH} and answer_kind = 'model')::int as answers,
       count(*) filter (where ${COACH} and answer_kind in ('crisis', 'nothing'))::int as without_model,
       count(*) filter (where ${COACH} and answer_kind = 'failed')::int as failed,
       count(*) filter (where ${DRAFT})::int as copilot_drafts,
       coalesce(sum(prompt_tokens), 0)::int as prompt_tokens,
       coalesce(sum(completion_tokens), 0)::int as completion_tokens,
       count(*) filter (where ${COACH} and helpful)::int as helpful,
       count(*) filter (where ${COACH} and not helpful)::int as not_helpful
     from coach_questions where ${WITHIN}`,
    range(from, to),
  )
  const models = await sql.query<Record<string, any>>(
    `select model, count(*) filter (where ${COACH} and answer_kind = 'model')::int as answers,
       count(*) filter (where ${DRAFT})::int as drafts,
       coalesce(sum(prompt_tokens), 0)::int as prompt_tokens, coalesce(sum(completion_tokens), 0)::int as completion_tokens
     from coach_questions where model is not null and ${WITHIN} group by model order by model collate "C"`,
    range(from, to),
  )
  return {
    questions: totals?.questions ?? 0,
    answers: totals?.answers ?? 0,
    repliesWithoutModel: totals?.without_model ?? 0,
    failed: totals?.failed ?? 0,
    copilotDrafts: totals?.copilot_drafts ?? 0,
    promptTokens: totals?.prompt_tokens ?? 0,
    completionTokens: totals?.completion_tokens ?? 0,
    helpful: totals?.helpful ?? 0,
    notHelpful: totals?.not_helpful ?? 0,
    byModel: models.map((row) => ({
      model: row.model,
      answers: row.answers,
      drafts: row.drafts,
      promptTokens: row.prompt_tokens,
      completionTokens: row.completion_tokens,
    })),
  }
}
