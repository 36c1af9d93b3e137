/**
 * Canvases read model: one row per canvas (title, privacy, members, how many
 * elements of each kind) and every operation on it (who did what to which
 * element, and when) for facilitator insights. Who may see a canvas mirrors
 * the canvas actor's `accessOf`: its owner, the tenant's facilitators, and,
 * while it is shared, the members it is shared with.
 */
import type { Commit } from "../../engine/eventlog/port.ts"
import { CanvasEvent, type AccessLevel } from "../../actors/canvas/protocol.ts"
import type { Projection, TableNames } from "../runner/projection.ts"
import type { Sql } from "../store/port.ts"
import { CURRENT_USER_ID, tenantTable, viewerHasRole } from "../store/tables.ts"
import { insertNewRows, isoFromDb, isoTime, loadRows, upsertRows, type Column } from "./bulk.ts"
import { decoderFor, notCreated, streamsOf, type LoggedEvent } from "./streams.ts"

export interface CanvasRow {
  readonly tenant_id: string
  readonly canvas_id: string
  readonly owner_id: string
  readonly title: string
  readonly privacy: "private" | "shared"
  readonly session_id: string | null
  readonly shares: readonly { readonly userId: string; readonly access: AccessLevel }[]
  readonly member_ids: readonly string[]
  readonly element_count: number
  readonly element_counts: Readonly<Record<string, number>>
  readonly created_at: string
  readonly updated_at: string
  readonly last_seq: number
}

const CANVAS_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "canvas_id", type: "text" },
  { name: "owner_id", type: "text" },
  { name: "title", type: "text" },
  { name: "privacy", type: "text" },
  { name: "session_id", type: "text" },
  { name: "shares", type: "jsonb" },
  { name: "member_ids", type: "text[]" },
  { name: "element_count", type: "integer" },
  { name: "element_counts", type: "jsonb" },
  { name: "created_at", type: "timestamptz" },
  { name: "updated_at", type: "timestamptz" },
  { name: "last_seq", type: "integer" },
]

const OPERATION_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "canvas_id", type: "text" },
  { name: "seq", type: "integer" },
  { name: "at", type: "timestamptz" },
  { name: "user_id", type: "text" },
  { name: "op", type: "text" },
  { name: "element_id", type: "text" },
  { name: "element_kind", type: "text" },
  { name: "card_id", type: "text" },
]

export const CANVAS_VISIBLE = `(owner_id = ${CURRENT_USER_ID} or ${viewerHasRole("facilitator")} or (privacy = 'shared' and ${CURRENT_USER_ID} = any(member_ids)))`

const canvasesTable = {
  name: "canvases",
  create: (t: string) =>
    tenantTable(t, {
      columns: `canvas_id text not null, owner_id text not null, title text not null, privacy text not null, session_id text,
        shares jsonb not null, member_ids text[] not null, element_count integer not null, element_counts jsonb not null,
        created_at timestamptz not null, updated_at timestamptz not null, last_seq integer not null`,
      primaryKey: "tenant_id, canvas_id",
      indexes: { by_updated: "tenant_id, updated_at desc, canvas_id desc", by_session: "tenant_id, session_id" },
      visibleWhen: CANVAS_VISIBLE,
    }),
}

const operationsTable = {
  name: "canvas_operations",
  create: (t: string, tables: TableNames) =>
    tenantTable(t, {
      columns: `canvas_id text not null, seq integer not null, at timestamptz not null, user_id text not null, op text not null,
        element_id text, element_kind text, card_id text`,
      primaryKey: "tenant_id, canvas_id, seq",
      indexes: { by_user: "tenant_id, user_id, at" },
      visibleWhen: `exists (select 1 from ${tables.canvases} c where c.tenant_id = ${t}.tenant_id and c.canvas_id = ${t}.canvas_id)`,
    }),
}

const decode = decoderFor(CanvasEvent, "canvas")

const fromDb = (row: Record<string, unknown>): CanvasRow =>
  ({ ...row, created_at: isoFromDb(row.created_at), updated_at: isoFromDb(row.updated_at) }) as CanvasRow

const counted = (counts: Readonly<Record<string, number>>, kind: string, delta: number) => ({
  ...counts,
  [kind]: Math.max(0, (counts[kind] ?? 0) + delta),
})

const withShares = (row: CanvasRow, shares: CanvasRow["shares"]): CanvasRow => ({ ...row, shares, member_ids: shares.map((s) => s.userId) })

