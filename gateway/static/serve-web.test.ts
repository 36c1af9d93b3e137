/**
 * The web apps served by a real gateway (harness, uWebSockets.js) from a
 * small fixture build: entry pages and client-route fallbacks, caching,
 * precompressed encodings, 304s, missing assets, refused paths, the
 * Content-Security-Policy, a node whose apps are not built, and the API
 * answering exactly as it did.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startTestServer, type TestServer } from "../testing/harness.ts"
import { chooseEncoding, contentSecurityPolicy, pathRefusal, rawPathOf } from "./serve-web.ts"
import { rawRequest, writeFixtureBuild, type Fixture } from "./testing/web-serving.ts"

let scratch: string
let fixture: Fixture
let server: TestServer
let unbuilt: TestServer
let plain: TestServer

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "studio-web-"))
  fixture = await writeFixtureBuild(join(scratch, "dist"))
  ;[server, unbuilt, plain] = await Promise.all([
    startTestServer({ gateway: { web: { dir: fixture.dir } } }),
    startTestServer({ gateway: { web: { dir: join(scratch, "never-built") } } }),
    startTestServer(),
  ])
})

afterAll(async () => {
  await Promise.all([server?.dispose(), unbuilt?.dispose(), plain?.dispose()])
  await rm(scratch, { recursive: true, force: true })
})

const get = (path: string, headers: Record<string, string> = {}, method = "GET") => rawRequest(server.http, path, { headers, method })

const expectStrictCsp = (header: string | string[] | undefined) => {
  const policy = Array.isArray(header) ? header.join(", ") : header
  expect(policy).toBeDefined()
  const directives = new Map(
    policy!.split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/)
      return [name!, values] as const
    }),
  )
  expect(directives.get("default-src")).toEqual(["'self'"])
  expect(directives.get("script-src")).toEqual(["'self'"])
  expect(directives.get("style-src")).toEqual(["'self'"])
  expect(directives.get("img-src")).toEqual(["'self'", "data:", "blob:"])
  expect(directives.get("connect-src")?.[0]).toBe("'self'")
  expect(directives.get("frame-ancestors")).toEqual(["'none'"])
  expect(directives.get("base-uri")).toEqual(["'none'"])
  expect(directives.get("form-action")).toEqual(["'self'"])
  expect(directives.get("object-src")).toEqual(["'none'"])
  expect(policy).not.toMatch(/unsafe-(inline|eval)/)
}

describe("entry pages and client routes", () => {
  it("serves the console at / with no-cache, an ETag, the CSP and the security headers", async () => {
    const res = await get("/")
    expect(res.status).toBe(200)
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8")
    expect(res.headers["cache-control"]).toBe("no-cache")
    expect(res.headers["etag"]).toMatch(/^"[A-Za-z0-9_-]+"$/)
    expect(res.headers["x-content-type-options"]).toBe("nosniff")
    expect(res.headers["referrer-policy"]).toBe("no-referrer")
    expectStrictCsp(res.headers["content-security-policy"])
    expect(res.text).toBe(fixture.index)
  })

  it.each(["/sessions", "/some/console/route", "/journeys/j1/edit", "/index.html", "/.studio-build.json"])(
    "answers the console route %s with index.html",
    async (path) => {
      const res = await get(path)
      expect(res.status).toBe(200)
      expect(res.text).toBe(fixture.index)
      expectStrictCsp(res.headers["content-security-policy"])
    },
  )

  it.each(["/join", "/join/", "/join/lobby", "/j/K7M2QX", "/join.html"])("answers the participant route %s with join.html", async (path) => {
    const res = await get(path)
    expect(res.status).toBe(200)
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8")
    expect(res.headers["cache-control"]).toBe("no-cache")
    expectStrictCsp(res.headers["content-security-policy"])
    expect(res.text).toBe(fixture.join)
  })

  it.each(["/journal", "/journal/", "/journal/new", "/journal/entry/w1-3", "/journal.html"])(
    "answers the journal route %s with journal.html",
    async (path) => {
      const res = await get(path)
      expect(res.status).toBe(200)
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8")
      expect(res.headers["cache-control"]).toBe("no-cache")
      expectStrictCsp(res.headers["content-security-policy"])
      expect(res.text).toBe(fixture.journal)
    },
  )

  it("serves the journal's manifest as a manifest, and its service worker as a script that is never cached as immutable", async () => {
    const manifest = await get("/journal/manifest.webmanifest")
    expect(manifest.status).toBe(200)
    expect(manifest.headers["content-type"]).toBe("application/manifest+json; charset=utf-8")
    expect(JSON.parse(manifest.text)).toMatchObject({ scope: "/journal" })
    const worker = await get("/journal-sw.js")
    expect(worker.status).toBe(200)
    expect(worker.headers["content-type"]).toBe("text/javascript; charset=utf-8")
    // A browser checks for a new worker at each visit only if nothing tells it to keep this one.
    expect(worker.headers["cache-control"]).toBe("no-cache")
    expect(worker.headers["x-content-type-options"]).toBe("nosniff")
  })

  it("serves a top-level file of the build as itself", async () => {
    const res = await get("/robots.txt")
    expect(res.status).toBe(200)
    expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8")
    expect(res.headers["cache-control"]).toBe("no-cache")
    expect(res.headers["content-security-policy"]).toBeUndefined()
  })

  it("names ws: and wss: on the page's own host in connect-src", async () => {
    const res = await get("/j/K7M2QX", { host: "studio.example.org:8443" })
    expect(res.headers["content-security-policy"]).toContain("connect-src 'self' ws://studio.example.org:8443 wss://studio.example.org:8443;")
  })

  it("revalidates HTML with If-None-Match: 304, no body", async () => {
    const first = await get("/")
    const again = await get("/", { "if-none-match": first.headers["etag"]! })
    expect(again.status).toBe(304)
    expect(again.body.byteLength).toBe(0)
    expect(again.headers["etag"]).toBe(first.headers["etag"])
    expect(again.headers["cache-control"]).toBe("no-cache")
  })

  it("answers HEAD with the headers and length of GET and no body", async () => {
    const res = await get("/", {}, "HEAD")
    expect(res.status).toBe(200)
    expect(res.headers["content-length"]).toBe(String(Buffer.byteLength(fixture.index)))
    expect(res.headers["content-security-policy"]).toBeDefined()
    expect(res.body.byteLength).toBe(0)
  })
})

describe("assets", () => {
  it("serves a hashed asset as immutable, brotli first when the client takes both", async () => {
    const res = await get(fixture.script.path, { "accept-encoding": "gzip, deflate, br" })
    expect(res.status).toBe(200)
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable")
    expect(res.headers["content-type"]).toBe("text/javascript; charset=utf-8")
    expect(res.headers["content-encoding"]).toBe("br")
    expect(res.headers["vary"]).toBe("accept-encoding")
    expect(res.headers["x-content-type-options"]).toBe("nosniff")
    expect(res.body.equals(fixture.script.br)).toBe(true)
    expect(res.headers["content-security-policy"]).toBeUndefined()
  })

  it("serves gzip to a client without brotli, and identity to one that names neither", async () => {
    const gzip = await get(fixture.script.path, { "accept-encoding": "gzip" })
    expect(gzip.headers["content-encoding"]).toBe("gzip")
    expect(gzip.headers["vary"]).toBe("accept-encoding")
    expect(gzip.body.equals(fixture.script.gzip)).toBe(true)
    const refusedBr = await get(fixture.script.path, { "accept-encoding": "br;q=0, gzip;q=0.5" })
    expect(refusedBr.headers["content-encoding"]).toBe("gzip")
    const identity = await get(fixture.script.path, { "accept-encoding": "identity" })
    expect(identity.headers["content-encoding"]).toBeUndefined()
    expect(identity.headers["vary"]).toBe("accept-encoding")
    expect(identity.body.equals(fixture.script.body)).toBe(true)
    const none = await get(fixture.script.path)
    expect(none.headers["content-encoding"]).toBeUndefined()
    expect(none.body.equals(fixture.script.body)).toBe(true)
  })

  it("gives each encoding its own ETag and answers 304 to the matching one", async () => {
    const br = await get(fixture.script.path, { "accept-encoding": "br" })
    const identity = await get(fixture.script.path)
    expect(br.headers["etag"]).not.toBe(identity.headers["etag"])
    const again = await get(fixture.script.path, { "accept-encoding": "br", "if-none-match": `W/${br.headers["etag"]}` })
    expect(again.status).toBe(304)
    const other = await get(fixture.script.path, { "if-none-match": br.headers["etag"]! })
    expect(other.status).toBe(200)
  })

  it("answers HEAD on an asset with its encoded length", async () => {
    const res = await get(fixture.script.path, { "accept-encoding": "br" }, "HEAD")
    expect(res.status).toBe(200)
    expect(res.headers["content-encoding"]).toBe("br")
    expect(res.headers["content-length"]).toBe(String(fixture.script.br.byteLength))
    expect(res.body.byteLength).toBe(0)
  })

  it("serves a file without encodings as it is, with no Vary; an unhashed asset is not immutable", async () => {
    const css = await get(fixture.style.path, { "accept-encoding": "br, gzip" })
    expect(css.headers["content-type"]).toBe("text/css; charset=utf-8")
    expect(css.headers["content-encoding"]).toBeUndefined()
    expect(css.headers["vary"]).toBeUndefined()
    expect(css.headers["cache-control"]).toBe("public, max-age=31536000, immutable")
    expect(css.body.equals(fixture.style.body)).toBe(true)
    const svg = await get(fixture.logo.path)
    expect(svg.headers["content-type"]).toBe("image/svg+xml")
    expect(svg.headers["cache-control"]).toBe("no-cache")
  })

  it.each(["/assets/missing-Ab3dE_9z.js", "/assets/", "/assets/console-Ab3dE_9z.js.br", "/assets/sub/dir.js"])(
    "answers a missing asset %s with a 404 problem, never the HTML",
    async (path) => {
      const res = await get(path, { accept: "text/html,*/*" })
      expect(res.status).toBe(404)
      expect(res.headers["content-type"]).toBe("application/problem+json")
      expect(JSON.parse(res.text)).toMatchObject({ status: 404, code: "not_found" })
    },
  )
})

