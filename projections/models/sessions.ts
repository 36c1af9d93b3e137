/**
 * Sessions read model: one row per session (status, phase, who is in it)
 * and its timeline (every event, in order). Who may see a session mirrors
 * the session actor's `canRead`: its facilitators and current participants,
 * and the tenant's admins.
 */
import type { Commit } from "../../engine/eventlog/port.ts"
import { SessionEvent } from "../../actors/session/protocol.ts"
import type { Projection, TableNames } from "../runner/projection.ts"
import type { Sql } from "../store/port.ts"
import { CURRENT_USER_ID, tenantTable, viewerHasRole } from "../store/tables.ts"
import { isoFromDb, isoTime, loadRows, insertNewRows, upsertRows, type Column } from "./bulk.ts"
import { decoderFor, notCreated, streamsOf, type LoggedEvent } from "./streams.ts"

export interface ParticipantRecord {
  readonly userId: string
  readonly displayName: string
  readonly joinedAt: string
  readonly leftAt: string | null
}

export interface SessionRow {
  readonly tenant_id: string
  readonly session_id: string
  readonly title: string
  readonly status: "open" | "ended"
  readonly phase: string | null
  readonly phases: readonly string[]
  readonly join_code: string
  readonly locked: boolean
  readonly facilitator_ids: readonly string[]
  /** Present now; `participants` also keeps those who left. */
  readonly participant_ids: readonly string[]
  readonly participants: readonly ParticipantRecord[]
  readonly created_at: string
  readonly phase_started_at: string | null
  readonly ended_at: string | null
  readonly updated_at: string
  readonly last_seq: number
}

const SESSION_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "session_id", type: "text" },
  { name: "title", type: "text" },
  { name: "status", type: "text" },
  { name: "phase", type: "text" },
  { name: "phases", type: "jsonb" },
  { name: "join_code", type: "text" },
  { name: "locked", type: "boolean" },
  { name: "facilitator_ids", type: "text[]" },
  { name: "participant_ids", type: "text[]" },
  { name: "participants", type: "jsonb" },
  { name: "created_at", type: "timestamptz" },
  { name: "phase_started_at", type: "timestamptz" },
  { name: "ended_at", type: "timestamptz" },
  { name: "updated_at", type: "timestamptz" },
  { name: "last_seq", type: "integer" },
]

const TIMELINE_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "session_id", type: "text" },
  { name: "seq", type: "integer" },
  { name: "at", type: "timestamptz" },
  { name: "by_user", type: "text" },
  { name: "type", type: "text" },
  { name: "detail", type: "jsonb" },
]

export const SESSION_VISIBLE = `(${CURRENT_USER_ID} = any(facilitator_ids) or ${CURRENT_USER_ID} = any(participant_ids) or ${viewerHasRole("admin")})`

const sessionsTable = {
  name: "sessions",
  create: (t: string) =>
    tenantTable(t, {
      columns: `session_id text not null, title text not null, status text not null, phase text, phases jsonb not null,
        join_code text not null, locked boolean not null, facilitator_ids text[] not null, participant_ids text[] not null,
        participants jsonb not null, created_at timestamptz not null, phase_started_at timestamptz, ended_at timestamptz,
        updated_at timestamptz not null, last_seq integer not null`,
      primaryKey: "tenant_id, session_id",
      indexes: { by_created: "tenant_id, created_at desc, session_id desc" },
      visibleWhen: SESSION_VISIBLE,
    }),
}

const timelineTable = {
  name: "session_timeline",
  create: (t: string, tables: TableNames) =>
    tenantTable(t, {
      columns:
        "session_id text not null, seq integer not null, at timestamptz not null, by_user text not null, type text not null, detail jsonb not null",
      primaryKey: "tenant_id, session_id, seq",
      // Visible exactly when its session is: the session table's own policy decides.
      visibleWhen: `exists (select 1 from ${tables.sessions} s where s.tenant_id = ${t}.tenant_id and s.session_id = ${t}.session_id)`,
    }),
}

const decode = decoderFor(SessionEvent, "session")

const fromDb = (row: Record<string, unknown>): SessionRow =>
  ({
    ...row,
    created_at: isoFromDb(row.created_at),
    phase_started_at: isoFromDb(row.phase_started_at),
    ended_at: isoFromDb(row.ended_at),
    updated_at: isoFromDb(row.updated_at),
  }) as SessionRow

