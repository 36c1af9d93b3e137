/** Canvas queries; the privacy rule (owner, facilitators, members while shared) is row-level security. */
import type { Sql, Viewer } from "../store/port.ts"
import { decodeCursor, iso, pageOf, type Page } from "./page.ts"

export interface CanvasSummary {
  readonly id: string
  readonly title: string
  readonly ownerId: string
  readonly privacy: string
  readonly sessionId: string | null
  readonly members: readonly { userId: string; access: string }[]
  readonly elementCount: number
  readonly elementCounts: Readonly<Record<string, number>>
  readonly createdAt: string
  readonly updatedAt: string
}

export interface CanvasFilter {
  readonly sessionId?: string
  readonly privacy?: "private" | "shared"
  readonly ownerId?: string
  readonly limit: number
  readonly cursor?: string
}

/** As the canvas actor redacts grants: its managers (owner, facilitators) see them all, a member only their own. */
const membersFor = (viewer: Viewer, row: Record<string, any>): CanvasSummary["members"] =>
  row.owner_id === viewer.userId || viewer.roles.includes("facilitator")
    ? row.shares
    : row.shares.filter((share: { userId: string }) => share.userId === viewer.userId)

const summary =
  (viewer: Viewer) =>
  (row: Record<string, any>): CanvasSummary => ({
    id: row.canvas_id,
    title: row.title,
    ownerId: row.owner_id,
    privacy: row.privacy,
    sessionId: row.session_id,
    members: membersFor(viewer, row),
    elementCount: row.element_count,
    elementCounts: row.element_counts,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  })

export const listCanvases = async (sql: Sql, viewer: Viewer, filter: CanvasFilter): Promise<Page<CanvasSummary>> => {
  const params: unknown[] = [filter.sessionId ?? null, filter.privacy ?? null, filter.ownerId ?? null, filter.limit + 1]
  let after = ""
  if (filter.cursor) {
    const [time, id] = decodeCursor(filter.cursor, ["time", "id"])
    params.push(time, id)
    after = "and (updated_at, canvas_id) < ($5::timestamptz, $6)"
  }
  const rows = await sql.query<Record<string, any>>(
    `select * from canvases where ($1::text is null or session_id = $1) and ($2::text is null or privacy = $2) and ($3::text is null or owner_id = $3) ${after}
     order by updated_at desc, canvas_id desc limit $4`,
    params,
  )
  return pageOf(rows, filter.limit, summary(viewer), (row) => [iso(row.updated_at)!, row.canvas_id])
}

export const getCanvas = async (sql: Sql, viewer: Viewer, id: string): Promise<CanvasSummary | undefined> => {
  const [row] = await sql.query<Record<string, any>>("select * from canvases where canvas_id = $1", [id])
  return row && summary(viewer)(row)
}
