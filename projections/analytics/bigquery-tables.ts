/**
 * The analytics fact tables as BigQuery sees them: schema, where each row
 * comes from in the read store, and its insertId. Rows of changing facts
 * (session metrics, daily engagement) are sent again at each change with a
 * higher `version`; in BigQuery, the latest version per key is the fact:
 *
 *   select * except (rn) from (select *, row_number() over (partition by organization_id, session_id order by version desc) rn
 *     from `<dataset>.session_metrics`) where rn = 1
 */
export type FieldType = "STRING" | "INT64" | "TIMESTAMP" | "DATE" | "JSON"

export interface Field {
  readonly name: string
  readonly type: FieldType
  readonly mode: "REQUIRED" | "NULLABLE"
}

export interface FactTable {
  /** BigQuery table id. */
  readonly name: "events" | "session_metrics" | "daily_engagement"
  readonly fields: readonly Field[]
  /** Read-store table and its export order: rows are shipped in increasing (position, seq). */
  readonly source: string
  readonly position: string
  readonly seq: string
  /** Maps a read-store row to BigQuery's JSON row and its insertId. */
  readonly row: (source: Record<string, any>) => { insertId: string; json: Record<string, unknown> }
}

const required = (name: string, type: FieldType): Field => ({ name, type, mode: "REQUIRED" })
const nullable = (name: string, type: FieldType): Field => ({ name, type, mode: "NULLABLE" })

/** BigQuery's canonical timestamp text, accepted by both load jobs and streaming inserts. */
export const bigQueryTimestamp = (value: unknown): string | null => {
  if (value === null || value === undefined) return null
  const date = value instanceof Date ? value : new Date(typeof value === "number" ? value : String(value))
  return date.toISOString().replace("T", " ").replace("Z", " UTC")
}

export const bigQueryDate = (value: unknown): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10)

export const FACT_TABLES: readonly FactTable[] = [
  {
    name: "events",
    fields: [
      required("organization_id", "STRING"),
      required("event_id", "STRING"),
      required("actor_kind", "STRING"),
      required("actor_id", "STRING"),
      required("seq", "INT64"),
      required("log_position", "INT64"),
      required("event_type", "STRING"),
      required("user_id", "STRING"),
      required("occurred_at", "TIMESTAMP"),
      required("event_date", "DATE"),
      required("attributes", "JSON"),
    ],
    source: "fact_events",
    position: "log_position",
    seq: "seq",
    row: (r) => {
      const eventId = `${r.tenant_id}.${r.actor_kind}.${r.actor_id}.${r.seq}`
      return {
        insertId: eventId,
        json: {
          organization_id: r.tenant_id,
          event_id: eventId,
          actor_kind: r.actor_kind,
          actor_id: r.actor_id,
          seq: Number(r.seq),
          log_position: Number(r.log_position),
          event_type: r.event_type,
          user_id: r.user_id,
          occurred_at: bigQueryTimestamp(r.occurred_at),
          event_date: bigQueryDate(r.event_date),
          attributes: JSON.stringify(r.attributes),
        },
      }
    },
  },
  {
    name: "session_metrics",
    fields: [
      required("organization_id", "STRING"),
      required("session_id", "STRING"),
      required("facilitator_id", "STRING"),
      required("session_date", "DATE"),
      required("created_at", "TIMESTAMP"),
      nullable("first_phase_at", "TIMESTAMP"),
      nullable("ended_at", "TIMESTAMP"),
      nullable("duration_seconds", "INT64"),
      required("participants_joined", "INT64"),
      required("peak_participants", "INT64"),
      required("phases_reached", "INT64"),
      nullable("final_phase", "STRING"),
      required("version", "INT64"),
    ],
    source: "fact_session_metrics",
    position: "updated_position",
    seq: "0",
    row: (r) => ({
      insertId: `${r.tenant_id}.${r.session_id}@${r.updated_position}`,
      json: {
        organization_id: r.tenant_id,
        session_id: r.session_id,
        facilitator_id: r.facilitator_id,
        session_date: bigQueryDate(r.session_date),
        created_at: bigQueryTimestamp(r.created_at),
        first_phase_at: bigQueryTimestamp(r.first_phase_at),
        ended_at: bigQueryTimestamp(r.ended_at),
        duration_seconds: r.duration_seconds === null ? null : Number(r.duration_seconds),
        participants_joined: Number(r.participants_joined),
        peak_participants: Number(r.peak_participants),
        phases_reached: Number(r.phases_reached),
        final_phase: r.final_phase,
        version: Number(r.updated_position),
      },
    }),
  },
  {
    name: "daily_engagement",
    fields: [
      required("organization_id", "STRING"),
      required("day", "DATE"),
      required("events", "INT64"),
      required("active_users", "INT64"),
      required("sessions_created", "INT64"),
      required("sessions_ended", "INT64"),
      required("participants_joined", "INT64"),
      required("canvas_operations", "INT64"),
      required("journal_entries_written", "INT64"),
      required("version", "INT64"),
    ],
    source: "fact_daily_engagement",
    position: "updated_position",
    seq: "0",
    row: (r) => ({
      insertId: `${r.tenant_id}.${bigQueryDate(r.day)}@${r.updated_position}`,
      json: {
        organization_id: r.tenant_id,
        day: bigQueryDate(r.day),
        events: Number(r.events),
        active_users: Number(r.active_users),
        sessions_created: Number(r.sessions_created),
        sessions_ended: Number(r.sessions_ended),
        participants_joined: Number(r.participants_joined),
        canvas_operations: Number(r.canvas_operations),
        journal_entries_written: Number(r.journal_entries_written),
        version: Number(r.updated_position),
      },
    }),
  },
]

export const factTable = (name: string): FactTable | undefined => FACT_TABLES.find((table) => table.name === name)
