/**
 * The read side's queries as data: each has a name, decoded parameters and
 * an answer type, and fails with a code of its own (never an HTTP status).
 * The read-side worker serves them over typed messages (read-side/messages.ts);
 * gateway/http/read-routes.ts maps each GET route of /api to one, decoding the
 * query string with the schemas here (which its OpenAPI document lists too).
 *
 * Cards of the built-in decks read in `language` (the gateway resolves it from
 * `?lang=` or Accept-Language); the store keeps them in English, so full-text
 * words and meaning search still match the English texts.
 */
import { Schema } from "effect"
import type { ContentLanguage } from "../../actors/content-language.ts"
import { CONTENT_TIERS } from "../../actors/cards/tiers.ts"
import { MAX_TITLE } from "../../actors/journey/protocol.ts"
import { CardLanguage } from "./card-language.ts"
import { Cursor, Id, Limit, optional, Text } from "./params.ts"
import type { AuditQuery, AuditReport, UsageQuery, UsageReport } from "./reports.ts"
import type { CoachUsageQueries } from "./coach-usage.ts"
import type { DirectoryQueries } from "./directory.ts"
import type { Card, CardHit } from "../queries/cards.ts"
import type { CanvasSummary } from "../queries/canvases.ts"
import type { EntryHit, JournalEntry } from "../queries/journal.ts"
import type { JourneySummary } from "../queries/journeys.ts"
import type { Page } from "../queries/page.ts"
import type { SessionDetail, SessionSummary } from "../queries/sessions.ts"

export const SessionsQuery = Schema.Struct({
  status: optional(Schema.Literals(["open", "ended"])),
  limit: optional(Limit()),
  cursor: optional(Cursor(["time", "id"])),
})
export const CanvasesQuery = Schema.Struct({
  session: optional(Id),
  privacy: optional(Schema.Literals(["private", "shared"])),
  owner: optional(Schema.Literal("me").annotate({ description: "only the caller's own canvases" })),
  limit: optional(Limit()),
  cursor: optional(Cursor(["time", "id"])),
})
export const EntriesQuery = Schema.Struct({
  session: optional(Id),
  tag: optional(Text(40, "one tag, matched exactly")),
  limit: optional(Limit()),
  cursor: optional(Cursor(["time", "id"])),
})
export const EntrySearchQuery = Schema.Struct({ q: Text(200, 'words in any order, "quoted phrases", -excluded words'), limit: optional(Limit(50)) })
export const CardsQuery = Schema.Struct({
  deck: optional(Id),
  tier: optional(Schema.Literals(CONTENT_TIERS)),
  theme: optional(Text(40, "one theme label, matched exactly (a built-in theme also in the caller's language)")),
  status: optional(Schema.Literals(["active", "retired"])),
  q: optional(Text(200, "full-text words in word, question, themes and tags")),
  lang: optional(CardLanguage),
  limit: optional(Limit()),
  cursor: optional(Cursor(["id", "id"])),
})
export const CardSearchQuery = Schema.Struct({
  q: Text(500, "what the cards should be about"),
  deck: optional(Id),
  lang: optional(CardLanguage),
  limit: optional(Limit(50)),
})
export const JourneysQuery = Schema.Struct({
  status: optional(Schema.Literals(["active", "archived", "all"]).annotate({ description: "active (the default), archived, or all" })),
  q: optional(Text(MAX_TITLE, "words the title contains, ignoring case")),
  limit: optional(Limit()),
  cursor: optional(Cursor(["time", "id"])),
})
export const PassagesQuery = Schema.Struct({
  q: Text(1000, "the question, as asked"),
  limit: optional(Limit(20)),
  lang: optional(CardLanguage),
  only: optional(
    Schema.Literals(["cards", "entries"]).annotate({ description: "only the library's cards, or only the caller's own entries; both when absent" }),
  ),
})

/** The language a query reads built-in cards in, in place of the `lang` of its query string. */
type InLanguage<Q> = Omit<Q, "lang"> & { readonly language: ContentLanguage }

/** Every query: its parameters as decoded, and what it answers; the directory's (directory.ts) are the gateway's own, behind no route. */
export interface ReadQueries extends DirectoryQueries, CoachUsageQueries {
  readonly sessions: { params: typeof SessionsQuery.Type; answer: Page<SessionSummary> }
  readonly session: { params: { readonly id: string }; answer: SessionDetail }
  readonly canvases: { params: typeof CanvasesQuery.Type; answer: Page<CanvasSummary> }
  readonly canvas: { params: { readonly id: string }; answer: CanvasSummary }
  readonly entries: { params: typeof EntriesQuery.Type; answer: Page<JournalEntry> }
  readonly entrySearch: { params: typeof EntrySearchQuery.Type; answer: { readonly items: readonly EntryHit[] } }
  readonly cards: { params: InLanguage<typeof CardsQuery.Type>; answer: Page<Card> }
  readonly cardSearch: { params: InLanguage<typeof CardSearchQuery.Type>; answer: { readonly items: readonly CardHit[]; readonly note?: string } }
  readonly journeys: { params: typeof JourneysQuery.Type; answer: Page<JourneySummary> }
  /** What the AI coach may read for a question (ml/retrieval's passages, which the read side serves without knowing their shape). */
  readonly passages: { params: InLanguage<typeof PassagesQuery.Type>; answer: { readonly passages: readonly unknown[] } }
  /** The organization's audit trail (admins; reports.ts). */
  readonly audit: { params: typeof AuditQuery.Type; answer: AuditReport }
  /** Cards drawn, picked and opened per deck (admins; reports.ts). */
  readonly usage: { params: typeof UsageQuery.Type; answer: UsageReport }
}

export type ReadQueryName = keyof ReadQueries

/** Every query a read route serves, by name (the compiler checks none is missing): all but the directory's and the coach usage (its own route adds the node's model). */
export const READ_QUERY_NAMES = Object.keys({
  sessions: true,
  session: true,
  canvases: true,
  canvas: true,
  entries: true,
  entrySearch: true,
  cards: true,
  cardSearch: true,
  journeys: true,
  passages: true,
  audit: true,
  usage: true,
} satisfies Record<Exclude<ReadQueryName, keyof DirectoryQueries | keyof CoachUsageQueries>, true>) as readonly ReadQueryName[]
export type ReadQuery<K extends ReadQueryName = ReadQueryName> = {
  [N in K]: { readonly name: N; readonly params: ReadQueries[N]["params"] }
}[K]
export type ReadAnswer<K extends ReadQueryName> = ReadQueries[K]["answer"]

/** Why a query has no answer; the gateway maps each code to a status (gateway/http/problem.ts). */
export type ReadErrorCode = "bad_frame" | "forbidden" | "not_found" | "unavailable" | "internal"

export interface ReadError {
  readonly code: ReadErrorCode
  readonly detail: string
}

export type ReadOutcome<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: ReadError }
