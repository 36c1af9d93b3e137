/** Session queries, run inside a viewer transaction: row-level security decides which sessions exist for the caller. */
import type { Sql } from "../store/port.ts"
import { decodeCursor, iso, pageOf, type Page } from "./page.ts"

export interface SessionSummary {
  readonly id: string
  readonly title: string
  readonly status: string
  readonly phase: string | null
  readonly locked: boolean
  readonly facilitatorIds: readonly string[]
  readonly participantCount: number
  readonly createdAt: string
  readonly endedAt: string | null
}

export interface SessionDetail extends SessionSummary {
  readonly phases: readonly string[]
  readonly phaseStartedAt: string | null
  readonly participants: readonly { userId: string; displayName: string; joinedAt: string; leftAt: string | null }[]
  readonly timeline: readonly { seq: number; at: string; by: string; type: string; detail: unknown }[]
}

export interface SessionFilter {
  readonly status?: "open" | "ended"
  readonly limit: number
  readonly cursor?: string
}

/** What a list shows: the participants' records and the phases stay behind (they are most of a row's bytes). */
const SUMMARY_COLUMNS =
  "session_id, title, status, phase, locked, facilitator_ids, cardinality(participant_ids) as participant_count, created_at, ended_at"

const summary = (row: Record<string, any>): SessionSummary => ({
  id: row.session_id,
  title: row.title,
  status: row.status,
  phase: row.phase,
  locked: row.locked,
  facilitatorIds: row.facilitator_ids,
  participantCount: row.participant_count,
  createdAt: iso(row.created_at)!,
  endedAt: iso(row.ended_at),
})

export const listSessions = async (sql: Sql, filter: SessionFilter): Promise<Page<SessionSummary>> => {
  const params: unknown[] = [filter.status ?? null, filter.limit + 1]
  let after = ""
  if (filter.cursor) {
    const [time, id] = decodeCursor(filter.cursor, ["time", "id"])
    params.push(time, id)
    after = "and (created_at, session_id) < ($3::timestamptz, $4)"
  }
  const rows = await sql.query<Record<string, any>>(
    `select ${SUMMARY_COLUMNS} from sessions where ($1::text is null or status = $1) ${after} order by created_at desc, session_id desc limit $2`,
    params,
  )
  return pageOf(rows, filter.limit, summary, (row) => [iso(row.created_at)!, row.session_id])
}

export const getSession = async (sql: Sql, id: string): Promise<SessionDetail | undefined> => {
  const [row] = await sql.query<Record<string, any>>(
    "select *, cardinality(participant_ids) as participant_count from sessions where session_id = $1",
    [id],
  )
  if (!row) return undefined
  const timeline = await sql.query<Record<string, any>>(
    "select seq, at, by_user, type, detail from session_timeline where session_id = $1 order by seq limit 1000",
    [id],
  )
  return {
    ...summary(row),
    phases: row.phases,
    phaseStartedAt: iso(row.phase_started_at),
    participants: row.participants,
    timeline: timeline.map((t) => ({ seq: t.seq, at: iso(t.at)!, by: t.by_user, type: t.type, detail: t.detail })),
  }
}
