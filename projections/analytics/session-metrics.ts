/**
 * Session metrics fact: per session, when it ran, how long, how many took
 * part (distinct, and at the peak), and how far through the journey it got.
 */
import type { Commit } from "../../engine/eventlog/port.ts"
import { SessionEvent } from "../../actors/session/protocol.ts"
import type { Sql } from "../store/port.ts"
import { tenantTable, viewerHasRole } from "../store/tables.ts"
import { isoFromDb, isoTime, loadRows, upsertRows, type Column } from "../models/bulk.ts"
import { decoderFor, notCreated, streamsOf } from "../models/streams.ts"

export interface SessionMetricsRow {
  readonly tenant_id: string
  readonly session_id: string
  readonly facilitator_id: string
  readonly session_date: string
  readonly created_at: string
  readonly first_phase_at: string | null
  readonly ended_at: string | null
  readonly duration_seconds: number | null
  readonly participants_joined: number
  readonly peak_participants: number
  readonly phases_reached: number
  readonly final_phase: string | null
  /** Bookkeeping for the distinct and peak counts; not exported. */
  readonly joined_ids: readonly string[]
  readonly present_ids: readonly string[]
  readonly updated_position: number
  readonly last_seq: number
}

const COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "session_id", type: "text" },
  { name: "facilitator_id", type: "text" },
  { name: "session_date", type: "date" },
  { name: "created_at", type: "timestamptz" },
  { name: "first_phase_at", type: "timestamptz" },
  { name: "ended_at", type: "timestamptz" },
  { name: "duration_seconds", type: "integer" },
  { name: "participants_joined", type: "integer" },
  { name: "peak_participants", type: "integer" },
  { name: "phases_reached", type: "integer" },
  { name: "final_phase", type: "text" },
  { name: "joined_ids", type: "text[]" },
  { name: "present_ids", type: "text[]" },
  { name: "updated_position", type: "bigint" },
  { name: "last_seq", type: "integer" },
]

export const SESSION_METRICS_TABLE = {
  name: "fact_session_metrics",
  create: (t: string) =>
    tenantTable(t, {
      columns: `session_id text not null, facilitator_id text not null, session_date date not null, created_at timestamptz not null,
        first_phase_at timestamptz, ended_at timestamptz, duration_seconds integer, participants_joined integer not null,
        peak_participants integer not null, phases_reached integer not null, final_phase text, joined_ids text[] not null,
        present_ids text[] not null, updated_position bigint not null, last_seq integer not null`,
      primaryKey: "tenant_id, session_id",
      indexes: { by_position: "updated_position" },
      visibleWhen: `(${viewerHasRole("admin")} or ${viewerHasRole("facilitator")})`,
    }),
}

const decode = decoderFor(SessionEvent, "session")

const fromDb = (row: Record<string, unknown>): SessionMetricsRow =>
  ({
    ...row,
    session_date: isoFromDb(row.session_date)?.slice(0, 10),
    created_at: isoFromDb(row.created_at),
    first_phase_at: isoFromDb(row.first_phase_at),
    ended_at: isoFromDb(row.ended_at),
    updated_position: Number(row.updated_position),
  }) as SessionMetricsRow

export const applySessionMetrics = async (sql: Sql, commits: readonly Commit[], table: string) => {
  const streams = streamsOf(commits, "session", decode)
  if (streams.size === 0) return
  const keys = [...streams.values()].map((s) => ({ tenant_id: s.addr.tenant, session_id: s.addr.id }))
  const existing = new Map(
    (await loadRows<Record<string, unknown>>(sql, table, ["tenant_id", "session_id"], keys)).map((row) => [
      `${row.tenant_id}/${row.session_id}`,
      fromDb(row),
    ]),
  )
  const changed: SessionMetricsRow[] = []
  for (const stream of streams.values()) {
    const before = existing.get(`${stream.addr.tenant}/${stream.addr.id}`)
    let row = before
    for (const { event, seq, at: ms, position } of stream.events) {
      if (row && seq <= row.last_seq) continue
      const at = isoTime(ms)
      if (event.type === "created") {
        row = {
          tenant_id: stream.addr.tenant,
          session_id: stream.addr.id,
          facilitator_id: event.facilitatorId,
          session_date: at.slice(0, 10),
          created_at: at,
          first_phase_at: null,
          ended_at: null,
          duration_seconds: null,
          participants_joined: 0,
          peak_participants: 0,
          phases_reached: 0,
          final_phase: null,
          joined_ids: [],
          present_ids: [],
          updated_position: position,
          last_seq: seq,
        }
        continue
      }
      if (!row) throw notCreated(stream.addr, seq, event.type)
      row = { ...row, updated_position: position, last_seq: seq }
      if (event.type === "participantJoined") {
        const present = [...row.present_ids.filter((id) => id !== event.userId), event.userId]
        const joined = row.joined_ids.includes(event.userId) ? row.joined_ids : [...row.joined_ids, event.userId]
        row = {
          ...row,
          present_ids: present,
          joined_ids: joined,
          participants_joined: joined.length,
          peak_participants: Math.max(row.peak_participants, present.length),
        }
      } else if (event.type === "participantLeft") {
        row = { ...row, present_ids: row.present_ids.filter((id) => id !== event.userId) }
      } else if (event.type === "phaseAdvanced") {
        row = { ...row, first_phase_at: row.first_phase_at ?? at, phases_reached: row.phases_reached + 1, final_phase: event.to }
      } else if (event.type === "ended") {
        row = { ...row, ended_at: at, duration_seconds: Math.round((ms - Date.parse(row.created_at)) / 1000) }
      }
    }
    if (row && row !== before) changed.push(row)
  }
  await upsertRows(sql, table, COLUMNS, ["tenant_id", "session_id"], changed)
}
