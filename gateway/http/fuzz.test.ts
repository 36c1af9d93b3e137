/**
 * A seeded fuzz of HTTP requests over every route of the OpenAPI document:
 * random bodies (shaped after the documented schema, then broken), path and
 * query values, headers, and tokens of each role (admin, facilitator,
 * participant, guest, none). The node never answers 5xx to client input,
 * every refusal is a problem document, and a bystander's live canvas on the
 * same node keeps its events in order and its pings answered. Rate-limit
 * 429s are fine. Replay with STUDIO_TEST_SEED=<seed>.
 */
import { afterAll, beforeAll, expect, it } from "vitest"
import type { LiveClient } from "../testing/live-client.ts"
import type { ServerFrameOf } from "../protocol.ts"
import { freshId, sticky } from "../testing/harness.ts"
import { makeRandom, type Random, testSeed } from "../../engine/testing/random.ts"
import { problemDefect, ROLES, startHostileNode, type DocumentedRoute, type HostileNode } from "./testing/hostile-node.ts"

const REQUESTS = 2_000
const IN_FLIGHT = 4
/** The bystander's editor adds an element, and the bystander pings, once per this many requests. */
const EVERY = 100

let node: HostileNode
beforeAll(async () => {
  node = await startHostileNode()
})
afterAll(() => node?.dispose())

const PROTOTYPE_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype"]
const ODD_TEXT = [
  "",
  " ",
  "a\u0000b",
  "🙂",
  "\u202e",
  "' or 1=1 --",
  "<script>",
  "../../etc/passwd",
  "%00",
  "null",
  "[]",
  "{}",
  "NaN",
  "-0",
  "1e999",
  ...PROTOTYPE_NAMES,
]

const printable = (random: Random, length: number) => Array.from({ length }, () => String.fromCharCode(32 + random.int(95))).join("")
const text = (random: Random): string =>
  random.pick<() => string>([
    () => random.pick(ODD_TEXT),
    () => printable(random, random.int(40)),
    () => "x".repeat(random.pick([63, 64, 65, 200, 201, 300, 5000])),
    () => String.fromCodePoint(...Array.from({ length: 1 + random.int(8) }, () => random.int(0x2ffff))),
  ])()

/** Percent-encodes what can be encoded; a lone surrogate goes out as the bytes that never decode. */
const encode = (value: string) => {
  try {
    return encodeURIComponent(value)
  } catch {
    return "%ED%A0%80"
  }
}

const jsonValue = (random: Random, depth = 0): unknown => {
  switch (random.int(depth > 3 ? 4 : 7)) {
    case 0:
      return random.pick([null, true, false])
    case 1:
      return random.pick([0, -1, 1, 1.5, 2 ** 53, -(2 ** 60), 1e308, Number.MIN_VALUE])
    case 2:
      return text(random)
    case 3:
      return random.int(1000)
    case 4:
      return Array.from({ length: random.int(4) }, () => jsonValue(random, depth + 1))
    default: {
      const object: Record<string, unknown> = {}
      for (let i = random.int(5); i > 0; i--) {
        const key = random.chance(0.3)
          ? random.pick(PROTOTYPE_NAMES)
          : random.pick(["type", "id", "cmd", "title", "name", "email", "password", "roles", "code", "plan", "changes", "card", printable(random, 6)])
        // An own property even for `__proto__`, so the JSON sent carries the key.
        Object.defineProperty(object, key, { value: jsonValue(random, depth + 1), enumerable: true, writable: true, configurable: true })
      }
      return object
    }
  }
}

