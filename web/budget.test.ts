/**
 * ui.md's budgets, checked on a fresh build: the participant join page loads
 * at most 80 KB of JavaScript (gzipped) before it is interactive, the
 * console at most 250 KB. Sizes, not timings: they do not vary with the load
 * on the machine.
 */
import { execFile } from "node:child_process"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { initialJavaScript } from "./testing/budget.ts"

const root = new URL("..", import.meta.url).pathname
let out: string

beforeAll(async () => {
  out = join(await mkdtemp(join(tmpdir(), "studio-budget-")), "dist")
  await promisify(execFile)(process.execPath, ["--import", "tsx", "gateway/static/build-web.ts", "--out", out, "--quiet"], { cwd: root })
}, 120_000)

afterAll(() => rm(join(out, ".."), { recursive: true, force: true }))

describe("web budgets", () => {
  it("the participant join page needs at most 80 KB of JavaScript, gzipped, before it runs", async () => {
    const weight = await initialJavaScript(out, "join.html")
    console.log(`join.html: ${(weight.gzipBytes / 1024).toFixed(1)} KB gzipped in ${weight.files.length} files`)
    expect(weight.files.length).toBeGreaterThan(0)
    expect(weight.gzipBytes).toBeLessThanOrEqual(80 * 1024)
  })

  it("the console needs at most 250 KB of JavaScript, gzipped, before it runs", async () => {
    const weight = await initialJavaScript(out, "index.html")
    console.log(`index.html: ${(weight.gzipBytes / 1024).toFixed(1)} KB gzipped in ${weight.files.length} files`)
    expect(weight.files.length).toBeGreaterThan(0)
    expect(weight.gzipBytes).toBeLessThanOrEqual(250 * 1024)
  })
})
