/**
 * Build freshness on a small project of its own (a temporary repository
 * with web/, a Vite config, a lock file and a file outside web/ that the
 * bundle imports), so nothing here depends on the real apps or races with
 * edits to them: the content hash, the stamp, what `npm start` does when the
 * build is missing, current, stale or foreign, a failing build, and two
 * builds at once.
 */
import { existsSync } from "node:fs"
import { mkdir, mkdtemp, readFile, readdir, rm, utimes, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { buildWeb, checkWebBuild, currentDigest, inputsOf, prepareWebApps, STAMP_FILE, webBuildPaths, type WebBuildPaths } from "./web-build.ts"

const TSX = [process.execPath, "--import", "tsx"]

let root: string
let paths: WebBuildPaths

const put = async (path: string, content: string) => {
  await mkdir(dirname(join(root, path)), { recursive: true })
  await writeFile(join(root, path), content)
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "studio-webbuild-"))
  await put(
    "package-lock.json",
    JSON.stringify({ packages: { "node_modules/vite": { version: "8.0.0" }, "node_modules/solid-js": { version: "1.9.0" } } }),
  )
  await put(
    "web/vite.config.ts",
    `
    import { fileURLToPath } from "node:url"
    const here = fileURLToPath(new URL(".", import.meta.url))
    export default { root: here, build: { outDir: "dist", emptyOutDir: true, rollupOptions: { input: { console: here + "index.html", join: here + "join.html" } } } }
  `,
  )
  await put("web/index.html", `<!doctype html><title>Console</title><script type="module" src="./src/console.ts"></script>`)
  await put("web/join.html", `<!doctype html><title>Join</title><script type="module" src="./src/join.ts"></script>`)
  await put("web/src/console.ts", `import { greeting } from "../../shared/greeting.ts"\ndocument.title = greeting("console")\n`)
  await put("web/src/join.ts", `import { greeting } from "../../shared/greeting.ts"\ndocument.title = greeting("join")\n`)
  await put("shared/greeting.ts", `export const greeting = (who: string) => "hello " + who\n`)
  await put("web/notes.md", "not a source of the build\n")
  paths = webBuildPaths(undefined, root)
})

afterEach(() => rm(root, { recursive: true, force: true }))

describe("the content hash", () => {
  const last = { inputs: ["shared/greeting.ts"], packages: ["node_modules/solid-js"] }

  it("ignores file times and files that are not sources, and follows every source, recorded input and version", async () => {
    const base = await currentDigest(paths, last)
    const later = new Date(Date.now() + 3_600_000)
    await utimes(join(root, "web/src/console.ts"), later, later)
    await put("web/notes.md", "edited, still not a source\n")
    expect(await currentDigest(paths, last)).toBe(base)

    const changes: Array<() => Promise<void>> = [
      () => put("web/src/console.ts", "document.title = 'changed'\n"),
      () => put("web/src/deep/new-file.ts", "export {}\n"),
      () => put("web/join.html", "<!doctype html><title>Join!</title>"),
      () => put("web/vite.config.ts", "export default {}\n"),
      () => put("shared/greeting.ts", "export const greeting = () => 'hi'\n"),
      () =>
        put(
          "package-lock.json",
          JSON.stringify({ packages: { "node_modules/vite": { version: "8.0.1" }, "node_modules/solid-js": { version: "1.9.0" } } }),
        ),
      () =>
        put(
          "package-lock.json",
          JSON.stringify({ packages: { "node_modules/vite": { version: "8.0.0" }, "node_modules/solid-js": { version: "1.9.1" } } }),
        ),
    ]
    let previous = base
    for (const change of changes) {
      await change()
      const next = await currentDigest(paths, last)
      expect(next).not.toBe(previous)
      previous = next
    }
  })

  it("splits Vite's module ids into repository inputs and bundled packages", () => {
    const ids = [
      join(root, "web/src/console.ts"),
      `${join(root, "shared/greeting.ts")}?import`,
      "\0vite/modulepreload-polyfill.js",
      "vite/preload-helper.js",
      join(root, "node_modules/solid-js/web/dist/web.js"),
      join(root, "node_modules/@solidjs/router/dist/index.js"),
      join(root, "node_modules/a/node_modules/b/index.js"),
      join(root, "web/index.html"),
      "/somewhere/else/entirely.ts",
    ]
    expect(inputsOf(ids, root)).toEqual({
      inputs: ["shared/greeting.ts"],
      packages: ["node_modules/@solidjs/router", "node_modules/a/node_modules/b", "node_modules/solid-js"],
    })
  })
})