/**
 * What every member may see of an event in the timeline: the actor withholds
 * picks until revealed, face-down spreads, and ballots from some members, so
 * the timeline (one row for all of them) never carries those fields. Reveals
 * and poll results arrive as their own events.
 */
export const timelineDetail = (event: SessionEvent): Record<string, unknown> => {
  const { type: _type, ...detail } = event
  switch (event.type) {
    case "cardsDrawn":
      return event.faceDown ? { ...detail, seed: "", cardIds: [] } : detail
    case "cardPicked":
      return { drawId: event.drawId, userId: event.userId }
    case "voteCast":
      return { pollId: event.pollId }
    default:
      return detail
  }
}

const withoutParticipant = (row: SessionRow, userId: string, at: string): SessionRow => ({
  ...row,
  participant_ids: row.participant_ids.filter((id) => id !== userId),
  participants: row.participants.map((p) => (p.userId === userId && p.leftAt === null ? { ...p, leftAt: at } : p)),
})

export const evolveSession = (row: SessionRow | undefined, tenant: string, sessionId: string, logged: LoggedEvent<SessionEvent>): SessionRow => {
  const { event, seq } = logged
  const at = isoTime(logged.at)
  if (event.type === "created") {
    return {
      tenant_id: tenant,
      session_id: sessionId,
      title: event.title,
      status: "open",
      phase: null,
      phases: event.phases,
      join_code: event.joinCode,
      locked: false,
      facilitator_ids: [event.facilitatorId],
      participant_ids: [],
      participants: [],
      created_at: at,
      phase_started_at: null,
      ended_at: null,
      updated_at: at,
      last_seq: seq,
    }
  }
  if (!row) throw notCreated({ tenant, kind: "session", id: sessionId }, seq, event.type)
  const next = { ...row, updated_at: at, last_seq: seq }
  switch (event.type) {
    case "participantJoined":
      return {
        ...next,
        participant_ids: [...row.participant_ids.filter((id) => id !== event.userId), event.userId],
        participants: [
          ...row.participants.filter((p) => p.userId !== event.userId),
          { userId: event.userId, displayName: event.displayName, joinedAt: at, leftAt: null },
        ],
      }
    case "participantLeft":
    case "participantRemoved":
      return withoutParticipant(next, event.userId, at)
    case "phaseAdvanced":
      return { ...next, phase: event.to, phase_started_at: at }
    case "ended":
      return { ...next, status: "ended", ended_at: at }
    case "locked":
      return { ...next, locked: true }
    case "unlocked":
      return { ...next, locked: false }
    // Facilitation, cards, polls and breakouts live in the timeline; the row only moves on.
    default:
      return next
  }
}

const apply = async (sql: Sql, commits: readonly Commit[], tables: TableNames) => {
  const streams = streamsOf(commits, "session", decode)
  if (streams.size === 0) return
  const keys = [...streams.values()].map((s) => ({ tenant_id: s.addr.tenant, session_id: s.addr.id }))
  const existing = new Map(
    (await loadRows<Record<string, unknown>>(sql, tables.sessions!, ["tenant_id", "session_id"], keys)).map((row) => [
      `${row.tenant_id}/${row.session_id}`,
      fromDb(row),
    ]),
  )
  const changed: SessionRow[] = []
  const timeline: object[] = []
  for (const stream of streams.values()) {
    const before = existing.get(`${stream.addr.tenant}/${stream.addr.id}`)
    let row = before
    for (const logged of stream.events) {
      // Already applied (a replay after a crash, or an overlapping batch): skip, which is what makes this idempotent.
      if (row && logged.seq <= row.last_seq) continue
      row = evolveSession(row, stream.addr.tenant, stream.addr.id, logged)
      timeline.push({
        tenant_id: stream.addr.tenant,
        session_id: stream.addr.id,
        seq: logged.seq,
        at: isoTime(logged.at),
        by_user: logged.by,
        type: logged.event.type,
        detail: timelineDetail(logged.event),
      })
    }
    if (row && row !== before) changed.push(row)
  }
  await upsertRows(sql, tables.sessions!, SESSION_COLUMNS, ["tenant_id", "session_id"], changed)
  await insertNewRows(sql, tables.session_timeline!, TIMELINE_COLUMNS, ["tenant_id", "session_id", "seq"], timeline)
}

export const sessionsProjection: Projection = {
  name: "sessions",
  version: 1,
  tables: [sessionsTable, timelineTable],
  onPoison: { kind: "retry", attempts: 3, backoffMs: 200, then: "skip" },
  apply,
}
