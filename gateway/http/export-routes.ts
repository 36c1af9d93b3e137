/**
 * Canvas and journal exports, canvas import and canvas versions. Every read
 * goes through the runtime's `join`, so it gets exactly the snapshot the
 * reader would get live (their own redacted view) and the same refusals;
 * every change goes through the actor's commands. Guests, whose tokens name
 * one session only, get `forbidden`. Every export and import counts against
 * the user's export allowance (429 past it), and PNG and PDF are rendered by
 * the export pool off the live event loop (503 when its queue is full).
 */
import { describeSchemaFailure } from "../../engine/schema-issues.ts"
import { randomBytes } from "node:crypto"
import { Effect, Exit, Result, Schema } from "effect"
import type { Context, Hono } from "hono"
import { canvasKind, type CanvasElement, type CanvasEvent, type CanvasView } from "../../actors/canvas/index.ts"
import type { EventLog } from "../../engine/eventlog/port.ts"
import type { JournalState, SharedJournal } from "../../actors/journal/index.ts"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress, NAME_PATTERN, type Address } from "../../engine/address.ts"
import { guestRefusal } from "../auth/guest-scope.ts"
import type { VerifiedToken } from "../auth/tokens.ts"
import { CanvasBackup, importCommands, toBackup } from "../export/backup.ts"
import { cardFacesFor } from "../export/card-faces.ts"
import { journalMarkdown, toJournalExport } from "../export/journal.ts"
import { packElements } from "../export/render-jobs.ts"
import { authenticate as verifiedCaller, type RouteSpec, type Routes } from "./define.ts"
import { limit, sendCommand, type ApiDeps } from "./deps.ts"
import { ApiProblem, problemOfCause } from "./problem.ts"

/** Bodies above this are refused before parsing: a full canvas backup is a few megabytes at most. */
const MAX_IMPORT_BYTES = 16 * 1024 * 1024

const ImportRequest = Schema.Struct({ backup: CanvasBackup, canvasId: Schema.optionalKey(Schema.String.check(Schema.isPattern(NAME_PATTERN))) })
const SaveVersionRequest = Schema.Struct({ label: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(100))) })

/** The canvas's elements just before the event at `seq` (a version's content is the canvas when it was saved), folded with the actor's own rules. */
const elementsBefore = async (log: EventLog, addr: Address, seq: number): Promise<readonly CanvasElement[]> => {
  let state = canvasKind.initialState(addr)
  for (const commit of await Effect.runPromise(log.readStream(addr, 0))) {
    for (const [i, event] of commit.events.entries()) {
      const at = commit.firstSeq + i
      if (at >= seq) return state.elements
      state = canvasKind.evolve(state, event as CanvasEvent, { seq: at, by: commit.by, at: commit.at })
    }
  }
  return state.elements
}

/** The reader's own view of an actor, exactly as a live `join` would give it. */
export const readView = async (deps: ApiDeps, addr: Address, user: User): Promise<unknown> => {
  const exit = await Effect.runPromiseExit(deps.system.join({ addr, user, onEvent: () => undefined }))
  if (Exit.isSuccess(exit)) {
    exit.value.leave()
    return exit.value.snapshot
  }
  throw problemOfCause(exit.cause)
}

const attachment = (body: BodyInit, type: string, filename: string) =>
  new Response(body, { headers: { "content-type": type, "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" } })

