/**
 * The organization's licence and its card use, for licence and royalty
 * reports (admins): every card laid out or picked in a session and every
 * licensed card opened through the API, per deck, between two times. Read
 * from the event log like the audit trail; a statement covers at most
 * MAX_SCAN commits of the log and says so when it stopped short.
 */
import { Effect, Schema } from "effect"
import type { Context, Hono } from "hono"
import { LibraryEvent } from "../../actors/cards/protocol.ts"
import { cardUses, usageByDeck, type CardUse } from "../../actors/cards/usage.ts"
import { SessionEvent } from "../../actors/session/protocol.ts"
import { authenticate } from "./actor-reads.ts"
import { MAX_SCAN, QueryTime } from "./audit-routes.ts"
import { readLibrary } from "./deck-routes.ts"
import { decodeQuery, type Routes } from "./define.ts"
import type { ApiDeps } from "./deps.ts"
import { ApiProblem } from "./problem.ts"

const PAGE = 1_000
const decodeSession = Schema.decodeUnknownExit(SessionEvent)
const decodeLibrary = Schema.decodeUnknownExit(LibraryEvent)
const UsageQuery = Schema.Struct({ from: Schema.optionalKey(QueryTime), to: Schema.optionalKey(QueryTime) })

const requireAdmin = async (deps: ApiDeps, c: Context) => {
  const { user } = await authenticate(deps, c)
  if (!user.roles.includes("admin")) throw new ApiProblem("forbidden", "licence and usage reports are for the organization's admins")
  return user
}

export const usageRoutes = (app: Hono, routes: Routes, deps: ApiDeps): void => {
  routes.specs.push(
    { method: "get", path: "/api/licence", summary: "The organization's licence tier and marketplace packs (admins)", auth: true },
    {
      method: "get",
      path: "/api/licence/usage",
      summary: "Cards drawn, picked and opened per deck, for licence and royalty reports (admins); from / to in the query string",
      auth: true,
      query: UsageQuery,
    },
  )

  app.get("/api/licence", async (c) => {
    const user = await requireAdmin(deps, c)
    return c.json((await readLibrary(deps, user.tenant)).licence)
  })

  app.get("/api/licence/usage", async (c) => {
    const user = await requireAdmin(deps, c)
    if (!deps.log) throw new ApiProblem("unavailable", "this node serves no event log to read usage from")
    const bounds = decodeQuery(UsageQuery, (name) => c.req.query(name))
    const from = bounds.from === undefined ? 0 : Date.parse(bounds.from)
    const to = bounds.to === undefined ? Number.MAX_SAFE_INTEGER : Date.parse(bounds.to)
    // Picks name their draw, which may come earlier than `from`: keep every session's events and count by time afterwards.
    const sessions = new Map<string, { event: SessionEvent; at: number }[]>()
    const viewed = new Map<string, number>()
    let position = 0
    let scanned = 0
    let complete = false
    while (scanned < MAX_SCAN) {
      const commits = await Effect.runPromise(deps.log.readAll(position, PAGE))
      for (const commit of commits) {
        scanned++
        position = commit.position
        if (commit.addr.tenant !== user.tenant) continue
        for (const raw of commit.events) {
          if (commit.addr.kind === "session") {
            const decoded = decodeSession(raw)
            if (decoded._tag === "Success")
              sessions.set(commit.addr.id, [...(sessions.get(commit.addr.id) ?? []), { event: decoded.value, at: commit.at }])
          } else if (commit.addr.kind === "library" && commit.at >= from && commit.at <= to) {
            const decoded = decodeLibrary(raw)
            if (decoded._tag === "Success" && decoded.value.type === "contentAccessed")
              viewed.set(decoded.value.deckId, (viewed.get(decoded.value.deckId) ?? 0) + decoded.value.cards)
          }
        }
      }
      if (commits.length < PAGE) {
        complete = true
        break
      }
    }
    const uses: CardUse[] = []
    for (const events of sessions.values()) {
      const times = events.map((e) => e.at)
      uses.push(
        ...cardUses(
          events.map((e) => e.event),
          (_event, i) => times[i]! >= from && times[i]! <= to,
        ),
      )
    }
    const rows = usageByDeck(uses).map((row) => ({ ...row, viewed: viewed.get(row.deckId) ?? 0 }))
    for (const [deckId, cards] of viewed)
      if (!rows.some((row) => row.deckId === deckId)) rows.push({ deckId, packId: null, tier: "", drawn: 0, picked: 0, viewed: cards })
    return c.json({
      from: new Date(from).toISOString(),
      to: to === Number.MAX_SAFE_INTEGER ? null : new Date(to).toISOString(),
      complete,
      decks: rows,
    })
  })
}
