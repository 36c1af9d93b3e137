/**
 * Journeys read model: one row per journey of an organization, as the
 * journey list shows it: the latest version's title, description and how
 * many activities each phase holds, its number, whether the journey is
 * active or archived, who created it and when it last changed. The versions
 * themselves stay with the actor (`GET /api/journeys/{id}`). Who may see a
 * journey mirrors the journey actor's `canRead`: the tenant's facilitators
 * and admins.
 */
import type { Commit } from "../../engine/eventlog/port.ts"
import { JourneyEvent, PHASES, type Plan } from "../../actors/journey/protocol.ts"
import type { Projection, TableNames } from "../runner/projection.ts"
import type { Sql } from "../store/port.ts"
import { tenantTable, viewerHasRole } from "../store/tables.ts"
import { isoFromDb, isoTime, loadRows, upsertRows, type Column } from "./bulk.ts"
import { decoderFor, notCreated, streamsOf, type LoggedEvent } from "./streams.ts"

export interface JourneyRow {
  readonly tenant_id: string
  readonly journey_id: string
  readonly title: string
  readonly description: string
  /** The latest version's number (0 only between `created` and its version 1, which share a commit). */
  readonly version: number
  readonly status: "active" | "archived"
  readonly template_id: string | null
  /** Activities per phase in the latest version. */
  readonly pause_activities: number
  readonly expand_activities: number
  readonly focus_activities: number
  readonly doing_activities: number
  readonly created_by: string
  readonly created_at: string
  readonly updated_at: string
  readonly last_seq: number
}

const JOURNEY_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "journey_id", type: "text" },
  { name: "title", type: "text" },
  { name: "description", type: "text" },
  { name: "version", type: "integer" },
  { name: "status", type: "text" },
  { name: "template_id", type: "text" },
  { name: "pause_activities", type: "integer" },
  { name: "expand_activities", type: "integer" },
  { name: "focus_activities", type: "integer" },
  { name: "doing_activities", type: "integer" },
  { name: "created_by", type: "text" },
  { name: "created_at", type: "timestamptz" },
  { name: "updated_at", type: "timestamptz" },
  { name: "last_seq", type: "integer" },
]

/** The journey actor's `mayReadJourney`: facilitators and admins plan, and so read, the tenant's journeys. */
export const JOURNEY_VISIBLE = `(${viewerHasRole("facilitator")} or ${viewerHasRole("admin")})`

const journeysTable = {
  name: "journeys",
  create: (t: string) =>
    tenantTable(t, {
      columns: `journey_id text not null, title text not null, description text not null, version integer not null, status text not null,
        template_id text, pause_activities integer not null, expand_activities integer not null, focus_activities integer not null,
        doing_activities integer not null, created_by text not null, created_at timestamptz not null, updated_at timestamptz not null,
        last_seq integer not null`,
      primaryKey: "tenant_id, journey_id",
      indexes: { by_updated: "tenant_id, updated_at desc, journey_id desc", by_status: "tenant_id, status, updated_at desc, journey_id desc" },
      visibleWhen: JOURNEY_VISIBLE,
    }),
}

const decode = decoderFor(JourneyEvent, "journey")

const fromDb = (row: Record<string, unknown>): JourneyRow =>
  ({ ...row, created_at: isoFromDb(row.created_at), updated_at: isoFromDb(row.updated_at) }) as JourneyRow

const phaseCounts = (plan: Plan) => {
  const [Pause, Expand, Focus, Doing] = PHASES.map((phase) => plan[phase].length)
  return { pause_activities: Pause!, expand_activities: Expand!, focus_activities: Focus!, doing_activities: Doing! }
}

export const evolveJourneyRow = (row: JourneyRow | undefined, tenant: string, journeyId: string, logged: LoggedEvent<JourneyEvent>): JourneyRow => {
  const { event, seq } = logged
  const at = isoTime(logged.at)
  if (event.type === "created") {
    return {
      tenant_id: tenant,
      journey_id: journeyId,
      title: "",
      description: "",
      version: 0,
      status: "active",
      template_id: event.templateId,
      pause_activities: 0,
      expand_activities: 0,
      focus_activities: 0,
      doing_activities: 0,
      created_by: event.ownerId,
      created_at: at,
      updated_at: at,
      last_seq: seq,
    }
  }
  if (!row) throw notCreated({ tenant, kind: "journey", id: journeyId }, seq, event.type)
  const next = { ...row, updated_at: at, last_seq: seq }
  switch (event.type) {
    case "versionPublished":
      return { ...next, title: event.title, description: event.description, version: event.version, ...phaseCounts(event.plan) }
    case "archived":
      return { ...next, status: "archived" }
    case "restored":
      return { ...next, status: "active" }
    default:
      return event satisfies never
  }
}

const apply = async (sql: Sql, commits: readonly Commit[], tables: TableNames) => {
  const streams = streamsOf(commits, "journey", decode)
  if (streams.size === 0) return
  const keys = [...streams.values()].map((s) => ({ tenant_id: s.addr.tenant, journey_id: s.addr.id }))
  const existing = new Map(
    (await loadRows<Record<string, unknown>>(sql, tables.journeys!, ["tenant_id", "journey_id"], keys)).map((row) => [
      `${row.tenant_id}/${row.journey_id}`,
      fromDb(row),
    ]),
  )
  const changed: JourneyRow[] = []
  for (const stream of streams.values()) {
    const before = existing.get(`${stream.addr.tenant}/${stream.addr.id}`)
    let row = before
    for (const logged of stream.events) {
      // Already applied (a replay, or an overlapping batch): skipping it is what makes this idempotent.
      if (row && logged.seq <= row.last_seq) continue
      row = evolveJourneyRow(row, stream.addr.tenant, stream.addr.id, logged)
    }
    if (row && row !== before) changed.push(row)
  }
  await upsertRows(sql, tables.journeys!, JOURNEY_COLUMNS, ["tenant_id", "journey_id"], changed)
}

export const journeysProjection: Projection = {
  name: "journeys",
  version: 1,
  tables: [journeysTable],
  onPoison: { kind: "retry", attempts: 3, backoffMs: 200, then: "skip" },
  apply,
}