export const exportRoutes = (app: Hono, routes: Routes, deps: ApiDeps): void => {
  const authenticate = async (c: Context): Promise<VerifiedToken> => {
    const identity = await verifiedCaller(deps.tokens, c)
    // Every route here names a canvas (or makes one): the canvas's own rules bound a guest to its session's canvases.
    const refusal = guestRefusal(identity, `canvas/${c.req.param("id") ?? ""}`)
    if (refusal) throw new ApiProblem("forbidden", refusal)
    return identity
  }
  const route = (spec: Omit<RouteSpec, "auth">, handler: (c: Context, user: User, identity: VerifiedToken) => Promise<Response>) => {
    routes.specs.push({ ...spec, auth: true })
    app[spec.method](spec.path.replace(/\{(\w+)\}/g, ":$1"), async (c) => {
      const identity = await authenticate(c)
      return handler(c, identity.user, identity)
    })
  }
  const addressOf = (user: User, kind: string, id: string | undefined) => {
    if (!id || !NAME_PATTERN.test(id)) throw new ApiProblem("not_found", `no ${kind} ${id ?? ""}`)
    return makeAddress(user.tenant, kind, id)
  }
  const decodeBody = async <A>(c: Context, schema: Schema.Codec<A, unknown>, maxBytes = 64 * 1024): Promise<A> => {
    if (Number(c.req.header("content-length") ?? 0) > maxBytes) throw new ApiProblem("too_large", `the body may be at most ${maxBytes} bytes`)
    const text = await c.req.text()
    if (text.length > maxBytes) throw new ApiProblem("too_large", `the body may be at most ${maxBytes} bytes`)
    let raw: unknown = {}
    try {
      raw = text ? JSON.parse(text) : {}
    } catch {
      throw new ApiProblem("bad_frame", "the body must be JSON")
    }
    const decoded = Schema.decodeUnknownResult(schema)(raw)
    if (Result.isFailure(decoded)) throw new ApiProblem("bad_frame", `invalid body: ${describeSchemaFailure(decoded.failure, { input: raw })}`)
    return decoded.success
  }
  const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } })

  route(
    {
      method: "get",
      path: "/api/canvases/{id}/export",
      summary: "Export a canvas as you may see it: ?format=json (a backup that imports to an equal canvas), png or pdf (vector)",
    },
    async (c, user, identity) => {
      const format = c.req.query("format") ?? "json"
      if (!["json", "png", "pdf"].includes(format)) throw new ApiProblem("bad_frame", "format must be json, png or pdf")
      deps.exports.admit(`${user.tenant}/${user.id}`)
      const view = (await readView(deps, addressOf(user, "canvas", c.req.param("id")), user)) as CanvasView
      const name = `canvas-${view.id}`
      if (format === "json") return attachment(JSON.stringify(toBackup(view)), "application/json", `${name}.json`)
      // Cards are drawn with the faces this reader may see (the library's own rules), backs otherwise.
      const cardFaces = await cardFacesFor(deps.system, user, identity.scope, view.elements)
      const elements = packElements(view.elements)
      if (format === "png") return attachment(await deps.exports.render({ kind: "canvasPng", elements, cardFaces }), "image/png", `${name}.png`)
      return attachment(
        await deps.exports.render({ kind: "canvasPdf", title: view.title || name, elements, cardFaces }),
        "application/pdf",
        `${name}.pdf`,
      )
    },
  )

  route(
    { method: "post", path: "/api/canvases/import", summary: "Create a canvas from a JSON export; locks are kept only when a facilitator imports" },
    async (c, user) => {
      // Parsing and checking a full canvas's backup holds the live loop ~0.2 s: it counts against the export allowance, before the body is read.
      deps.exports.admit(`${user.tenant}/${user.id}`)
      const { backup, canvasId = `c-${randomBytes(9).toString("base64url")}` } = await decodeBody(c, ImportRequest, MAX_IMPORT_BYTES)
      limit(deps.limits.commandsPerUser, `${user.tenant}/${user.id}`, "commands")
      const addr = addressOf(user, "canvas", canvasId)
      const mayLock = user.roles.includes("facilitator")
      const content = mayLock
        ? backup
        : { ...backup, canvas: { ...backup.canvas, elements: backup.canvas.elements.map((e) => ({ ...e, locked: false })) } }
      const { title, privacy, sessionId } = backup.canvas
      let seq = await sendCommand(deps.system, addr, user, `import-${canvasId}-create`, {
        type: "create",
        title,
        privacy,
        ...(sessionId ? { sessionId } : {}),
      })
      for (const [i, command] of importCommands(content).entries())
        seq = await sendCommand(deps.system, addr, user, `import-${canvasId}-${i}`, command)
      return json({ addr: `canvas/${canvasId}`, seq }, 201)
    },
  )

  route({ method: "get", path: "/api/canvases/{id}/versions", summary: "The canvas's saved versions (latest 50), oldest first" }, async (c, user) => {
    const view = (await readView(deps, addressOf(user, "canvas", c.req.param("id")), user)) as CanvasView
    return json({ versions: view.versions })
  })

  route(
    {
      method: "get",
      path: "/api/canvases/{id}/versions/{versionId}",
      summary: "The elements of one saved version, as you may see them, to look at before restoring it",
    },
    async (c, user) => {
      const addr = addressOf(user, "canvas", c.req.param("id"))
      const view = (await readView(deps, addr, user)) as CanvasView
      const version = view.versions.find((v) => v.id === c.req.param("versionId"))
      if (!version) throw new ApiProblem("not_found", `no version ${c.req.param("versionId")}; the canvas keeps its latest ${view.versions.length}`)
      if (!deps.log) throw new ApiProblem("unavailable", "this node serves no event log to read the version from")
      // The actor holds versions in memory only for itself; the log holds how the canvas got there, so the version is the fold up to it.
      const elements = await elementsBefore(deps.log, addr, version.seq)
      return json({ versionId: version.id, seq: version.seq, elements })
    },
  )

  route({ method: "post", path: "/api/canvases/{id}/versions", summary: "Save a version of the canvas now" }, async (c, user) => {
    const body = await decodeBody(c, SaveVersionRequest)
    const seq = await sendCommand(
      deps.system,
      addressOf(user, "canvas", c.req.param("id")),
      user,
      `version-${randomBytes(9).toString("base64url")}`,
      { type: "saveVersion", ...body },
    )
    return json({ seq }, 201)
  })

  route(
    {
      method: "post",
      path: "/api/canvases/{id}/versions/{versionId}/restore",
      summary: "Restore a version (the present is saved as a version first)",
    },
    async (c, user) => {
      const seq = await sendCommand(
        deps.system,
        addressOf(user, "canvas", c.req.param("id")),
        user,
        `restore-${randomBytes(9).toString("base64url")}`,
        { type: "restoreVersion", versionId: c.req.param("versionId") },
      )
      return json({ seq })
    },
  )

  route(
    {
      method: "get",
      path: "/api/journal/export",
      summary: "Export your journal (?format=md, json or pdf); a coach passes ?owner=<user id> to export the entries shared with them",
    },
    async (c, user) => {
      const format = c.req.query("format") ?? "md"
      if (!["md", "json", "pdf"].includes(format)) throw new ApiProblem("bad_frame", "format must be md, json or pdf")
      deps.exports.admit(`${user.tenant}/${user.id}`)
      const view = (await readView(deps, addressOf(user, "journal", c.req.query("owner") ?? user.id), user)) as JournalState | SharedJournal
      const journal = toJournalExport(view)
      const name = `journal-${view.ownerId}`
      if (format === "json") return attachment(JSON.stringify(journal), "application/json", `${name}.json`)
      if (format === "md") return attachment(journalMarkdown(journal), "text/markdown; charset=utf-8", `${name}.md`)
      return attachment(await deps.exports.render({ kind: "journalPdf", journal }), "application/pdf", `${name}.pdf`)
    },
  )
}
