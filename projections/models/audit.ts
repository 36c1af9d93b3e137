/**
 * Audit trail read model: one row per audited event of an organization's
 * sessions, card library and organization actor (audit-notes.ts says which
 * and how they read), with where it sits in the log, who acted and when.
 * Only the organization's admins see it (the gateway's `/api/audit`
 * checked that before; the policy now says it in the database).
 *
 * Append-only: a row is keyed on its actor and sequence, so a replayed
 * commit inserts nothing new.
 */
import { Schema } from "effect"
import { LibraryEvent } from "../../actors/cards/protocol.ts"
import { OrganizationEvent } from "../../actors/organization/protocol.ts"
import { SessionEvent } from "../../actors/session/protocol.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import type { Projection, TableNames } from "../runner/projection.ts"
import type { Sql } from "../store/port.ts"
import { tenantTable, viewerHasRole } from "../store/tables.ts"
import { auditLibraryEvent, auditOrganizationEvent, auditSessionEvent, type AuditNote } from "./audit-notes.ts"
import { insertNewRows, isoTime, type Column } from "./bulk.ts"

/** Admins read the trail and the usage reports; nobody else in the tenant does. */
export const ADMINS_ONLY = viewerHasRole("admin")

const AUDIT_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "actor", type: "text" },
  { name: "seq", type: "integer" },
  { name: "position", type: "bigint" },
  { name: "kind", type: "text" },
  { name: "at", type: "timestamptz" },
  { name: "by_user", type: "text" },
  { name: "type", type: "text" },
  { name: "category", type: "text" },
  { name: "summary", type: "text" },
  { name: "subject", type: "text" },
]

const auditTable = {
  name: "audit_entries",
  create: (t: string) =>
    tenantTable(t, {
      columns: `actor text not null, seq integer not null, position bigint not null, kind text not null, at timestamptz not null,
        by_user text not null, type text not null, category text not null, summary text not null, subject text`,
      primaryKey: "tenant_id, actor, seq",
      indexes: { by_position: "tenant_id, position, seq", by_category: "tenant_id, category, position" },
      visibleWhen: ADMINS_ONLY,
    }),
}

const lenient = <E>(schema: Schema.Codec<E, unknown>) => {
  const decode = Schema.decodeUnknownExit(schema)
  return (raw: unknown): E | undefined => {
    const exit = decode(raw)
    return exit._tag === "Success" ? exit.value : undefined
  }
}

/**
 * What each audited kind's events say. An event its schema refuses is not
 * audited rather than poison: the trail never held up the other read models
 * (nor did the log scan it replaces).
 */
const NOTES: Readonly<Record<string, (raw: unknown) => { type: string; note: AuditNote | undefined } | undefined>> = (() => {
  const session = lenient(SessionEvent)
  const library = lenient(LibraryEvent)
  const organization = lenient(OrganizationEvent)
  return {
    session: (raw) => {
      const event = session(raw)
      return event && { type: event.type, note: auditSessionEvent(event) }
    },
    library: (raw) => {
      const event = library(raw)
      return event && { type: event.type, note: auditLibraryEvent(event) }
    },
    organization: (raw) => {
      const event = organization(raw)
      return event && { type: event.type, note: auditOrganizationEvent(event) }
    },
  }
})()

export const auditRows = (commits: readonly Commit[]): object[] =>
  commits.flatMap((commit) => {
    const notes = NOTES[commit.addr.kind]
    if (!notes) return []
    return commit.events.flatMap((raw, i) => {
      const found = notes(raw)
      if (!found?.note) return []
      return [
        {
          tenant_id: commit.addr.tenant,
          actor: `${commit.addr.kind}/${commit.addr.id}`,
          seq: commit.firstSeq + i,
          position: commit.position,
          kind: commit.addr.kind,
          at: isoTime(commit.at),
          by_user: commit.by,
          type: found.type,
          category: found.note.category,
          summary: found.note.summary,
          subject: found.note.subject,
        },
      ]
    })
  })

const apply = async (sql: Sql, commits: readonly Commit[], tables: TableNames) => {
  await insertNewRows(sql, tables.audit_entries!, AUDIT_COLUMNS, ["tenant_id", "actor", "seq"], auditRows(commits))
}

export const auditProjection: Projection = {
  name: "audit",
  version: 1,
  tables: [auditTable],
  onPoison: { kind: "retry", attempts: 3, backoffMs: 200, then: "skip" },
  apply,
}
