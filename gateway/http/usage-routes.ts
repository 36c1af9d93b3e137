/**
 * The organization's licence (admins), read from its card library actor.
 * Card use per deck for licence and royalty reports is a read model:
 * `GET /api/licence/usage` among the read queries (projections/reads/reports.ts),
 * as is the audit trail (`GET /api/audit`).
 */
import type { Hono } from "hono"
import { authenticate } from "./actor-reads.ts"
import { readLibrary } from "./deck-routes.ts"
import type { Routes } from "./define.ts"
import type { ApiDeps } from "./deps.ts"
import { ApiProblem } from "./problem.ts"

export const usageRoutes = (app: Hono, routes: Routes, deps: ApiDeps): void => {
  routes.specs.push({ method: "get", path: "/api/licence", summary: "The organization's licence tier and marketplace packs (admins)", auth: true })

  app.get("/api/licence", async (c) => {
    const { user } = await authenticate(deps, c)
    if (!user.roles.includes("admin")) throw new ApiProblem("forbidden", "licence and usage reports are for the organization's admins")
    return c.json((await readLibrary(deps, user.tenant)).licence)
  })
}
