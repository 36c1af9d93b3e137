/**
 * Every route of the OpenAPI document, walked with hostile values in each
 * place a client fills in: path segments, documented query parameters and
 * bodies (NUL, overlong, wrong type, malformed percent-encoding, crafted
 * cursors, prototype names). Each answer must be a problem document with a
 * 4xx status: client input is never a 500, whoever sends it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { problemDefect, startHostileNode, type DocumentedParameter, type DocumentedRoute, type HostileNode } from "./testing/hostile-node.ts"

let node: HostileNode
beforeAll(async () => {
  node = await startHostileNode()
})
afterAll(() => node?.dispose())

const cursor = (key: unknown) => Buffer.from(JSON.stringify(key)).toString("base64url")
/** Sent as they are, unencoded: percent sequences that decode to nothing. */
const RAW = ["%E0%A4%A", "%FF%FE", "%"]
const NEUTRAL_ID = "walk-nothing-here"
const PROTOTYPE_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]
/** Keys no route declares, appended to every query string. */
const PROTOTYPE_KEYS = "__proto__=1&constructor=1&toString=1&__proto__[polluted]=1"

const hostilePath = ["a b", "a\u0000b", "x".repeat(300), "é", ...PROTOTYPE_NAMES]

/**
 * Values no parameter of that kind accepts, chosen from the very schema the
 * document publishes; `raw` ones go out unencoded. Free text takes any
 * characters but NUL (an undecodable `%FF` is just the text "%FF").
 */
const hostileQuery = (route: DocumentedRoute, parameter: DocumentedParameter): { encoded: string[]; raw: string[] } => {
  const always = ["a\u0000b", "x".repeat(5000)]
  const { schema } = parameter
  if (parameter.name === "cursor") {
    const crafted = [cursor(["x"]), cursor({}), cursor([1, 2]), cursor(["a b", "x"]), cursor(["a\u0000", "b"]), "!!!", "x".repeat(601)]
    // The card list sorts by (deck, card): a pair of ids is a cursor it accepts; the others sort by (time, id).
    const timed = [
      cursor(["1", "x"]),
      cursor(["2024-02-30T00:00:00.000Z", "x"]),
      cursor(["2024-01-01", "x"]),
      cursor(["0000-01-01T00:00:00.000Z", "a"]),
      cursor(["2024-01-01T00:00:00.000Z", "a b"]),
      cursor(["+275760-09-13T00:00:00.000Z", "a"]),
    ]
    return { encoded: [...always, ...crafted, ...(route.path === "/api/cards" ? [] : timed)], raw: RAW }
  }
  if (schema["type"] === "integer" || schema["type"] === "number") return { encoded: [...always, "abc", "1.5", "-1", "1e999", "NaN"], raw: RAW }
  if (Array.isArray(schema["enum"]) || "const" in schema) return { encoded: [...always, "nope", ...PROTOTYPE_NAMES], raw: RAW }
  if (typeof schema["pattern"] === "string") return { encoded: [...always, "a b", "x".repeat(65)], raw: RAW }
  return { encoded: always, raw: [] }
}

const hostileBodies = [
  "{",
  "[]",
  "null",
  '"x"',
  "1e999",
  "[".repeat(3000) + "]".repeat(3000),
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
]

interface Case {
  readonly what: string
  readonly method: string
  readonly url: string
  readonly body?: string
}

const fill = (route: DocumentedRoute, values: Record<string, string>, raw = false) =>
  route.path.replace(/\{(\w+)\}/g, (_, name: string) => (raw ? (values[name] ?? NEUTRAL_ID) : encodeURIComponent(values[name] ?? NEUTRAL_ID)))

const casesOf = (route: DocumentedRoute): Case[] => {
  const cases: Case[] = []
  const send = (what: string, path: string, query = "", body?: string) =>
    cases.push({
      what,
      method: route.method,
      url: `${path}?${query ? `${query}&` : ""}${PROTOTYPE_KEYS}`,
      ...(body !== undefined ? { body } : route.method === "GET" ? {} : { body: "{}" }),
    })
  for (const parameter of route.parameters.filter((p) => p.in === "path")) {
    for (const value of hostilePath) send(`path ${parameter.name}=${JSON.stringify(value.slice(0, 20))}`, fill(route, { [parameter.name]: value }))
    for (const value of RAW) send(`path ${parameter.name}=${value}`, fill(route, { [parameter.name]: value }, true))
  }
  for (const parameter of route.parameters.filter((p) => p.in === "query")) {
    const { encoded, raw } = hostileQuery(route, parameter)
    for (const value of encoded)
      send(`query ${parameter.name}=${JSON.stringify(value.slice(0, 30))}`, fill(route, {}), `${parameter.name}=${encodeURIComponent(value)}`)
    for (const value of raw) send(`query ${parameter.name}=${value}`, fill(route, {}), `${parameter.name}=${value}`)
  }
  if (route.body || route.method !== "GET") {
    for (const body of hostileBodies) send(`body ${JSON.stringify(body.slice(0, 20))}`, fill(route, {}), "", body)
  }
  return cases
}