describe("paths that are refused", () => {
  it.each([
    "/assets/../../etc/passwd",
    "/assets/../index.html",
    "/../package.json",
    "/assets/%2e%2e/%2e%2e/etc/passwd",
    "/assets/.%2E/index.html",
    "/assets/..%2f..%2fetc%2fpasswd",
    "/assets/..%5c..%5cetc%5cpasswd",
    "/assets/x%00.js",
    "/join/%00",
    "/assets/%zz.js",
    "/./index.html",
  ])("refuses %s with a 400 problem", async (path) => {
    const res = await get(path)
    expect(res.status).toBe(400)
    expect(res.headers["content-type"]).toBe("application/problem+json")
    expect(JSON.parse(res.text)).toMatchObject({ status: 400, code: "bad_frame" })
    expect(res.text).not.toContain("root:")
  })
})

describe("the API beside the web apps", () => {
  it("answers /api exactly as a node without web apps does", async () => {
    for (const [path, method] of [
      ["/api/health", "GET"],
      ["/api/health/live", "GET"],
      ["/api/nope", "GET"],
      ["/api", "GET"],
      ["/", "POST"],
      ["/join", "DELETE"],
      ["/live", "GET"],
      ["/api/health", "HEAD"],
    ] as const) {
      const [withWeb, without] = await Promise.all([rawRequest(server.http, path, { method }), rawRequest(plain.http, path, { method })])
      expect({ path, method, status: withWeb.status }).toEqual({ path, method, status: without.status })
      expect(withWeb.headers["content-type"]).toBe(without.headers["content-type"])
      expect(withWeb.headers["content-security-policy"]).toBeUndefined()
      const strip = (text: string) => text.replace(/"node":"[^"]*"/, "").replace(/"connections":\d+/, "")
      expect(strip(withWeb.text)).toBe(strip(without.text))
    }
  })

  it("leaves the live endpoint working", async () => {
    const client = await server.client({ id: "u-web" })
    expect((await client.ping()).t).toBe("pong")
    client.close()
  })
})