/** A value shaped after a JSON Schema from the document (resolving its references), often nearly valid. */
const shaped = (random: Random, schema: any, components: Record<string, any>, depth = 0): unknown => {
  if (!schema || depth > 6) return jsonValue(random, 3)
  if (typeof schema.$ref === "string") return shaped(random, components[schema.$ref.split("/").at(-1)], components, depth + 1)
  if (random.chance(0.05)) return jsonValue(random, 2)
  if ("const" in schema) return schema.const
  if (Array.isArray(schema.enum)) return random.pick(schema.enum)
  const options = schema.anyOf ?? schema.oneOf
  if (Array.isArray(options) && options.length > 0) return shaped(random, random.pick(options), components, depth + 1)
  switch (schema.type) {
    case "object": {
      const object: Record<string, unknown> = {}
      const required = new Set<string>(schema.required ?? [])
      for (const [key, property] of Object.entries<any>(schema.properties ?? {}))
        if (required.has(key) || random.chance(0.5)) object[key] = shaped(random, property, components, depth + 1)
      return object
    }
    case "array":
      return Array.from({ length: random.int(4) }, () => shaped(random, schema.items, components, depth + 1))
    case "integer":
      return random.chance(0.8) ? (schema.minimum ?? 0) + random.int(10) : jsonValue(random, 3)
    case "number":
      return random.chance(0.8) ? random.int(1000) / 7 : jsonValue(random, 3)
    case "boolean":
      return random.chance(0.5)
    case "string":
      return random.chance(0.7)
        ? schema.pattern
          ? `f${random.int(1e6)}`
          : printable(random, Math.min(schema.maxLength ?? 20, 1 + random.int(20)))
        : text(random)
    default:
      return jsonValue(random, 2)
  }
}

/** A cursor shaped like the ones the lists write (a sort key of two strings), with parts a list may not take. */
const cursorLike = (random: Random) => {
  const time = random.pick([
    "1",
    "x",
    "2024-02-30T00:00:00.000Z",
    "2024-01-01",
    "0000-01-01T00:00:00.000Z",
    new Date(random.int(2 ** 41)).toISOString(),
    "+275760-09-13T00:00:00.000Z",
  ])
  const key = random.pick<unknown[]>([
    [time, `f${random.int(99)}`],
    [time, text(random)],
    [text(random), text(random)],
    [time],
    [time, "a", "b"],
    [1, 2],
  ])
  return Buffer.from(JSON.stringify(key)).toString("base64url")
}

interface Shot {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly body?: string
}

