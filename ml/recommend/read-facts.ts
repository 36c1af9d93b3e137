/**
 * The recommender's facts from the read store, as the store's owner (all
 * tenants: the model learns how cards are used, and keeps no person's id):
 * session timelines (joins, phases, face-up deals, revealed picks) and card
 * placements on session canvases. Picks never revealed are not in the
 * timeline and are never read. Journal entries are not read: their tags are
 * their writer's, shared only with a coach they chose.
 */
import { Effect } from "effect"
import type { ReadStore, Sql } from "../../projections/store/port.ts"
import type { CardInfo } from "./context.ts"
import type { FactRow } from "./interactions.ts"

const TIMELINE_TYPES = ["created", "participantJoined", "phaseAdvanced", "cardsDrawn", "picksRevealed"]

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString())

const tableExists = async (sql: Sql, name: string) =>
  (await sql.query<{ found: string | null }>("select to_regclass($1)::text as found", [name]))[0]?.found != null

export const readFactRows = async (sql: Sql): Promise<FactRow[]> => {
  const rows: FactRow[] = []
  if (await tableExists(sql, "session_timeline")) {
    const timeline = await sql.query<Record<string, unknown>>(
      "select tenant_id, session_id, at, by_user, type, detail from session_timeline where type = any($1::text[]) order by at, session_id, seq",
      [TIMELINE_TYPES],
    )
    for (const t of timeline) {
      rows.push({
        tenant_id: String(t.tenant_id),
        actor_kind: "session",
        actor_id: String(t.session_id),
        event_type: String(t.type),
        user_id: String(t.by_user),
        occurred_at: iso(t.at),
        attributes: (t.detail ?? {}) as Record<string, unknown>,
      })
    }
  }
  if ((await tableExists(sql, "canvas_operations")) && (await tableExists(sql, "canvases"))) {
    const placed = await sql.query<Record<string, unknown>>(
      `select o.tenant_id, o.canvas_id, o.at, o.user_id, o.card_id, c.session_id from canvas_operations o
       join canvases c on c.tenant_id = o.tenant_id and c.canvas_id = o.canvas_id
       where o.op = 'elementAdded' and o.card_id is not null and c.session_id is not null order by o.at`,
    )
    for (const p of placed) {
      rows.push({
        tenant_id: String(p.tenant_id),
        actor_kind: "canvas",
        actor_id: String(p.canvas_id),
        event_type: "elementAdded",
        user_id: String(p.user_id),
        occurred_at: iso(p.at),
        attributes: { sessionId: p.session_id, cardId: p.card_id },
      })
    }
  }
  return rows
}

/** Every card any library holds (one entry per card id), for the model's vocabulary. */
export const readCatalogue = async (sql: Sql): Promise<CardInfo[]> => {
  if (!(await tableExists(sql, "cards"))) return []
  const cards = await sql.query<{ card_id: string; word: string; themes: string[] }>(
    "select distinct on (card_id) card_id, word, themes from cards order by card_id, built_in desc",
  )
  return cards.map((c) => ({ cardId: c.card_id, word: c.word, themes: c.themes }))
}

export const readTrainingData = (store: ReadStore) =>
  store.asOwner(async (sql) => ({ rows: await readFactRows(sql), cards: await readCatalogue(sql) })).pipe(Effect.runPromise)
