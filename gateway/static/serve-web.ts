/**
 * Serves the built web apps (web/dist: `npm run build:web`) on the node's own
 * port, beside /live and /api:
 *
 * - `/assets/*`: the file, or a 404 problem document (never the HTML fallback);
 * - `/join`, `/join/*`, `/j/*`: the participant app (join.html);
 * - `/journal`, `/journal/*`: a file of the build under journal/ (its web
 *   manifest, its icons) when there is one, else the journal app
 *   (journal.html); its service worker is `/journal-sw.js`, a top-level
 *   file, `no-cache` like every file that is not a hashed asset, so a new
 *   build's worker is found at the next visit;
 * - any other path outside /api and /live: a top-level file of the build when
 *   there is one (`/index.html`, `/favicon.ico`), else the facilitator console
 *   (index.html), whose client router reads the path.
 *
 * Only GET and HEAD; other methods fall through to the API (which answers its
 * own 404 problem, as before). Hashed assets are cached as immutable, HTML is
 * `no-cache` with an ETag (so a new build shows at the next load), the
 * build's .br/.gz siblings are sent to clients that accept them, and every
 * HTML page carries a strict Content-Security-Policy.
 *
 * The files are read into memory once, when the gateway starts (a build is a
 * few hundred KB), and never from disk per request: a request costs no file
 * system call, and a rebuild while the node runs changes nothing it serves
 * (the HTML and the assets it names stay one consistent set) until a restart.
 */
import { createHash } from "node:crypto"
import { readdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import { problemResponse } from "../http/problem.ts"

/** What a reader is told when there is nothing to serve. */
export const BUILD_HINT = "run `npm run build:web`, or restart the node with `npm start`, which builds them"

const HASHED_NAME = /[-.][A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/

const CONTENT_TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json; charset=utf-8",
  map: "application/json; charset=utf-8",
  webmanifest: "application/manifest+json; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  ico: "image/x-icon",
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  otf: "font/otf",
  wasm: "application/wasm",
  pdf: "application/pdf",
  mp3: "audio/mpeg",
  mp4: "video/mp4",
  webm: "video/webm",
}

export const contentTypeOf = (path: string): string => {
  const dot = path.lastIndexOf(".")
  return (dot >= 0 && CONTENT_TYPES[path.slice(dot + 1).toLowerCase()]) || "application/octet-stream"
}

type Coding = "br" | "gzip"

interface Variant {
  readonly body: Uint8Array<ArrayBuffer>
  readonly etag: string
  readonly coding?: Coding
}

export interface WebFile {
  readonly path: string
  readonly type: string
  readonly html: boolean
  readonly immutable: boolean
  readonly identity: Variant
  readonly br?: Variant
  readonly gzip?: Variant
}

export type WebContent =
  | { readonly state: "ready"; readonly dir: string; readonly files: ReadonlyMap<string, WebFile>; readonly bytes: number }
  | { readonly state: "missing"; readonly dir: string; readonly detail: string }

const etagOf = (bytes: Uint8Array, suffix = ""): string => `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 22)}${suffix}"`

const walk = async (dir: string, prefix = ""): Promise<string[]> => {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true })
  const files: string[] = []
  for (const entry of entries) {
    // Dot files (the build stamp) are not part of the site; symlinks are not followed.
    if (entry.name.startsWith(".")) continue
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) files.push(...(await walk(dir, relative)))
    else if (entry.isFile()) files.push(relative)
  }
  return files
}

