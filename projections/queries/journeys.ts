/**
 * The organization's journeys, run inside a viewer transaction: row-level
 * security keeps them to the caller's tenant and to its facilitators and
 * admins. Last changed first, by keyset on (updated_at, journey_id).
 */
import type { Sql } from "../store/port.ts"
import { decodeCursor, iso, pageOf, type Page } from "./page.ts"

export interface JourneySummary {
  readonly id: string
  readonly title: string
  readonly description: string
  /** The latest version's number. */
  readonly version: number
  readonly status: "active" | "archived"
  readonly templateId: string | null
  /** Activities per phase in the latest version. */
  readonly activities: { readonly Pause: number; readonly Expand: number; readonly Focus: number; readonly Doing: number }
  readonly createdBy: string
  readonly createdAt: string
  readonly updatedAt: string
}

export interface JourneyFilter {
  /** Absent: active only. */
  readonly status?: "active" | "archived" | "all"
  /** Words the title contains, ignoring case. */
  readonly q?: string
  readonly limit: number
  readonly cursor?: string
}

const summary = (row: Record<string, any>): JourneySummary => ({
  id: row.journey_id,
  title: row.title,
  description: row.description,
  version: row.version,
  status: row.status,
  templateId: row.template_id,
  activities: { Pause: row.pause_activities, Expand: row.expand_activities, Focus: row.focus_activities, Doing: row.doing_activities },
  createdBy: row.created_by,
  createdAt: iso(row.created_at)!,
  updatedAt: iso(row.updated_at)!,
})

export const listJourneys = async (sql: Sql, filter: JourneyFilter): Promise<Page<JourneySummary>> => {
  const status = filter.status ?? "active"
  const q = filter.q?.trim() ? filter.q.trim() : null
  const params: unknown[] = [status === "all" ? null : status, q, filter.limit + 1]
  let after = ""
  if (filter.cursor) {
    const [time, id] = decodeCursor(filter.cursor, ["time", "id"])
    params.push(time, id)
    after = "and (updated_at, journey_id) < ($4::timestamptz, $5)"
  }
  // strpos, not LIKE: the caller's words are matched as they are, % and _ included.
  const rows = await sql.query<Record<string, any>>(
    `select * from journeys where ($1::text is null or status = $1) and ($2::text is null or strpos(lower(title), lower($2)) > 0) ${after}
     order by updated_at desc, journey_id desc limit $3`,
    params,
  )
  return pageOf(rows, filter.limit, summary, (row) => [iso(row.updated_at)!, row.journey_id])
}