describe("every documented route with hostile values", () => {
  it("lists the read routes, with their query parameters, in the OpenAPI document", () => {
    const paths = node.document["paths"]
    for (const path of [
      "/api/sessions",
      "/api/sessions/{id}",
      "/api/canvases",
      "/api/canvases/{id}",
      "/api/journal/entries",
      "/api/journal/search",
      "/api/cards",
      "/api/cards/search",
      "/api/metrics",
    ]) {
      expect(paths[path]?.get, path).toBeDefined()
    }
    const names = (path: string) => paths[path].get.parameters.map((p: { name: string }) => p.name).sort()
    expect(names("/api/sessions")).toEqual(["cursor", "limit", "status"])
    expect(names("/api/cards")).toEqual(["cursor", "deck", "lang", "limit", "q", "status", "theme", "tier"])
    expect(paths["/api/journal/search"].get.parameters.find((p: { name: string }) => p.name === "q").required).toBe(true)
    expect(paths["/api/journeys/{id}"].get.parameters[0]).toMatchObject({
      name: "id",
      in: "path",
      required: true,
      schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" },
    })
  })

  for (const caller of ["admin", "participant", "guest"] as const) {
    it(`answers every hostile value with a 4xx problem document, for ${caller === "admin" ? "an" : "a"} ${caller}`, async () => {
      const cases = node.routes.flatMap(casesOf)
      expect(cases.length).toBeGreaterThan(500)
      const wrong: string[] = []
      // A few at a time: the walk is about answers, not load.
      for (let i = 0; i < cases.length; i += 8) {
        await Promise.all(
          cases.slice(i, i + 8).map(async (c) => {
            const headers: Record<string, string> = c.body !== undefined ? { "content-type": "application/json" } : {}
            const reply = await node.request(c.method, c.url, {
              token: node.tokens[caller],
              headers,
              ...(c.body !== undefined ? { body: c.body } : {}),
            })
            const defect = reply.status < 400 || reply.status > 499 ? `status ${reply.status}` : problemDefect(reply)
            if (defect) wrong.push(`${c.method} ${c.url.slice(0, 90)} (${c.what}): ${defect} ${reply.text.slice(0, 160)}`)
          }),
        )
      }
      expect(wrong).toEqual([])
      expect((await node.request("GET", "/api/health")).status).toBe(200)
    })
  }

  it("answers a guest 403 on the caller's organization", async () => {
    const reply = await node.request("GET", "/api/organizations/current", { token: node.tokens.guest })
    expect({ status: reply.status, problem: problemDefect(reply) }).toEqual({ status: 403, problem: undefined })
    expect((await node.request("GET", "/api/organizations/current", { token: node.tokens.participant })).status).toBe(200)
  })

  it("names the wrong field in plain words, without the library's internals", async () => {
    const admin = node.tokens.admin
    const bad = await node.request("POST", `/api/actors/canvas/${node.real.canvas}/commands`, {
      token: admin,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: "op-plain-words",
        cmd: { type: "addElement", element: { kind: "sticky", text: "a", colour: "#ffcc00", x: "no", y: 1, w: 1, h: 1 } },
      }),
    })
    expect({ status: bad.status, detail: JSON.parse(bad.text).detail }).toEqual({ status: 422, detail: 'cmd.element.x: expected a number, got "no"' })
    const zap = JSON.parse(
      (
        await node.request("POST", `/api/actors/canvas/${node.real.canvas}/commands`, {
          token: admin,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ id: "op-zap", cmd: { type: "zap" } }),
        })
      ).text,
    )
    expect(zap.detail).toMatch(/^unknown command type "zap"; expected one of create, /)
    const body = JSON.parse(
      (
        await node.request("POST", "/api/sessions", {
          token: admin,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ title: 5 }),
        })
      ).text,
    )
    expect(body.detail).toBe("invalid body: title: expected a string, got 5")
    const query = JSON.parse((await node.request("GET", "/api/sessions?limit=abc", { token: admin })).text)
    expect(query.detail).toBe('limit: expected a finite number, got "abc"')
    for (const detail of [bad.text, JSON.stringify(zap), JSON.stringify(body), JSON.stringify(query)])
      expect(detail).not.toMatch(/Cause\(|SchemaError|Fail\(/)
  })
})
