/**
 * `GET /api/audit` (organization admins): changes of role and permission,
 * reveals, removals and accesses to licensed content, read from the event
 * log (readAll, filtered to the caller's tenant; no read model offers these
 * yet). Each call scans a bounded stretch of the log from `after` and hands
 * back a cursor to continue, so a large log never makes one request slow.
 *
 * Filters: category, kind, actor (`session/<id>`), by (who acted), subject
 * (who it was about), from / to (ISO times), after (log position), limit.
 */
import { Effect, Schema } from "effect"
import type { Context, Hono } from "hono"
import { auditLibraryEvent } from "../../actors/cards/audit.ts"
import { LibraryEvent } from "../../actors/cards/protocol.ts"
import { OrganizationEvent } from "../../actors/organization/protocol.ts"
import { auditSessionEvent, type AuditNote } from "../../actors/session/audit.ts"
import { SessionEvent } from "../../actors/session/protocol.ts"
import { authenticate } from "./actor-reads.ts"
import { decodeQuery, type Routes } from "./define.ts"
import type { ApiDeps } from "./deps.ts"
import { ApiProblem } from "./problem.ts"
import { Id, QueryText } from "./schemas.ts"

const PAGE = 1_000
export const MAX_SCAN = 50_000
const decodeWith = <A>(schema: Schema.Codec<A, unknown>) => {
  const decode = Schema.decodeUnknownExit(schema)
  return (raw: unknown): A | undefined => {
    const exit = decode(raw)
    return exit._tag === "Success" ? exit.value : undefined
  }
}
const decodeSession = decodeWith(SessionEvent)
const decodeLibrary = decodeWith(LibraryEvent)
const decodeOrganization = decodeWith(OrganizationEvent)

/** Organization events worth auditing, described without their password or code hashes. */
const auditOrganizationEvent = (event: OrganizationEvent): AuditNote | undefined => {
  switch (event.type) {
    case "memberAdded":
      return { category: "role", summary: `${event.userId} joined with roles ${event.roles.join(", ")}`, subject: event.userId }
    case "rolesChanged":
      return { category: "role", summary: `${event.userId} now has roles ${event.roles.join(", ")}`, subject: event.userId }
    case "memberDisabled":
      return { category: "permission", summary: `${event.userId} was disabled`, subject: event.userId }
    case "invited":
      return { category: "role", summary: `an invitation with roles ${event.roles.join(", ")} was sent`, subject: null }
    case "invitationRevoked":
      return { category: "role", summary: `invitation ${event.invitationId} was revoked`, subject: null }
    case "invitationAccepted":
      return { category: "role", summary: `${event.userId} accepted invitation ${event.invitationId}`, subject: event.userId }
    default:
      return undefined
  }
}

const noteFor = (kind: string, raw: unknown): { type: string; note: AuditNote } | undefined => {
  const event =
    kind === "session" ? decodeSession(raw) : kind === "library" ? decodeLibrary(raw) : kind === "organization" ? decodeOrganization(raw) : undefined
  if (!event) return undefined
  const note =
    kind === "session"
      ? auditSessionEvent(event as SessionEvent)
      : kind === "library"
        ? auditLibraryEvent(event as LibraryEvent)
        : auditOrganizationEvent(event as OrganizationEvent)
  return note && { type: event.type, note }
}

/** An ISO time in a query string (read with Date.parse). */
export const QueryTime = Schema.String.check(
  Schema.isMaxLength(40),
  Schema.makeFilter((text: string) => !Number.isNaN(Date.parse(text)), { expected: "an ISO time such as 2025-01-31T09:00:00Z" }),
)
const msOf = (time: string | undefined) => (time === undefined ? undefined : Date.parse(time))
const WholeNumber = (max: number) => Schema.FiniteFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: max }))
const Word = QueryText(200)

export const AuditQuery = Schema.Struct({
  category: Schema.optionalKey(Word),
  kind: Schema.optionalKey(Id),
  actor: Schema.optionalKey(Word.annotate({ description: "one actor, as kind/id" })),
  by: Schema.optionalKey(Word.annotate({ description: "who acted (a user id)" })),
  subject: Schema.optionalKey(Word.annotate({ description: "who it was about (a user id)" })),
  from: Schema.optionalKey(QueryTime),
  to: Schema.optionalKey(QueryTime),
  after: Schema.optionalKey(
    WholeNumber(Number.MAX_SAFE_INTEGER).annotate({ description: "the log position to continue after (`next` of the previous call)" }),
  ),
  limit: Schema.optionalKey(WholeNumber(500)),
})

export const auditRoutes = (app: Hono, routes: Routes, deps: ApiDeps): void => {
  routes.specs.push({
    method: "get",
    path: "/api/audit",
    summary: "Audit trail of roles, permissions, reveals, removals and licensed content (admins); filters in the query string",
    auth: true,
    query: AuditQuery,
  })

  app.get("/api/audit", async (c: Context) => {
    const { user } = await authenticate(deps, c)
    if (!user.roles.includes("admin")) throw new ApiProblem("forbidden", "the audit trail is for the organization's admins")
    if (!deps.log) throw new ApiProblem("unavailable", "this node serves no event log to read the audit trail from")
    const { after = 0, limit = 100, from, to, ...rest } = decodeQuery(AuditQuery, (name) => c.req.query(name))
    const filters = { ...rest, from: msOf(from), to: msOf(to), after, limit }
    const entries: object[] = []
    let position = filters.after
    let scanned = 0
    let reachedEnd = false
    scan: while (scanned < MAX_SCAN) {
      const commits = await Effect.runPromise(deps.log.readAll(position, PAGE))
      for (const commit of commits) {
        scanned++
        position = commit.position
        const { addr } = commit
        if (addr.tenant !== user.tenant) continue
        if (filters.kind && addr.kind !== filters.kind) continue
        if (filters.actor && `${addr.kind}/${addr.id}` !== filters.actor) continue
        if (filters.by && commit.by !== filters.by) continue
        if ((filters.from !== undefined && commit.at < filters.from) || (filters.to !== undefined && commit.at > filters.to)) continue
        commit.events.forEach((raw, i) => {
          const found = noteFor(addr.kind, raw)
          if (!found || (filters.category && found.note.category !== filters.category) || (filters.subject && found.note.subject !== filters.subject))
            return
          entries.push({
            position: commit.position,
            actor: `${addr.kind}/${addr.id}`,
            seq: commit.firstSeq + i,
            at: new Date(commit.at).toISOString(),
            by: commit.by,
            type: found.type,
            category: found.note.category,
            summary: found.note.summary,
            subject: found.note.subject,
          })
        })
        if (entries.length >= filters.limit) break scan
      }
      if (commits.length < PAGE) {
        reachedEnd = true
        break
      }
    }
    // `next` continues the scan where this call stopped; null once the end of the log was read.
    return c.json({ entries, next: reachedEnd ? null : position })
  })
}
