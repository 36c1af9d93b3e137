/**
 * Analytics facts, shaped as BigQuery tables (see bigquery-tables.ts): one
 * row per event, one row per session with its metrics, one row per
 * organization and day with its engagement. Facts carry no free text (no
 * titles, bodies or notes): what a participant wrote stays in their journal.
 *
 * Idempotence: counters only grow by the events whose fact row is new.
 */
import type { Commit } from "../../engine/eventlog/port.ts"
import type { Projection, TableNames } from "../runner/projection.ts"
import type { Sql } from "../store/port.ts"
import { tenantTable, viewerHasRole } from "../store/tables.ts"
import { insertNewRows, isoTime, toJsonParam, type Column } from "../models/bulk.ts"
import { attributesOf } from "./attributes.ts"
import { applySessionMetrics, SESSION_METRICS_TABLE } from "./session-metrics.ts"

const EVENT_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "actor_kind", type: "text" },
  { name: "actor_id", type: "text" },
  { name: "seq", type: "integer" },
  { name: "log_position", type: "bigint" },
  { name: "event_type", type: "text" },
  { name: "user_id", type: "text" },
  { name: "occurred_at", type: "timestamptz" },
  { name: "event_date", type: "date" },
  { name: "attributes", type: "jsonb" },
]

/** Facts are for the organization's admins and facilitators, never for participants. */
export const STAFF_ONLY = `(${viewerHasRole("admin")} or ${viewerHasRole("facilitator")})`

const eventsTable = {
  name: "fact_events",
  create: (t: string) =>
    tenantTable(t, {
      columns: `actor_kind text not null, actor_id text not null, seq integer not null, log_position bigint not null, event_type text not null,
        user_id text not null, occurred_at timestamptz not null, event_date date not null, attributes jsonb not null`,
      // One commit has one position and distinct sequences, so (log_position, seq) is unique; as the only
      // index it serves both idempotent inserts and the exporter's order, and keeps inserts cheap.
      primaryKey: "log_position, seq",
      visibleWhen: STAFF_ONLY,
    }),
}

const dailyTable = {
  name: "fact_daily_engagement",
  create: (t: string) =>
    tenantTable(t, {
      columns: `day date not null, events integer not null, active_users integer not null, sessions_created integer not null,
        sessions_ended integer not null, participants_joined integer not null, canvas_operations integer not null,
        journal_entries_written integer not null, updated_position bigint not null`,
      primaryKey: "tenant_id, day",
      indexes: { by_position: "updated_position" },
      visibleWhen: STAFF_ONLY,
    }),
}

const activeUsersTable = {
  name: "fact_daily_active_users",
  create: (t: string) =>
    tenantTable(t, { columns: "day date not null, user_id text not null", primaryKey: "tenant_id, day, user_id", visibleWhen: STAFF_ONLY }),
}

interface NewFact {
  readonly tenant_id: string
  readonly event_date: string
  readonly actor_kind: string
  readonly event_type: string
  readonly user_id: string
  readonly log_position: number
  readonly attributes: Readonly<Record<string, unknown>>
}

interface DailyDelta {
  tenant_id: string
  day: string
  events: number
  active_users: number
  sessions_created: number
  sessions_ended: number
  participants_joined: number
  canvas_operations: number
  journal_entries_written: number
  updated_position: number
}

const COUNTERS = [
  "events",
  "active_users",
  "sessions_created",
  "sessions_ended",
  "participants_joined",
  "canvas_operations",
  "journal_entries_written",
] as const

const dailyDeltas = (facts: readonly NewFact[]): Map<string, DailyDelta> => {
  const deltas = new Map<string, DailyDelta>()
  for (const fact of facts) {
    const key = `${fact.tenant_id}/${fact.event_date}`
    let delta = deltas.get(key)
    if (!delta) {
      delta = {
        tenant_id: fact.tenant_id,
        day: fact.event_date,
        events: 0,
        active_users: 0,
        sessions_created: 0,
        sessions_ended: 0,
        participants_joined: 0,
        canvas_operations: 0,
        journal_entries_written: 0,
        updated_position: 0,
      }
      deltas.set(key, delta)
    }
    delta.events++
    delta.updated_position = Math.max(delta.updated_position, Number(fact.log_position))
    const type = `${fact.actor_kind}.${fact.event_type}`
    if (type === "session.created") delta.sessions_created++
    else if (type === "session.ended") delta.sessions_ended++
    else if (type === "session.participantJoined") delta.participants_joined++
    else if (type === "journal.entryWritten" && fact.attributes["moved"] !== true) delta.journal_entries_written++
    else if (fact.actor_kind === "canvas" && fact.event_type.startsWith("element")) delta.canvas_operations++
  }
  return deltas
}

const addDaily = async (sql: Sql, table: string, deltas: readonly DailyDelta[]) => {
  if (deltas.length === 0) return
  const columns = ["tenant_id", "day", ...COUNTERS, "updated_position"]
  await sql.query(
    `insert into ${table} (${columns.join(", ")})
     select ${columns.join(", ")} from jsonb_to_recordset($1::text::jsonb) as r(tenant_id text, day date, ${COUNTERS.map((c) => `${c} integer`).join(", ")}, updated_position bigint)
     on conflict (tenant_id, day) do update set ${COUNTERS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(", ")},
       updated_position = greatest(${table}.updated_position, excluded.updated_position)`,
    [toJsonParam(deltas)],
  )
}

const apply = async (sql: Sql, commits: readonly Commit[], tables: TableNames) => {
  const rows = commits.flatMap((commit) =>
    commit.events.map((event, i) => {
      const type = String((event as { type?: unknown }).type)
      const at = isoTime(commit.at)
      return {
        tenant_id: commit.addr.tenant,
        actor_kind: commit.addr.kind,
        actor_id: commit.addr.id,
        seq: commit.firstSeq + i,
        log_position: commit.position,
        event_type: type,
        user_id: commit.by,
        occurred_at: at,
        event_date: at.slice(0, 10),
        attributes: attributesOf(commit.addr.kind, event),
      }
    }),
  )
  const fresh = await insertNewRows<NewFact>(
    sql,
    tables.fact_events!,
    EVENT_COLUMNS,
    ["log_position", "seq"],
    rows,
    "tenant_id, event_date::text as event_date, actor_kind, event_type, user_id, log_position, attributes",
  )
  const deltas = dailyDeltas(fresh)
  const visits = [
    ...new Map(
      fresh.map((f) => [`${f.tenant_id}/${f.event_date}/${f.user_id}`, { tenant_id: f.tenant_id, day: f.event_date, user_id: f.user_id }]),
    ).values(),
  ]
  const firstVisits = await insertNewRows<{ tenant_id: string; day: string }>(
    sql,
    tables.fact_daily_active_users!,
    [
      { name: "tenant_id", type: "text" },
      { name: "day", type: "date" },
      { name: "user_id", type: "text" },
    ],
    ["tenant_id", "day", "user_id"],
    visits,
    "tenant_id, day::text as day",
  )
  for (const visit of firstVisits) deltas.get(`${visit.tenant_id}/${visit.day}`)!.active_users++
  await addDaily(sql, tables.fact_daily_engagement!, [...deltas.values()])
  await applySessionMetrics(sql, commits, tables.fact_session_metrics!)
}

export const analyticsProjection: Projection = {
  name: "analytics",
  version: 1,
  tables: [eventsTable, SESSION_METRICS_TABLE, dailyTable, activeUsersTable],
  onPoison: { kind: "skip" },
  apply,
}