describe("building and checking", () => {
  it("builds with Vite, stamps the build with its inputs, and finds it current until a source changes", async () => {
    expect(await checkWebBuild(paths)).toEqual({ fresh: false, why: "missing" })
    const result = await buildWeb(paths, { logLevel: "silent" })
    expect(result.built).toBe(true)
    expect(existsSync(join(paths.outDir, "index.html"))).toBe(true)
    expect(existsSync(join(paths.outDir, "join.html"))).toBe(true)
    const stamp = JSON.parse(await readFile(join(paths.outDir, STAMP_FILE), "utf8")) as { digest: string; inputs: string[] }
    expect(stamp.inputs).toEqual(["shared/greeting.ts"])
    expect(stamp.digest).toMatch(/^[0-9a-f]{64}$/)
    expect(await checkWebBuild(paths)).toEqual({ fresh: true })
    // Nothing of the build's scaffolding is left beside it.
    expect((await readdir(join(root, "web"))).filter((name) => name.startsWith(".dist"))).toEqual([])

    await put("shared/greeting.ts", `export const greeting = (who: string) => "hi " + who\n`)
    expect(await checkWebBuild(paths)).toEqual({ fresh: false, why: "stale" })
    expect((await buildWeb(paths, { logLevel: "silent", ifStale: true })).built).toBe(true)
    expect(await checkWebBuild(paths)).toEqual({ fresh: true })
    expect((await buildWeb(paths, { logLevel: "silent", ifStale: true })).built).toBe(false)
  })

  it("calls a build it did not stamp unstamped", async () => {
    await put("web/dist/index.html", "<!doctype html>")
    await put("web/dist/join.html", "<!doctype html>")
    expect(await checkWebBuild(paths)).toEqual({ fresh: false, why: "unstamped" })
  })

  it("builds once when two builds start together", async () => {
    const results = await Promise.all([
      buildWeb(paths, { logLevel: "silent", ifStale: true }),
      buildWeb(paths, { logLevel: "silent", ifStale: true }),
    ])
    expect(results.map((result) => result.built).sort()).toEqual([false, true])
    expect(await checkWebBuild(paths)).toEqual({ fresh: true })
  })
})

describe("what npm start does before listening", () => {
  const prepare = async (at: WebBuildPaths = paths) => {
    const lines: string[] = []
    await prepareWebApps(at, (line) => lines.push(line), TSX)
    return lines
  }

  it("builds missing apps with one line, and says nothing once they are current", async () => {
    const first = await prepare()
    expect(first).toEqual([expect.stringMatching(/^web apps in .* are missing: building them/)])
    expect(await checkWebBuild(paths)).toEqual({ fresh: true })
    expect(await prepare()).toEqual([])
    await put("web/src/join.ts", `document.title = "join, edited"\n`)
    expect(await prepare()).toEqual([expect.stringMatching(/are older than their sources: building them/)])
    expect(await checkWebBuild(paths)).toEqual({ fresh: true })
  })

  it("keeps the previous build and says why in one more line when the build fails", async () => {
    await prepare()
    const before = await readFile(join(paths.outDir, "index.html"), "utf8")
    await put("web/src/console.ts", `import { nothing } from "./does-not-exist.ts"\nnothing()\n`)
    const lines = await prepare()
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(/^web apps: the build failed \(.*does-not-exist.*\); serving the previous build; run `npm run build:web`/)
    expect(await readFile(join(paths.outDir, "index.html"), "utf8")).toBe(before)
  })

  it("says that / answers 503 when a build fails with nothing built before", async () => {
    await put("web/src/console.ts", `import { nothing } from "./does-not-exist.ts"\nnothing()\n`)
    const lines = await prepare()
    expect(lines[1]).toMatch(/\/ answers 503 until they are built/)
  })

  it("serves a chosen STUDIO_WEB_DIR it did not build as it is, never emptying it", async () => {
    const foreign = join(root, "elsewhere")
    await put("elsewhere/index.html", "<!doctype html><title>prebuilt</title>")
    const lines = await prepare(webBuildPaths(foreign, root))
    expect(lines).toEqual([expect.stringMatching(/was not built by Studio .*serving it as it is/)])
    expect(await readFile(join(foreign, "index.html"), "utf8")).toContain("prebuilt")
  })

  it("builds into a chosen STUDIO_WEB_DIR that does not exist yet", async () => {
    const chosen = webBuildPaths(join(root, "out", "web"), root)
    expect(await prepare(chosen)).toHaveLength(1)
    expect(await checkWebBuild(chosen)).toEqual({ fresh: true })
  })

  it("does nothing without web sources (a deployment that carries only the build)", async () => {
    await rm(join(root, "web/vite.config.ts"))
    expect(await prepare()).toEqual([])
  })
})
