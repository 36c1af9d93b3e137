/**
 * Mounts the read side (projections/http) under /api: the caller's verified
 * identity goes into the `user` variable the read API expects, and the
 * projections' lag is served to Prometheus at /api/metrics. The routes go
 * into the OpenAPI document from the read API's own table, query structs
 * included, so the document lists what the read side decodes.
 */
import type { Hono } from "hono"
import { READ_API_PATHS, READ_ROUTES, type ReadApiEnv } from "../../projections/http/read-api.ts"
import type { ReadSideApi } from "../../projections/read-side/read-side.ts"
import { PROMETHEUS_CONTENT_TYPE } from "../../projections/runner/metrics.ts"
import type { MetricsAccess } from "../auth/metrics-access.ts"
import type { Tokens } from "../auth/tokens.ts"
import type { Routes } from "./define.ts"
import { ApiProblem } from "./problem.ts"

export const mountReadApi = (app: Hono, routes: Routes, tokens: Tokens, readSide: ReadSideApi, metrics: MetricsAccess): void => {
  for (const route of READ_ROUTES) {
    routes.specs.push({
      method: "get",
      path: `/api${route.path.replace(/:(\w+)/g, "{$1}")}`,
      summary: route.summary,
      auth: true,
      ...(route.query ? { query: route.query } : {}),
    })
  }
  routes.specs.push({
    method: "get",
    path: "/api/metrics",
    summary: "Projection lag and read-side counters in the Prometheus text format (bearer: the node's STUDIO_METRICS_TOKEN)",
    auth: false,
  })
  const authenticated = app as unknown as Hono<ReadApiEnv>
  for (const path of READ_API_PATHS) {
    authenticated.get(`/api${path}`, async (c, next) => {
      const header = c.req.header("authorization") ?? ""
      const identity = header.startsWith("Bearer ") ? await tokens.verify(header.slice(7), "access") : undefined
      if (!identity) throw new ApiProblem("unauthorized", "send a valid access token as `Authorization: Bearer <token>`")
      // A guest's token names one live session: of the lists, only that session's canvases are theirs to read (the rows' own rules pick those shared with them).
      if (identity.scope !== undefined && !(path === "/canvases" && `session/${c.req.query("session") ?? ""}` === identity.scope)) {
        throw new ApiProblem(
          "forbidden",
          `a guest may only use ${identity.scope}${path === "/canvases" ? `; list its canvases with ?session=${identity.scope.slice("session/".length)}` : ""}`,
        )
      }
      c.set("user", identity.user)
      await next()
    })
  }
  authenticated.route("/api", readSide.api)
  app.get("/api/metrics", async (c) => {
    if (!metrics.enabled)
      throw new ApiProblem("forbidden", "metrics are off on this node: set STUDIO_METRICS_TOKEN and send it as `Authorization: Bearer <token>`")
    if (!metrics.allows(c.req.header("authorization")))
      throw new ApiProblem("unauthorized", "send the node's STUDIO_METRICS_TOKEN as `Authorization: Bearer <token>`")
    return c.body(await readSide.metrics(), 200, { "content-type": PROMETHEUS_CONTENT_TYPE })
  })
}