const shotFor = (random: Random, route: DocumentedRoute): Shot => {
  const real = Object.values(node.real)
  const id = () => (random.chance(0.4) ? random.pick(real) : random.chance(0.5) ? text(random) : `f${random.int(100)}`)
  const path = route.path.replace(/\{(\w+)\}/g, () => (random.chance(0.05) ? random.pick(["%", "%E0%A4%A", "%2F", ".."]) : encode(id())))
  const query: string[] = []
  for (const parameter of route.parameters.filter((p) => p.in === "query")) {
    if (!random.chance(0.5)) continue
    const valid = parameter.schema["pattern"] && random.chance(0.3) ? random.pick(real) : shaped(random, parameter.schema, {}, 0)
    const value =
      parameter.name === "cursor" && random.chance(0.5)
        ? cursorLike(random)
        : random.chance(0.5)
          ? typeof valid === "string"
            ? valid
            : JSON.stringify(valid)
          : random.chance(0.3)
            ? Buffer.from(JSON.stringify(jsonValue(random, 2))).toString("base64url")
            : text(random)
    query.push(`${parameter.name}=${random.chance(0.03) ? "%FF" : encode(value)}`)
  }
  for (let i = random.chance(0.3) ? random.int(4) : 0; i > 0; i--)
    query.push(
      `${encode(random.pick([...PROTOTYPE_NAMES, "format", "owner", "limit", "cursor", printable(random, 4)]))}=${encode(random.pick(["png", "pdf", "json", "md", text(random)]))}`,
    )
  const method = random.chance(0.92) ? route.method : random.pick(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"])
  const headers: Record<string, string> = {}
  const caller = random.pick(ROLES)
  const token = node.tokens[caller]
  if (token) {
    headers["authorization"] = random.chance(0.9)
      ? `Bearer ${token}`
      : random.pick([`bearer ${token}`, `Bearer ${token} `, `Bearer ${token.slice(0, -3)}abc`, `Basic ${token}`, "Bearer"])
  } else if (random.chance(0.2)) headers["authorization"] = random.pick(["Bearer x.y.z", "Bearer ", "Digest x", printable(random, 30)])
  if (random.chance(0.3))
    headers["content-type"] = random.pick([
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/json; charset=utf-16",
      "application/problem+json",
    ])
  else headers["content-type"] = "application/json"
  if (random.chance(0.2)) headers["idempotency-key"] = random.pick(["k1", "x".repeat(300), printable(random, 20)])
  if (random.chance(0.1)) headers["if-none-match"] = random.pick(['"x"', "*", printable(random, 20)])
  if (random.chance(0.1)) headers["x-forwarded-for"] = random.pick(["1.2.3.4", "::1", printable(random, 20)])
  if (random.chance(0.05)) headers[random.pick(["constructor", "__proto__", "x-studio-peer", "x-test-user"])] = printable(random, 10)
  let body: string | undefined
  if (method !== "GET" && method !== "HEAD" && !random.chance(0.15)) {
    body = random.pick<() => string>([
      () => JSON.stringify(shaped(random, route.body, node.document["components"]?.["schemas"] ?? {})),
      () => JSON.stringify(shaped(random, route.body, node.document["components"]?.["schemas"] ?? {})),
      () => JSON.stringify(jsonValue(random)),
      () => random.pick(["{", "", "nul\u0000l", "[".repeat(2000), '{"a":1,"a":2}', "\ufeff{}"]),
    ])()
  }
  return { method, url: `${path}${query.length ? `?${query.join("&")}` : ""}`, headers, ...(body !== undefined ? { body } : {}) }
}

it(`answers ${REQUESTS} seeded random requests over every documented route without a 5xx, and a bystander sees no difference`, async () => {
  const random = makeRandom(testSeed("http fuzz"))
  const calm = freshId("calm")
  const editor: LiveClient = await node.server.client({ id: "editor", tenant: calm })
  const bystander: LiveClient = await node.server.client({ id: "bystander", tenant: calm })
  const addr = `canvas/${freshId("c")}`
  await editor.cmd(addr, freshId("op"), { type: "create", title: "calm", privacy: "shared" })
  await editor.cmd(addr, freshId("op"), { type: "shareWith", userId: "bystander", access: "view" })
  await bystander.join(addr)

  const wrong: string[] = []
  const statuses = new Map<number, number>()
  const edits: Promise<unknown>[] = []
  let sent = 0
  const fire = async () => {
    while (sent < REQUESTS) {
      const n = ++sent
      const shot = shotFor(random, random.pick(node.routes))
      if (n % EVERY === 0) {
        edits.push(editor.cmd(addr, freshId("op"), { type: "addElement", element: sticky(`during ${n}`) }))
        expect(await bystander.ping()).toMatchObject({ t: "pong" })
      }
      const reply = await node.request(shot.method, shot.url, { headers: shot.headers, ...(shot.body !== undefined ? { body: shot.body } : {}) })
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1)
      const defect = reply.status >= 500 ? `status ${reply.status}` : reply.status >= 400 && shot.method !== "HEAD" ? problemDefect(reply) : undefined
      if (defect)
        wrong.push(
          `#${n} ${shot.method} ${shot.url.slice(0, 100)} ${JSON.stringify(shot.headers).slice(0, 80)} body ${JSON.stringify(shot.body?.slice(0, 60))}: ${defect} ${reply.text.slice(0, 160)}`,
        )
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, fire))

  console.log(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`)
  expect(wrong).toEqual([])
  // Most requests got past authentication and decoding: the fuzz reached the handlers.
  expect([...statuses].filter(([status]) => status < 300).reduce((sum, [, count]) => sum + count, 0)).toBeGreaterThan(REQUESTS / 20)

  const acks = (await Promise.all(edits)) as ServerFrameOf<"ack">[]
  expect(acks.every((ack) => ack.t === "ack")).toBe(true)
  await bystander.ping()
  expect(bystander.events(addr).map((e) => e.seq)).toEqual(acks.map((a) => a.seq))
  expect(bystander.frames.filter((f) => !["welcome", "joined", "ev", "pong"].includes(f.t))).toEqual([])
  expect(JSON.parse((await node.request("GET", "/api/health")).text)).toMatchObject({ status: "ok" })
  await Promise.all([editor.close(), bystander.close()])
}, 120_000)
