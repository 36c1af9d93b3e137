/**
 * A session's recap for one reader, as JSON and as PDF. It is built from the
 * reader's own view of the session, so it holds nothing they could not see
 * live. Registered on the app directly: the bodies are exact bytes (the JSON
 * as `recapJson` writes it, the PDF binary), which the JSON route helper does not send.
 */
import type { Context, Hono } from "hono"
import { buildRecap, recapJson } from "../../actors/session/recap.ts"
import type { SessionState } from "../../actors/session/state.ts"
import { makeAddress } from "../../engine/address.ts"
import { authenticate, readActor, requireScope } from "./actor-reads.ts"
import type { Routes } from "./define.ts"
import type { ApiDeps } from "./deps.ts"
import { ApiProblem } from "./problem.ts"
import { renderRecapPdf } from "./recap-pdf.ts"

export const recapRoutes = (app: Hono, routes: Routes, deps: ApiDeps): void => {
  const recapOf = async (c: Context) => {
    const identity = await authenticate(deps, c)
    const sessionId = c.req.param("id") ?? ""
    requireScope(identity, `session/${sessionId}`)
    let addr
    try {
      addr = makeAddress(identity.user.tenant, "session", sessionId)
    } catch {
      throw new ApiProblem("not_found", `no session ${sessionId}`)
    }
    const view = await readActor<SessionState>(deps.system, addr, identity.user)
    if (!view) throw new ApiProblem("not_found", `no session ${sessionId}`)
    return buildRecap(view)
  }

  routes.specs.push(
    { method: "get", path: "/api/sessions/{id}/recap", summary: "The session's recap as the caller may see it (attendance, timeline, cards, polls)", auth: true },
    { method: "get", path: "/api/sessions/{id}/recap.pdf", summary: "The same recap as a PDF (application/pdf)", auth: true },
  )
  app.get("/api/sessions/:id/recap", async (c) => c.body(recapJson(await recapOf(c)), 200, { "content-type": "application/json; charset=utf-8" }))
  app.get("/api/sessions/:id/recap.pdf", async (c) => {
    const recap = await recapOf(c)
    const pdf = await renderRecapPdf(recap)
    return c.body(new Uint8Array(pdf), 200, { "content-type": "application/pdf", "content-disposition": `inline; filename="recap-${recap.session.id}.pdf"` })
  })
}
