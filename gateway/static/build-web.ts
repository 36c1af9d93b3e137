/**
 * Builds the web apps (web/ -> web/dist, or --out DIR) with Vite's build()
 * API, stamped so `npm start` can tell the build is current (web-build.ts).
 *
 *   npm run build:web                          always builds
 *   tsx gateway/static/build-web.ts --if-stale builds only when missing or stale
 *   ... --postinstall                          npm install's step: --if-stale, and a failure
 *                                              is one line and exit 0 (npm start tries again)
 *   ... --quiet                                no Vite output; a failure is one line (npm start's child)
 *   ... --out DIR --root REPO                  build REPO/web into DIR (default: this repository, web/dist)
 */
import { buildWeb, checkWebBuild, webBuildPaths } from "./web-build.ts"

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(name)
const outAt = args.indexOf("--out")
const out = outAt >= 0 ? args[outAt + 1] : process.env["STUDIO_WEB_DIR"] || undefined
const rootAt = args.indexOf("--root")
const postinstall = flag("--postinstall")
const quiet = flag("--quiet")
// --root: the repository whose web/ is built (tests build small ones of their own).
const paths = webBuildPaths(out, rootAt >= 0 ? args[rootAt + 1] : undefined)

const run = async () => {
  const ifStale = postinstall || flag("--if-stale")
  if (ifStale && !quiet) {
    const state = await checkWebBuild(paths)
    if (state.fresh) return console.log(`studio: the web apps in ${paths.outDir} are up to date`)
  }
  const result = await buildWeb(paths, {
    ifStale,
    // Quiet runs print the one-line summary below instead of Vite's full error.
    logLevel: quiet || postinstall ? "silent" : "info",
    onWait: (pid) => console.log(`studio: waiting for process ${pid}, which is building the web apps`),
  })
  if (result.built && !quiet) console.log(`studio: built the web apps into ${paths.outDir} in ${(result.ms / 1000).toFixed(1)} s`)
}

/** The first line of a build error, with the first problem when that line only counts them. */
export const summarize = (error: unknown): string => {
  // eslint-disable-next-line no-control-regex
  const lines = (error instanceof Error ? error.message : String(error))
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
  const first = lines[0] ?? "unknown error"
  return first.endsWith(":") && lines[1] ? `${first} ${lines[1]}` : first
}

run().then(
  () => process.exit(0),
  (error: unknown) => {
    if (postinstall) {
      console.log(`studio: the web apps were not built during install (${summarize(error)}); npm start will build them`)
      process.exit(0)
    }
    console.error(quiet ? summarize(error) : error instanceof Error ? error.message : String(error))
    process.exit(1)
  },
)