/** Reads a build into memory; a missing directory or entry page is `missing`, with the reason. */
export const loadWebContent = async (dir: string): Promise<WebContent> => {
  let names: string[]
  try {
    names = await walk(dir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return { state: "missing", dir, detail: code === "ENOENT" ? `${dir} does not exist` : `${dir} cannot be read (${code ?? String(error)})` }
  }
  const present = new Set(names)
  // The journal (journal.html) came later: a build without it still serves the console and the participant app.
  for (const page of ["index.html", "join.html"]) {
    if (!present.has(page)) return { state: "missing", dir, detail: `${dir} has no ${page}` }
  }
  const files = new Map<string, WebFile>()
  let bytes = 0
  const read = async (name: string) => {
    const body = new Uint8Array(await readFile(join(dir, name)))
    bytes += body.byteLength
    return body
  }
  for (const name of names) {
    // A .br or .gz beside its original is one of its encodings, not a file of its own.
    if (/\.(br|gz)$/.test(name) && present.has(name.slice(0, -3))) continue
    const body = await read(name)
    const tag = etagOf(body)
    const variant = async (suffix: "br" | "gz", coding: Coding): Promise<Variant | undefined> =>
      present.has(`${name}.${suffix}`) ? { body: await read(`${name}.${suffix}`), etag: `${tag.slice(0, -1)}-${suffix}"`, coding } : undefined
    const br = await variant("br", "br")
    const gzip = await variant("gz", "gzip")
    const path = `/${name}`
    files.set(path, {
      path,
      type: contentTypeOf(name),
      html: name.endsWith(".html"),
      immutable: name.startsWith("assets/") && HASHED_NAME.test(name),
      identity: { body, etag: tag },
      ...(br ? { br } : {}),
      ...(gzip ? { gzip } : {}),
    })
  }
  return { state: "ready", dir, files, bytes }
}

/**
 * The encoding to send, from the request's Accept-Encoding and the
 * encodings the file has: the acceptable one (q > 0) with the highest
 * q-value, brotli before gzip on a tie; none (identity) when neither is
 * acceptable or the client names identity with a higher q-value.
 */
export const chooseEncoding = (
  header: string | null | undefined,
  available: { readonly br: boolean; readonly gzip: boolean },
): Coding | undefined => {
  if (!header || (!available.br && !available.gzip)) return undefined
  const q = new Map<string, number>()
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";")
    if (!name) continue
    let value = 1
    for (const param of params) {
      const match = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/.exec(param)
      if (match) value = Number(match[1])
    }
    q.set(name === "x-gzip" ? "gzip" : name, value)
  }
  const of = (name: string) => q.get(name) ?? q.get("*") ?? 0
  // Identity wins only when the client prefers it by name; otherwise any acceptable encoding beats it.
  const identity = q.get("identity") ?? 0
  let best: Coding | undefined
  let bestQ = 0
  for (const coding of ["br", "gzip"] as const) {
    if (!available[coding]) continue
    const value = of(coding)
    if (value > bestQ) {
      best = coding
      bestQ = value
    }
  }
  return best !== undefined && bestQ >= identity ? best : undefined
}

/**
 * Why a raw request path is refused, if it is: dot segments (plain or
 * percent-encoded), encoded slashes or backslashes, NUL and other control
 * characters, malformed percent-encoding. Files are looked up in memory by
 * exact name, so nothing could leave the build anyway; refusing keeps the
 * answer plain (400) instead of a fallback page.
 */
export const pathRefusal = (raw: string): string | undefined => {
  if (/%2f|%5c/i.test(raw) || raw.includes("\\")) return "encoded slashes and backslashes are not allowed in a path"
  let decoded: string
  try {
    decoded = decodeURIComponent(raw)
  } catch {
    return "the path's percent-encoding is malformed"
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return "control characters (NUL included) are not allowed in a path"
  if (decoded.split("/").some((segment) => segment === "." || segment === "..")) return "dot segments are not allowed in a path"
  return undefined
}

/** The request target's path exactly as sent (`new URL` would resolve dot segments before we could refuse them). */
export const rawPathOf = (url: string): string => {
  const scheme = url.indexOf("://")
  const start = url.indexOf("/", scheme < 0 ? 0 : scheme + 3)
  if (start < 0) return "/"
  let end = url.length
  const query = url.indexOf("?", start)
  if (query >= 0) end = query
  const hash = url.indexOf("#", start)
  if (hash >= 0 && hash < end) end = hash
  return url.slice(start, end)
}

/** Whether a path belongs to the web apps rather than the API or the live endpoint. */
const isWebPath = (path: string): boolean => !(path === "/api" || path.startsWith("/api/") || path === "/live" || path.startsWith("/live/"))

const isParticipantPath = (path: string): boolean => path === "/join" || path.startsWith("/join/") || path === "/j" || path.startsWith("/j/")

const isJournalPath = (path: string): boolean => path === "/journal" || path.startsWith("/journal/")

/** A Host header fit to name in a policy: a DNS name or an IP literal, with an optional port. */
const SAFE_HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

/**
 * The Content-Security-Policy of every HTML page. Scripts and styles only
 * from the node itself: the build has no inline script or style (Vite's
 * module preload polyfill is off, and Solid is compiled with
 * `inlineStyles: false`, so static `style` props are CSSOM writes, which CSP
 * allows). `connect-src` names ws:/wss: on the page's own host besides
 * 'self': CSP Level 3 lets 'self' match them, but older browsers (Safari
 * before 15.4, and any not checked here) do not.
 */
export const contentSecurityPolicy = (host: string | null | undefined): string => {
  const sockets = host && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : ""
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ")
}

const htmlHeaders = (request: Request): Record<string, string> => ({
  "content-security-policy": contentSecurityPolicy(request.headers.get("host")),
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
})

const matchesEtag = (header: string | null, etag: string): boolean => {
  if (!header) return false
  return header.split(",").some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, "")
    return tag === "*" || tag === etag
  })
}

