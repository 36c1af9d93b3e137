/**
 * Facilitator insights over HTTP, for the session's facilitators only (its
 * leads and co-facilitators; 403 for anyone else). `GET .../insights/live`
 * streams Server-Sent Events: `insights` with the current view at once and
 * on every change, `ended` with the retrospective when the session ends.
 * `GET .../insights` is the current view once; `.../insights/retrospective`
 * is the summary after the end (409 while the session runs). Consent and the
 * anonymised mode are applied by ml/insights before anything leaves.
 */
import type { Context, Hono } from "hono"
import { streamSSE } from "hono/streaming"
import { sessionKey } from "../../ml/insights/from-log.ts"
import type { InsightsView } from "../../ml/insights/present.ts"
import { readCallersSession } from "./actor-reads.ts"
import type { Routes } from "./define.ts"
import type { ApiDeps } from "./deps.ts"
import { ApiProblem, problemResponse } from "./problem.ts"

export const INSIGHTS_NOT_CONFIGURED = "insights are not configured on this node: it runs no insights engine"
const KEEPALIVE_MS = 15_000

export const insightRoutes = (app: Hono, routes: Routes, deps: ApiDeps): void => {
  /** The session's key for the engine, once the caller is known to run it. */
  const facilitatorsOnly = async (c: Context): Promise<string> => {
    const { identity, sessionId, view: state } = await readCallersSession(deps, c)
    const runs = state.facilitators.includes(identity.user.id) || state.coFacilitators.some((co) => co.userId === identity.user.id)
    if (!runs) throw new ApiProblem("forbidden", "insights are for the session's facilitators")
    return sessionKey(identity.user.tenant, sessionId)
  }
  const notConfigured = (): Response => problemResponse("not_implemented", INSIGHTS_NOT_CONFIGURED)

  routes.specs.push(
    {
      method: "get",
      path: "/api/sessions/{id}/insights/live",
      summary: "Facilitator insights as Server-Sent Events: `insights` (the current view, then every change) and `ended` (the retrospective)",
      auth: true,
    },
    {
      method: "get",
      path: "/api/sessions/{id}/insights",
      summary: "Facilitator insights now: per-person activity (with consent), room patterns, aggregates",
      auth: true,
    },
    {
      method: "get",
      path: "/api/sessions/{id}/insights/retrospective",
      summary: "Facilitator insights after the session: what happened, who took part (with consent); 409 while it runs",
      auth: true,
    },
  )

  app.get("/api/sessions/:id/insights/live", async (c) => {
    const key = await facilitatorsOnly(c)
    const engine = deps.insights
    if (!engine) return notConfigured()
    return streamSSE(c, async (stream) => {
      const ended = engine.retrospective(key)
      if (ended !== undefined && ended !== "open") return void (await stream.writeSSE({ event: "ended", data: JSON.stringify(ended) }))
      let queue = Promise.resolve()
      let finished: () => void = () => {}
      const done = new Promise<void>((resolve) => (finished = resolve))
      const send = (event: string, data: unknown) =>
        (queue = queue.then(() => stream.writeSSE({ event, data: JSON.stringify(data) })).catch(() => finished()))
      const unsubscribe = engine.subscribe(key, (view: InsightsView) => {
        send("insights", view)
        const retrospective = engine.retrospective(key)
        if (retrospective !== undefined && retrospective !== "open") void send("ended", retrospective).then(finished)
      })
      const keepalive = setInterval(
        () =>
          void (queue = queue
            .then(() => stream.write(": keepalive\n\n"))
            .then(
              () => undefined,
              () => finished(),
            )),
        KEEPALIVE_MS,
      )
      stream.onAbort(finished)
      await done
      clearInterval(keepalive)
      unsubscribe()
    })
  })

  app.get("/api/sessions/:id/insights", async (c) => {
    const key = await facilitatorsOnly(c)
    if (!deps.insights) return notConfigured()
    const view = deps.insights.view(key)
    if (!view) throw new ApiProblem("not_found", "this node has no insights for the session yet")
    return c.json(view)
  })

  app.get("/api/sessions/:id/insights/retrospective", async (c) => {
    const key = await facilitatorsOnly(c)
    if (!deps.insights) return notConfigured()
    const retrospective = deps.insights.retrospective(key)
    if (retrospective === "open") throw new ApiProblem("conflict", "the session has not ended; its retrospective comes when it ends")
    if (!retrospective) throw new ApiProblem("not_found", "this node has no insights for the session")
    return c.json(retrospective)
  })
}
