/**
 * The HTTP API as one Hono app. It runs behind any transport that speaks
 * fetch (the uWS bridge, or @hono/node-server), and every error leaves as a
 * problem document.
 */
import { Hono } from "hono"
import { parseAddress } from "../../engine/address.ts"
import { guestRefusal } from "../auth/guest-scope.ts"
import { refuseAtEdge } from "../command-policy.ts"
import { authRoutes } from "./auth-routes.ts"
import { coachRoutes } from "./coach-routes.ts"
import { insightRoutes } from "./insight-routes.ts"
import { guestAccountRoutes } from "./guest-account-routes.ts"
import { authenticate, Routes } from "./define.ts"
import { limit, sendCommand, type ApiDeps } from "./deps.ts"
import { jsonResponse } from "./light-response.ts"
import { methodRoutes } from "./method-routes.ts"
import { openApiDocument } from "./openapi.ts"
import { ApiProblem, errorResponse, problemResponse } from "./problem.ts"
import { CommandAck, CommandRequest, Health, Liveness } from "./schemas.ts"
import { exportRoutes } from "./export-routes.ts"
import { tenantRoutes } from "./tenant-routes.ts"
import { metricsRoute, readRoutes } from "./read-routes.ts"
import { metricsAccess } from "../auth/metrics-access.ts"

export const makeApi = (deps: ApiDeps): Hono => {
  const app = new Hono()
  const routes = new Routes(app, deps.tokens)

  // Readiness: 503 until the node serves everything it advertises (and once it drains), so a balancer or a script waits on it.
  routes.specs.push({
    method: "get",
    path: "/api/health",
    summary: "Readiness of this node: 200 ok, or 503 starting (with what it waits for) or stopping",
    auth: false,
    response: Health,
  })
  app.get("/api/health", () => {
    const { status, waitingFor } = deps.readiness
    const body = { status, ...(status === "starting" ? { waitingFor } : {}), node: deps.nodeId, log: deps.logName, connections: deps.connections() }
    return jsonResponse(body, status === "ok" ? 200 : 503, status === "ok" ? {} : { "retry-after": "1" })
  })
  routes.define(
    {
      method: "get",
      path: "/api/health/live",
      summary: "Liveness of this node: 200 while the process serves HTTP, ready or not",
      auth: false,
      response: Liveness,
    },
    () => ({
      status: "alive" as const,
      node: deps.nodeId,
    }),
  )

  authRoutes(routes, deps)
  guestAccountRoutes(routes, deps)
  tenantRoutes(routes, deps)
  methodRoutes(app, routes, deps)
  exportRoutes(app, routes, deps)
  coachRoutes(app, routes, deps)
  insightRoutes(app, routes, deps)

  routes.define(
    {
      method: "post",
      path: "/api/actors/{kind}/{id}/commands",
      summary: "Send a command to one actor; the reply comes after the durable append",
      auth: true,
      guests: true,
      request: CommandRequest,
      response: CommandAck,
    },
    async ({ body, identity, params }) => {
      const { user } = identity!
      const wire = `${params["kind"]}/${params["id"]}`
      let addr
      try {
        addr = parseAddress(user.tenant, wire)
      } catch (error) {
        throw new ApiProblem("not_found", error instanceof Error ? error.message : "no such actor")
      }
      const refusal = guestRefusal(identity!, wire)
      if (refusal) throw new ApiProblem("forbidden", refusal)
      const refused = refuseAtEdge(addr)
      if (refused) throw new ApiProblem(refused.code, refused.message)
      limit(deps.limits.commandsPerUser, `${user.tenant}/${user.id}`, "commands")
      return { seq: await sendCommand(deps.system, addr, user, body.id, body.cmd) }
    },
  )

  const readSide = deps.readSide
  if (readSide) {
    readRoutes(app, routes, { reads: readSide, authenticate: (c) => authenticate(deps.tokens, c) })
    metricsRoute(app, routes, deps.metrics ?? metricsAccess(undefined), () => readSide.metrics())
  }

  const document = openApiDocument(routes.specs)
  app.get("/api/openapi.json", (c) => c.json(document))

  app.notFound((c) => problemResponse("not_found", `no route ${c.req.method} ${new URL(c.req.url).pathname}`))
  app.onError(errorResponse)
  return app
}
