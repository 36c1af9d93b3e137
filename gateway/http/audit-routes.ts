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
import type { Routes } from "./define.ts"
import type { ApiDeps } from "./deps.ts"
import { ApiProblem } from "./problem.ts"

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
    case "memberAdded": return { category: "role", summary: `${event.userId} joined with roles ${event.roles.join(", ")}`, subject: event.userId }
    case "rolesChanged": return { category: "role", summary: `${event.userId} now has roles ${event.roles.join(", ")}`, subject: event.userId }
    case "memberDisabled": return { category: "permission", summary: `${event.userId} was disabled`, subject: event.userId }
    case "invited": return { category: "role", summary: `an invitation with roles ${event.roles.join(", ")} was sent`, subject: null }
    case "invitationRevoked": return { category: "role", summary: `invitation ${event.invitationId} was revoked`, subject: null }
    case "invitationAccepted": return { category: "role", summary: `${event.userId} accepted invitation ${event.invitationId}`, subject: event.userId }
    default: return undefined
  }
}

const noteFor = (kind: string, raw: unknown): { type: string; note: AuditNote } | undefined => {
  const event = kind === "session" ? decodeSession(raw) : kind === "library" ? decodeLibrary(raw) : kind === "organization" ? decodeOrganization(raw) : undefined
  if (!event) return undefined
  const note = kind === "session" ? auditSessionEvent(event as SessionEvent) : kind === "library" ? auditLibraryEvent(event as LibraryEvent) : auditOrganizationEvent(event as OrganizationEvent)
  return note && { type: event.type, note }
}

const time = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) throw new ApiProblem("bad_frame", `${name} must be an ISO time such as 2025-01-31T09:00:00Z`)
  return ms
}

const integer = (value: string | undefined, name: string, fallback: number, max: number): number => {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 0 || n > max) throw new ApiProblem("bad_frame", `${name} must be a whole number from 0 to ${max}`)
  return n
}

export const auditRoutes = (app: Hono, routes: Routes, deps: ApiDeps): void => {
  routes.specs.push({ method: "get", path: "/api/audit", summary: "Audit trail of roles, permissions, reveals, removals and licensed content (admins); filters in the query string", auth: true })

  app.get("/api/audit", async (c: Context) => {
    const { user } = await authenticate(deps, c)
    if (!user.roles.includes("admin")) throw new ApiProblem("forbidden", "the audit trail is for the organization's admins")
    if (!deps.log) throw new ApiProblem("unavailable", "this node serves no event log to read the audit trail from")
    const q = (name: string) => c.req.query(name) || undefined
    const filters = {
      category: q("category"), kind: q("kind"), actor: q("actor"), by: q("by"), subject: q("subject"),
      from: time(q("from"), "from"), to: time(q("to"), "to"),
      after: integer(q("after"), "after", 0, Number.MAX_SAFE_INTEGER), limit: integer(q("limit"), "limit", 100, 500),
    }
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
          if (!found || (filters.category && found.note.category !== filters.category) || (filters.subject && found.note.subject !== filters.subject)) return
          entries.push({
            position: commit.position, actor: `${addr.kind}/${addr.id}`, seq: commit.firstSeq + i, at: new Date(commit.at).toISOString(), by: commit.by,
            type: found.type, category: found.note.category, summary: found.note.summary, subject: found.note.subject,
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
