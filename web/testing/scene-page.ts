/**
 * Test support: the canvas scene (web/src/canvas/scene/) alone on a page,
 * without the console around it, for browser tests and benches. The scene
 * is bundled with esbuild (asset `?url` imports copied beside it, as Vite
 * does) and served from a local HTTP server with the gateway's own
 * Content-Security-Policy, so whatever passes here also passes under the
 * real policy (no eval, no inline script or style, fonts and images from
 * 'self' and data: only).
 *
 * The page exposes `window.scenePage`:
 *   create(options)      -> creates the scene in a host filling the window, kept as window.scene
 *   pixelsBase64(pixels) -> a renderRegion result as base64, to bring it back to Node quickly
 *   violations           -> CSP violations seen by the page
 *   internals()          -> the pixi renderer, stage, element container, renderNow, useContentCache (benches only)
 * Never part of the production build.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises"
import { createServer, type Server } from "node:http"
import { tmpdir } from "node:os"
import { basename, join } from "node:path"
import { fileURLToPath } from "node:url"
import { build, type Plugin } from "esbuild"
import { contentSecurityPolicy } from "../../gateway/static/serve-web.ts"

const root = fileURLToPath(new URL("../..", import.meta.url))

const ENTRY = `
import { createScene } from "./web/src/canvas/scene/index.ts"
const violations = []
document.addEventListener("securitypolicyviolation", (event) => violations.push(event.violatedDirective + " " + event.blockedURI))
window.scenePage = {
  violations,
  async create(options) {
    window.scene = await createScene(document.getElementById("host"), options ?? {})
    return true
  },
  pixelsBase64(pixels) {
    let binary = ""
    for (let i = 0; i < pixels.length; i += 0x8000) binary += String.fromCharCode.apply(null, pixels.subarray(i, i + 0x8000))
    return btoa(binary)
  },
  internals() {
    const scene = window.scene
    return { renderer: scene.renderer, stage: scene.stage, content: scene.content, renderNow: () => scene.renderNow(), useContentCache: (on) => scene.useContentCache(on) }
  },
}
`

const HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>canvas scene</title>
<link rel="stylesheet" href="/page.css"></head>
<body><div id="host"></div><script type="module" src="/scene.js"></script></body></html>`

const CSS = `html, body { margin: 0; height: 100%; overflow: hidden; } #host { position: relative; width: 100vw; height: 100vh; }`

/** `import url from "file?url"` as Vite reads it: the file is copied into the output and the import is its address. */
const assetUrls = (outDir: string): Plugin => ({
  name: "asset-url",
  setup(b) {
    b.onResolve({ filter: /\?url$/ }, async (args) => {
      const resolved = await b.resolve(args.path.slice(0, -"?url".length), { kind: args.kind, resolveDir: args.resolveDir })
      return { path: resolved.path, namespace: "asset-url" }
    })
    b.onLoad({ filter: /.*/, namespace: "asset-url" }, async (args) => {
      await mkdir(join(outDir, "assets"), { recursive: true })
      await copyFile(args.path, join(outDir, "assets", basename(args.path)))
      return { contents: `export default ${JSON.stringify(`/assets/${basename(args.path)}`)}`, loader: "js" }
    })
  },
})

const TYPES: Record<string, string> = {
  js: "text/javascript",
  css: "text/css",
  ttf: "font/ttf",
  html: "text/html; charset=utf-8",
  map: "application/json",
}

export interface ScenePage {
  readonly url: string
  stop(): Promise<void>
}

export interface ScenePageOptions {
  /**
   * Serve the page cross-origin isolated (COOP and COEP headers), which makes
   * performance.now() precise to 5 µs instead of 100 µs: benches timing one
   * hit test need it. The CSP is the gateway's either way.
   */
  readonly isolated?: boolean
}

export const startScenePage = async (options: ScenePageOptions = {}): Promise<ScenePage> => {
  const outDir = await mkdtemp(join(tmpdir(), "studio-scene-page-"))
  await build({
    stdin: { contents: ENTRY, resolveDir: root, sourcefile: "scene-page-entry.js", loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outfile: join(outDir, "scene.js"),
    sourcemap: "linked",
    logLevel: "warning",
    plugins: [assetUrls(outDir)],
  })
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://page").pathname
    const headers: Record<string, string> = { "content-security-policy": contentSecurityPolicy(request.headers.host), "cache-control": "no-store" }
    if (options.isolated) Object.assign(headers, { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" })
    try {
      if (path === "/") return response.writeHead(200, { ...headers, "content-type": TYPES["html"] }).end(HTML)
      if (path === "/favicon.ico") return response.writeHead(204, headers).end()
      if (path === "/page.css") return response.writeHead(200, { ...headers, "content-type": TYPES["css"] }).end(CSS)
      if (!/^\/(scene\.js(\.map)?|assets\/[\w.-]+)$/.test(path)) return response.writeHead(404, headers).end("not found")
      const body = await readFile(join(outDir, path))
      response.writeHead(200, { ...headers, "content-type": TYPES[path.slice(path.lastIndexOf(".") + 1)] ?? "application/octet-stream" }).end(body)
    } catch {
      response.writeHead(404, headers).end("not found")
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await rm(outDir, { recursive: true, force: true })
    },
  }
}
