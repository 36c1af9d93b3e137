/**
 * The audit trail and the card usage report, run inside a viewer
 * transaction: row-level security keeps both to the caller's tenant and its
 * admins. The trail is in log order; a page never ends inside a commit, so
 * `next` (the last position returned) continues exactly where it stopped.
 */
import type { Sql } from "../store/port.ts"
import { iso } from "./page.ts"

export interface AuditFilter {
  readonly category?: string
  readonly kind?: string
  /** One actor, as kind/id. */
  readonly actor?: string
  /** Who acted (a user id). */
  readonly by?: string
  /** Who it was about (a user id). */
  readonly subject?: string
  /** Epoch ms, inclusive. */
  readonly from?: number
  readonly to?: number
  /** Only entries past this log position. */
  readonly after: number
  readonly limit: number
}

export interface AuditEntry {
  readonly position: number
  readonly actor: string
  readonly seq: number
  readonly at: string
  readonly by: string
  readonly type: string
  readonly category: string
  readonly summary: string
  readonly subject: string | null
}

const entry = (row: Record<string, any>): AuditEntry => ({
  position: Number(row.position),
  actor: row.actor,
  seq: row.seq,
  at: iso(row.at)!,
  by: row.by_user,
  type: row.type,
  category: row.category,
  summary: row.summary,
  subject: row.subject,
})

const COLUMNS = "position, actor, seq, at, by_user, type, category, summary, subject"

export const listAudit = async (sql: Sql, filter: AuditFilter): Promise<{ entries: AuditEntry[]; next: number | null }> => {
  const params: unknown[] = []
  const where: string[] = []
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value)
    where.push(clause(`$${params.length}`))
  }
  if (filter.category !== undefined) add((p) => `category = ${p}`, filter.category)
  if (filter.kind !== undefined) add((p) => `kind = ${p}`, filter.kind)
  if (filter.actor !== undefined) add((p) => `actor = ${p}`, filter.actor)
  if (filter.by !== undefined) add((p) => `by_user = ${p}`, filter.by)
  if (filter.subject !== undefined) add((p) => `subject = ${p}`, filter.subject)
  if (filter.from !== undefined) add((p) => `at >= ${p}`, new Date(filter.from).toISOString())
  if (filter.to !== undefined) add((p) => `at <= ${p}`, new Date(filter.to).toISOString())
  const matching = where.length > 0 ? ` and ${where.join(" and ")}` : ""
  const page = await sql.query(
    `select ${COLUMNS} from audit_entries where position > $${params.length + 1}${matching} order by position, seq limit $${params.length + 2}`,
    [...params, filter.after, filter.limit],
  )
  if (page.length < filter.limit) return { entries: page.map(entry), next: null }
  // The rest of the last commit's entries, so that continuing after its position skips none of them.
  const last = page.at(-1)!
  const rest = await sql.query(
    `select ${COLUMNS} from audit_entries where position = $${params.length + 1} and seq > $${params.length + 2}${matching} order by seq`,
    [...params, last.position, last.seq],
  )
  return { entries: [...page, ...rest].map(entry), next: Number(last.position) }
}

export interface DeckUsage {
  readonly deckId: string
  readonly packId: string | null
  readonly tier: string
  readonly drawn: number
  readonly picked: number
  readonly viewed: number
}

/**
 * Cards drawn, picked and opened per deck between two times (epoch ms,
 * inclusive; either may be open). A deck's pack and tier are those of its first session use; a
 * deck only ever opened has none, and comes after the decks used in sessions.
 */
export const cardUsage = async (sql: Sql, from: number | undefined, to: number | undefined): Promise<DeckUsage[]> => {
  const rows = await sql.query<Record<string, any>>(
    `select deck_id,
       (array_agg(pack_id order by at, actor, seq) filter (where kind <> 'viewed'))[1] as pack_id,
       (array_agg(tier order by at, actor, seq) filter (where kind <> 'viewed'))[1] as tier,
       coalesce(sum(cards) filter (where kind = 'drawn'), 0)::int as drawn,
       coalesce(sum(cards) filter (where kind = 'picked'), 0)::int as picked,
       coalesce(sum(cards) filter (where kind = 'viewed'), 0)::int as viewed,
       bool_and(kind = 'viewed') as only_viewed
     from card_uses where ($1::timestamptz is null or at >= $1) and ($2::timestamptz is null or at <= $2)
     group by deck_id order by only_viewed, deck_id collate "C"`,
    [from === undefined ? null : new Date(from).toISOString(), to === undefined ? null : new Date(to).toISOString()],
  )
  return rows.map((row) => ({
    deckId: row.deck_id,
    packId: row.pack_id ?? null,
    tier: row.tier ?? "",
    drawn: row.drawn,
    picked: row.picked,
    viewed: row.viewed,
  }))
}
