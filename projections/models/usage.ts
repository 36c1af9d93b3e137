/**
 * Card usage read model, for licence and royalty reports: every card laid
 * out in a session's spread (face up or down), every card picked, and every
 * licensed card opened through the API, one row per event with its deck,
 * tier, pack, number of cards and time. A pick names its draw, which may be
 * in an earlier batch: `usage_draws` remembers each draw's deck. Rows never
 * say who picked. Admins only, like the audit trail.
 *
 * This fold was `cardUses` in actors/cards/usage.ts, run over the whole log
 * on each request.
 */
import { Schema } from "effect"
import { LibraryEvent } from "../../actors/cards/protocol.ts"
import { SessionEvent } from "../../actors/session/protocol.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import type { Projection, TableNames } from "../runner/projection.ts"
import type { Sql } from "../store/port.ts"
import { tenantTable } from "../store/tables.ts"
import { ADMINS_ONLY } from "./audit.ts"
import { insertNewRows, isoTime, loadRows, type Column } from "./bulk.ts"

export type UseKind = "drawn" | "picked" | "viewed"

export interface CardUseRow {
  readonly tenant_id: string
  readonly actor: string
  readonly seq: number
  readonly kind: UseKind
  readonly deck_id: string
  readonly pack_id: string | null
  readonly tier: string
  readonly cards: number
  readonly at: string
}

interface DrawRow {
  readonly tenant_id: string
  readonly session_id: string
  readonly draw_id: string
  readonly deck_id: string
  readonly tier: string
  readonly pack_id: string | null
}

const USE_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "actor", type: "text" },
  { name: "seq", type: "integer" },
  { name: "kind", type: "text" },
  { name: "deck_id", type: "text" },
  { name: "pack_id", type: "text" },
  { name: "tier", type: "text" },
  { name: "cards", type: "integer" },
  { name: "at", type: "timestamptz" },
]
const DRAW_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "session_id", type: "text" },
  { name: "draw_id", type: "text" },
  { name: "deck_id", type: "text" },
  { name: "tier", type: "text" },
  { name: "pack_id", type: "text" },
]
const DRAW_KEY = ["tenant_id", "session_id", "draw_id"]

const usesTable = {
  name: "card_uses",
  create: (t: string) =>
    tenantTable(t, {
      columns: `actor text not null, seq integer not null, kind text not null check (kind in ('drawn', 'picked', 'viewed')), deck_id text not null,
        pack_id text, tier text not null, cards integer not null, at timestamptz not null`,
      primaryKey: "tenant_id, actor, seq",
      indexes: { by_time: "tenant_id, at" },
      visibleWhen: ADMINS_ONLY,
    }),
}
const drawsTable = {
  name: "usage_draws",
  create: (t: string) =>
    tenantTable(t, {
      columns: "session_id text not null, draw_id text not null, deck_id text not null, tier text not null, pack_id text",
      primaryKey: "tenant_id, session_id, draw_id",
      visibleWhen: ADMINS_ONLY,
    }),
}

const decodeSession = Schema.decodeUnknownExit(SessionEvent)
const decodeLibrary = Schema.decodeUnknownExit(LibraryEvent)
const drawKey = (tenant: string, sessionId: string, drawId: string) => `${tenant}\u0000${sessionId}\u0000${drawId}`

type Pick = {
  readonly tenant: string
  readonly sessionId: string
  readonly drawId: string
  readonly row: Omit<CardUseRow, "deck_id" | "pack_id" | "tier">
}

/** The batch's uses, with picks matched to their draws (in the batch, or in `usage_draws` from earlier ones). */
export const usageOf = async (
  commits: readonly Commit[],
  earlierDraws: (keys: readonly { tenant_id: string; session_id: string; draw_id: string }[]) => Promise<readonly DrawRow[]>,
): Promise<{ uses: CardUseRow[]; draws: DrawRow[] }> => {
  const uses: CardUseRow[] = []
  const draws = new Map<string, DrawRow>()
  const picks: Pick[] = []
  for (const commit of commits) {
    const { tenant, kind, id } = commit.addr
    if (kind !== "session" && kind !== "library") continue
    commit.events.forEach((raw, i) => {
      const base = { tenant_id: tenant, actor: `${kind}/${id}`, seq: commit.firstSeq + i, at: isoTime(commit.at) }
      if (kind === "library") {
        const decoded = decodeLibrary(raw)
        if (decoded._tag !== "Success" || decoded.value.type !== "contentAccessed") return
        const event = decoded.value
        uses.push({ ...base, kind: "viewed", deck_id: event.deckId, pack_id: event.packId, tier: event.tier, cards: event.cards })
        return
      }
      const decoded = decodeSession(raw)
      if (decoded._tag !== "Success") return
      const event = decoded.value
      if (event.type === "cardsDrawn") {
        const draw = { tenant_id: tenant, session_id: id, draw_id: event.drawId, deck_id: event.deckId, tier: event.deckTier, pack_id: event.packId }
        draws.set(drawKey(tenant, id, event.drawId), draw)
        uses.push({ ...base, kind: "drawn", deck_id: draw.deck_id, pack_id: draw.pack_id, tier: draw.tier, cards: event.cardIds.length })
      } else if (event.type === "cardPicked" && event.cardId !== null) {
        // A pick without its card is a member's redacted view, never a logged event: nothing to count.
        picks.push({ tenant, sessionId: id, drawId: event.drawId, row: { ...base, kind: "picked", cards: 1 } })
      }
    })
  }
  const missing = picks.filter((p) => !draws.has(drawKey(p.tenant, p.sessionId, p.drawId)))
  const known = new Map(draws)
  if (missing.length > 0) {
    const keys = [...new Map(missing.map((p) => [drawKey(p.tenant, p.sessionId, p.drawId), p])).values()]
    for (const row of await earlierDraws(keys.map((p) => ({ tenant_id: p.tenant, session_id: p.sessionId, draw_id: p.drawId }))))
      known.set(drawKey(row.tenant_id, row.session_id, row.draw_id), row)
  }
  for (const pick of picks) {
    const draw = known.get(drawKey(pick.tenant, pick.sessionId, pick.drawId))
    if (draw) uses.push({ ...pick.row, deck_id: draw.deck_id, pack_id: draw.pack_id, tier: draw.tier })
  }
  return { uses, draws: [...draws.values()] }
}

const apply = async (sql: Sql, commits: readonly Commit[], tables: TableNames) => {
  const { uses, draws } = await usageOf(commits, (keys) => loadRows<DrawRow>(sql, tables.usage_draws!, DRAW_KEY, keys))
  await insertNewRows(sql, tables.usage_draws!, DRAW_COLUMNS, DRAW_KEY, draws)
  await insertNewRows(sql, tables.card_uses!, USE_COLUMNS, ["tenant_id", "actor", "seq"], uses)
}

export const usageProjection: Projection = {
  name: "card_usage",
  version: 1,
  tables: [drawsTable, usesTable],
  onPoison: { kind: "retry", attempts: 3, backoffMs: 200, then: "skip" },
  apply,
}