const fileResponse = (request: Request, file: WebFile): Response => {
  const coding = chooseEncoding(request.headers.get("accept-encoding"), { br: file.br !== undefined, gzip: file.gzip !== undefined })
  const variant = (coding && file[coding]) || file.identity
  const headers: Record<string, string> = {
    "cache-control": file.immutable ? "public, max-age=31536000, immutable" : "no-cache",
    etag: variant.etag,
    "x-content-type-options": "nosniff",
    ...(file.br || file.gzip ? { vary: "accept-encoding" } : {}),
    ...(file.html ? htmlHeaders(request) : {}),
  }
  if (matchesEtag(request.headers.get("if-none-match"), variant.etag)) return new Response(null, { status: 304, headers })
  headers["content-type"] = file.type
  headers["content-length"] = String(variant.body.byteLength)
  if (variant.coding) headers["content-encoding"] = variant.coding
  return new Response(request.method === "HEAD" ? null : variant.body, { status: 200, headers })
}

const notBuilt = (request: Request, content: Extract<WebContent, { state: "missing" }>): Response => {
  const detail = `the web apps are not built (${content.detail}): ${BUILD_HINT}`
  if (!(request.headers.get("accept") ?? "").includes("text/html")) {
    const problem = problemResponse("unavailable", detail)
    problem.headers.set("cache-control", "no-store")
    return problem
  }
  const escaped = detail.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
  const page = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Studio: not built</title><h1>Studio's web apps are not built</h1><p>${escaped}</p><p>The API (/api) and the live endpoint (/live) work meanwhile.</p></html>`
  return new Response(request.method === "HEAD" ? null : page, {
    status: 503,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "retry-after": "10", ...htmlHeaders(request) },
  })
}

const withNosniff = (response: Response): Response => {
  response.headers.set("x-content-type-options", "nosniff")
  return response
}

/**
 * A fetch handler for the web apps: a Response for the paths they own, or
 * undefined for /api, /live and methods other than GET and HEAD (the caller
 * hands those to the API).
 */
export const webHandler =
  (content: WebContent) =>
  (request: Request): Response | undefined => {
    if (request.method !== "GET" && request.method !== "HEAD") return undefined
    const raw = rawPathOf(request.url)
    if (!isWebPath(raw)) return undefined
    const refusal = pathRefusal(raw)
    if (refusal) return withNosniff(problemResponse("bad_frame", refusal))
    if (content.state === "missing") return notBuilt(request, content)
    const path = decodeURIComponent(raw)
    const file = content.files.get(path)
    if (path.startsWith("/assets/"))
      return file ? fileResponse(request, file) : withNosniff(problemResponse("not_found", `no asset ${path} in this build`))
    if (isParticipantPath(path)) return fileResponse(request, content.files.get("/join.html")!)
    if (isJournalPath(path)) {
      const page = file ?? content.files.get("/journal.html")
      return page
        ? fileResponse(request, page)
        : notBuilt(request, { state: "missing", dir: content.dir, detail: `${content.dir} has no journal.html` })
    }
    return fileResponse(request, file ?? content.files.get("/index.html")!)
  }
