/**
 * Lighthouse (mobile profile, its default) on the participant's join page of
 * a node as `npm start` runs it, in Debian's Chromium: performance and
 * accessibility scores against ui.md's aims (90 and 95), with the paint
 * timings behind the performance score. lighthouse 13 needs Node 22, so
 * 12.8.2 is fetched by npm exec for this run only, not a project dependency.
 *
 *   npx tsx bench/web-lighthouse.ts [path=/join]
 */
import { execFile } from "node:child_process"
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { cpus, hostname, tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { CHROMIUM } from "../web/testing/browser.ts"
import { startNode } from "../web/testing/node.ts"

const path = process.argv[2] ?? "/join"
const node = await startNode()
const out = await mkdtemp(join(tmpdir(), "studio-lighthouse-"))
try {
  const report = join(out, "report.json")
  await promisify(execFile)(
    "npm",
    [
      "exec",
      "--yes",
      "lighthouse@12.8.2",
      "--",
      `${node.url}${path}`,
      "--output=json",
      `--output-path=${report}`,
      "--only-categories=performance,accessibility",
      "--quiet",
      "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync",
    ],
    { env: { ...process.env, CHROME_PATH: CHROMIUM }, maxBuffer: 64 * 1024 * 1024 },
  )
  const result = JSON.parse(await readFile(report, "utf8")) as {
    categories: Record<string, { score: number }>
    audits: Record<string, { displayValue?: string }>
  }
  const score = (name: string) => Math.round(result.categories[name]!.score * 100)
  const audit = (name: string) => result.audits[name]?.displayValue ?? "n/a"
  console.log(`lighthouse 12.8.2, mobile, ${path} on ${hostname()} (${cpus().length} cores)`)
  console.log(`performance ${score("performance")} (aim 90), accessibility ${score("accessibility")} (aim 95)`)
  console.log(
    `first contentful paint ${audit("first-contentful-paint")}, largest contentful paint ${audit("largest-contentful-paint")}, total blocking time ${audit("total-blocking-time")}, speed index ${audit("speed-index")}`,
  )
} finally {
  await node.stop()
  await rm(out, { recursive: true, force: true })
}
