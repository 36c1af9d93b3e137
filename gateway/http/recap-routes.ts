/**
 * A session's recap for one reader, as JSON and as PDF. It is built from the
 * reader's own view of the session, so it holds nothing they could not see
 * live. Registered on the app directly: the bodies are exact bytes (the JSON
 * as `recapJson` writes it, the PDF binary), which the JSON route helper does not send.
 * The PDF is rendered by the export pool, off the live event loop, and counts
 * against the reader's export allowance.
 */
import type { Context, Hono } from "hono"
import { buildRecap, recapJson } from "../../actors/session/recap.ts"
import { readCallersSession } from "./actor-reads.ts"
import type { Routes } from "./define.ts"
import type { ApiDeps } from "./deps.ts"

export const recapRoutes = (app: Hono, routes: Routes, deps: ApiDeps): void => {
  const recapOf = async (c: Context, exported = false) => {
    const { identity, view } = await readCallersSession(deps, c)
    if (exported) deps.exports.admit(`${identity.user.tenant}/${identity.user.id}`)
    return buildRecap(view)
  }

  routes.specs.push(
    {
      method: "get",
      path: "/api/sessions/{id}/recap",
      summary: "The session's recap as the caller may see it (attendance, timeline, cards, polls)",
      auth: true,
    },
    { method: "get", path: "/api/sessions/{id}/recap.pdf", summary: "The same recap as a PDF (application/pdf)", auth: true },
  )
  app.get("/api/sessions/:id/recap", async (c) => c.body(recapJson(await recapOf(c)), 200, { "content-type": "application/json; charset=utf-8" }))
  app.get("/api/sessions/:id/recap.pdf", async (c) => {
    const recap = await recapOf(c, true)
    const pdf = await deps.exports.render({ kind: "recapPdf", recap })
    return c.body(pdf, 200, { "content-type": "application/pdf", "content-disposition": `inline; filename="recap-${recap.session.id}.pdf"` })
  })
}