describe("a node whose web apps are not built", () => {
  it("says so on / with a 503 page naming the command, to a browser", async () => {
    const res = await rawRequest(unbuilt.http, "/", { headers: { accept: "text/html,application/xhtml+xml" } })
    expect(res.status).toBe(503)
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8")
    expect(res.headers["cache-control"]).toBe("no-store")
    expectStrictCsp(res.headers["content-security-policy"])
    expect(res.text).toContain("npm run build:web")
  })

  it("answers a 503 problem to anything else, on every web path", async () => {
    for (const path of ["/", "/j/K7M2QX", "/assets/console-Ab3dE_9z.js"]) {
      const res = await rawRequest(unbuilt.http, path)
      expect(res.status).toBe(503)
      expect(res.headers["content-type"]).toBe("application/problem+json")
      expect(JSON.parse(res.text)).toMatchObject({ status: 503, code: "unavailable", detail: expect.stringContaining("npm run build:web") })
    }
  })

  it("still serves the API", async () => {
    const res = await rawRequest(unbuilt.http, "/api/health")
    expect(res.status).toBe(200)
    expect(unbuilt.gateway.web).toMatchObject({ state: "missing" })
  })
})

describe("the pieces", () => {
  it("chooses the encoding by q-value, brotli on a tie, identity when preferred or nothing fits", () => {
    const both = { br: true, gzip: true }
    expect(chooseEncoding("gzip, deflate, br", both)).toBe("br")
    expect(chooseEncoding("br;q=0.5, gzip", both)).toBe("gzip")
    expect(chooseEncoding("*", both)).toBe("br")
    expect(chooseEncoding("*;q=0, gzip", both)).toBe("gzip")
    expect(chooseEncoding("x-gzip", both)).toBe("gzip")
    expect(chooseEncoding("br", { br: false, gzip: true })).toBeUndefined()
    expect(chooseEncoding("identity;q=1, br;q=0.5", both)).toBeUndefined()
    expect(chooseEncoding("deflate", both)).toBeUndefined()
    expect(chooseEncoding("", both)).toBeUndefined()
    expect(chooseEncoding(null, both)).toBeUndefined()
  })

  it("refuses dot segments, encoded separators and control characters, and takes ordinary paths", () => {
    for (const bad of ["/a/../b", "/a/%2E%2e/b", "/a%2fb", "/a%5Cb", "/a\\b", "/a%00", "/a%0a", "/%", "/./a"]) expect(pathRefusal(bad)).toBeDefined()
    for (const good of ["/", "/assets/app-AbC_12-x.js", "/j/K7M2QX", "/a%20b", "/a..b", "/.well-known/x"]) expect(pathRefusal(good)).toBeUndefined()
  })

  it("reads the raw path of a request URL without resolving it", () => {
    expect(rawPathOf("http://h:1/assets/../x?y=1#z")).toBe("/assets/../x")
    expect(rawPathOf("http://h")).toBe("/")
  })

  it("leaves a Host that is not a plain host name out of the policy", () => {
    expect(contentSecurityPolicy("evil.example; script-src *")).toContain("connect-src 'self';")
    expect(contentSecurityPolicy("[::1]:8080")).toContain("ws://[::1]:8080")
    expect(contentSecurityPolicy(undefined)).toContain("connect-src 'self';")
  })
})
