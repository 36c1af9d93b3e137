/**
 * What the route walk and the HTTP fuzz share: a node as `npm start` runs it
 * (every actor kind, the read side in its worker over PGlite), one
 * organization with a token for each role, a few real things to name, and
 * the routes its own OpenAPI document lists, so a route added later is
 * walked and fuzzed without touching the tests.
 */
import { join } from "node:path"
import { actorKinds } from "../../../actors/index.ts"
import { JOURNEY_TEMPLATES } from "../../../actors/journey/index.ts"
import { startReadSide } from "../../read-side.ts"
import { NodeInsights } from "../../../ml/insights/live/node-insights.ts"
import { freshId, startTestServer, sticky, type TestServer } from "../../testing/harness.ts"

export const ROLES = ["admin", "facilitator", "participant", "guest", "none"] as const
export type Caller = (typeof ROLES)[number]

export interface DocumentedParameter {
  readonly name: string
  readonly in: "path" | "query"
  readonly required: boolean
  readonly schema: Record<string, any>
}

export interface DocumentedRoute {
  readonly method: string
  /** OpenAPI style: `/api/journeys/{id}`. */
  readonly path: string
  readonly parameters: readonly DocumentedParameter[]
  /** The request body's JSON Schema with its references resolved one level, when the route documents a body. */
  readonly body?: Record<string, any>
}

export interface Reply {
  readonly status: number
  readonly type: string
  readonly text: string
}

export interface HostileNode {
  readonly server: TestServer
  readonly tenant: string
  readonly tokens: Readonly<Record<Caller, string | undefined>>
  /** Ids that exist in the organization, by kind, so requests can reach past "not found". */
  readonly real: Readonly<Record<"session" | "canvas" | "journey" | "deck" | "user", string>>
  readonly routes: readonly DocumentedRoute[]
  readonly document: Record<string, any>
  request(method: string, url: string, init?: { token?: string | undefined; body?: string; headers?: Record<string, string> }): Promise<Reply>
  dispose(): Promise<void>
}

/** An RFC 9457 problem document as this API writes one: every member present, `status` equal to the response's. */
export const problemDefect = (reply: Reply): string | undefined => {
  if (!reply.type.startsWith("application/problem+json")) return `content-type ${reply.type || "(none)"}`
  let body: any
  try {
    body = JSON.parse(reply.text)
  } catch {
    return "a body that is not JSON"
  }
  for (const member of ["type", "title", "detail", "code"]) if (typeof body?.[member] !== "string") return `no ${member}`
  if (body.status !== reply.status) return `status ${body.status} in the body`
  return undefined
}

const documentedRoutes = (document: Record<string, any>): DocumentedRoute[] => {
  const schemas = document["components"]?.["schemas"] ?? {}
  const resolve = (schema: any) => (typeof schema?.$ref === "string" ? (schemas[schema.$ref.split("/").at(-1)] ?? {}) : schema)
  const routes: DocumentedRoute[] = []
  for (const [path, operations] of Object.entries<Record<string, any>>(document["paths"])) {
    for (const [method, operation] of Object.entries<any>(operations)) {
      const body = operation.requestBody?.content?.["application/json"]?.schema
      routes.push({
        method: method.toUpperCase(),
        path,
        parameters: (operation.parameters ?? []).map((p: any) => ({
          name: p.name,
          in: p.in,
          required: p.required === true,
          schema: resolve(p.schema) ?? {},
        })),
        ...(body ? { body: resolve(body) } : {}),
      })
    }
  }
  return routes
}

export const startHostileNode = async (): Promise<HostileNode> => {
  // Every route as a node serves it by default: the coach and the insights too.
  const server = await startTestServer({
    kinds: actorKinds,
    readSide: (log, dir) => startReadSide(log, { store: { kind: "pglite", dataDir: join(dir, "readstore") }, idleMs: { min: 5, max: 50 } }),
    coach: true,
    insights: new NodeInsights(),
  })
  const request: HostileNode["request"] = async (method, url, init = {}) => {
    const response = await fetch(`${server.http}${url}`, {
      method,
      headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    })
    const type = response.headers.get("content-type") ?? ""
    // A live stream (insights) runs until its client leaves: its status and type are the answer.
    if (type.startsWith("text/event-stream")) {
      await response.body?.cancel()
      return { status: response.status, type, text: "" }
    }
    return { status: response.status, type, text: await response.text() }
  }
  const json = async (method: string, url: string, body: unknown, token?: string) => {
    const reply = await request(method, url, {
      token,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: { "content-type": "application/json" },
    })
    if (reply.status >= 300) throw new Error(`${method} ${url} answered ${reply.status}: ${reply.text}`)
    return JSON.parse(reply.text)
  }

  const tenant = freshId("org")
  const created = await json("POST", "/api/organizations", {
    tenant,
    name: "Walk and fuzz",
    admin: { email: `admin@${tenant}.example`, name: "Ada", password: "walk-and-fuzz-1" },
  })
  const admin: string = created.token
  const facilitator = await server.token({ id: "walk-facilitator", tenant, roles: ["facilitator"] })
  const participant = await server.token({ id: "walk-participant", tenant, roles: ["participant"] })
  const session = await json("POST", "/api/sessions", { title: "Walked" }, admin)
  const guest = await json("POST", "/api/live/join", { code: session.code, name: "Guest" })
  const sessionId = String(session.addr).slice("session/".length)
  const canvas = freshId("cv")
  await json(
    "POST",
    `/api/actors/canvas/${canvas}/commands`,
    { id: freshId("op"), cmd: { type: "create", title: "Walked", privacy: "shared", sessionId } },
    admin,
  )
  await json("POST", `/api/actors/canvas/${canvas}/commands`, { id: freshId("op"), cmd: { type: "addElement", element: sticky("hello") } }, admin)
  const journey = await json("POST", "/api/journeys", { title: "Walked", templateId: JOURNEY_TEMPLATES[0]!.templateId }, admin)
  const deck = await json("POST", "/api/decks", { title: "Walked", language: "en", tier: "free" }, admin)
  const document = JSON.parse((await request("GET", "/api/openapi.json")).text)

  return {
    server,
    tenant,
    document,
    tokens: { admin, facilitator, participant, guest: guest.token, none: undefined },
    real: { session: sessionId, canvas, journey: journey.id, deck: deck.id, user: created.user.id },
    routes: documentedRoutes(document),
    request,
    dispose: () => server.dispose(),
  }
}