export const evolveCanvas = (row: CanvasRow | undefined, tenant: string, canvasId: string, logged: LoggedEvent<CanvasEvent>): CanvasRow => {
  const { event, seq } = logged
  const at = isoTime(logged.at)
  if (event.type === "created") {
    return {
      tenant_id: tenant,
      canvas_id: canvasId,
      owner_id: event.ownerId,
      title: event.title,
      privacy: event.privacy,
      session_id: event.sessionId ?? null,
      shares: [],
      member_ids: [],
      element_count: 0,
      element_counts: {},
      created_at: at,
      updated_at: at,
      last_seq: seq,
    }
  }
  if (!row) throw notCreated({ tenant, kind: "canvas", id: canvasId }, seq, event.type)
  const next: CanvasRow = { ...row, updated_at: at, last_seq: seq }
  switch (event.type) {
    case "elementAdded":
      return { ...next, element_count: row.element_count + 1, element_counts: counted(row.element_counts, event.element.kind, 1) }
    case "elementRemoved":
      return { ...next, element_count: Math.max(0, row.element_count - 1), element_counts: counted(row.element_counts, event.kind, -1) }
    case "templateApplied":
    case "elementsImported":
      return event.elements.reduce<CanvasRow>(
        (acc, placed) => ({ ...acc, element_count: acc.element_count + 1, element_counts: counted(acc.element_counts, placed.element.kind, 1) }),
        next,
      )
    case "versionRestored":
      return { ...next, element_count: event.elementCount, element_counts: { ...event.counts } }
    case "privacyChanged":
      return { ...next, privacy: event.privacy }
    case "accessGranted":
      return withShares(
        next,
        row.shares.some((s) => s.userId === event.userId)
          ? row.shares.map((s) => (s.userId === event.userId ? { ...s, access: event.access } : s))
          : [...row.shares, { userId: event.userId, access: event.access }],
      )
    case "accessRevoked":
      return withShares(
        next,
        row.shares.filter((s) => s.userId !== event.userId),
      )
    // Moves, edits, order, groups, comments, locks and checkpoints change no counted fact; they are operations.
    default:
      return next
  }
}

const operationOf = (tenant: string, canvasId: string, logged: LoggedEvent<CanvasEvent>) => {
  const { event } = logged
  const element =
    event.type === "elementAdded"
      ? { element_id: event.elementId, element_kind: event.element.kind, card_id: event.element.kind === "card" ? event.element.cardId : null }
      : "elementId" in event && "kind" in event
        ? { element_id: event.elementId, element_kind: event.kind, card_id: event.cardId ?? null }
        : { element_id: null, element_kind: null, card_id: null }
  return { tenant_id: tenant, canvas_id: canvasId, seq: logged.seq, at: isoTime(logged.at), user_id: logged.by, op: event.type, ...element }
}

const apply = async (sql: Sql, commits: readonly Commit[], tables: TableNames) => {
  const streams = streamsOf(commits, "canvas", decode)
  if (streams.size === 0) return
  const keys = [...streams.values()].map((s) => ({ tenant_id: s.addr.tenant, canvas_id: s.addr.id }))
  const existing = new Map(
    (await loadRows<Record<string, unknown>>(sql, tables.canvases!, ["tenant_id", "canvas_id"], keys)).map((row) => [
      `${row.tenant_id}/${row.canvas_id}`,
      fromDb(row),
    ]),
  )
  const changed: CanvasRow[] = []
  const operations: object[] = []
  for (const stream of streams.values()) {
    const before = existing.get(`${stream.addr.tenant}/${stream.addr.id}`)
    let row = before
    for (const logged of stream.events) {
      if (row && logged.seq <= row.last_seq) continue
      row = evolveCanvas(row, stream.addr.tenant, stream.addr.id, logged)
      operations.push(operationOf(stream.addr.tenant, stream.addr.id, logged))
    }
    if (row && row !== before) changed.push(row)
  }
  await upsertRows(sql, tables.canvases!, CANVAS_COLUMNS, ["tenant_id", "canvas_id"], changed)
  await insertNewRows(sql, tables.canvas_operations!, OPERATION_COLUMNS, ["tenant_id", "canvas_id", "seq"], operations)
}

export const canvasesProjection: Projection = {
  name: "canvases",
  version: 1,
  tables: [canvasesTable, operationsTable],
  onPoison: { kind: "retry", attempts: 3, backoffMs: 200, then: "skip" },
  apply,
}
