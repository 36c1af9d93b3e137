/**
 * The facilitation method's HTTP routes in one registration: the card
 * library, journeys and sessions started from them, recaps and the licence
 * (the audit trail and usage reports are read queries: projections/reads/reports.ts).
 */
import type { Hono } from "hono"
import { copilotRoutes } from "./copilot-routes.ts"
import { deckRoutes } from "./deck-routes.ts"
import type { Routes } from "./define.ts"
import type { ApiDeps } from "./deps.ts"
import { journeyRoutes } from "./journey-routes.ts"
import { recapRoutes } from "./recap-routes.ts"
import { recommendationRoutes } from "./recommendation-routes.ts"
import { usageRoutes } from "./usage-routes.ts"

export const methodRoutes = (app: Hono, routes: Routes, deps: ApiDeps): void => {
  deckRoutes(routes, deps)
  journeyRoutes(routes, deps)
  recapRoutes(app, routes, deps)
  usageRoutes(app, routes, deps)
  recommendationRoutes(routes, deps)
  copilotRoutes(routes, deps)
}
