/**
 * The HTTP edge is the gateway's alone: below it (engine, actors, read side,
 * ml) no production module builds a Hono app or passes the caller in a
 * header; the read side answers typed queries (projections/reads) instead.
 */
import { readdir, readFile } from "node:fs/promises"
import { join, relative } from "node:path"
import { describe, expect, it } from "vitest"
import { REPO_ROOT } from "../static/web-build.ts"

const BELOW_THE_GATEWAY = ["engine", "actors", "projections", "ml"]
const TEST_SUPPORT = /(^|\/)testing\/|\.test\.ts$/

const sourcesUnder = async (dir: string): Promise<string[]> => {
  const entries = await readdir(join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|mjs)$/.test(entry.name))
    .map((entry) => relative(REPO_ROOT, join(entry.parentPath, entry.name)))
    .filter((path) => !TEST_SUPPORT.test(path))
}

describe("one HTTP edge", () => {
  it("leaves Hono and caller headers to the gateway: nothing below it imports hono or reads x-studio-viewer", async () => {
    const offenders: string[] = []
    for (const dir of BELOW_THE_GATEWAY) {
      for (const path of await sourcesUnder(dir)) {
        const text = await readFile(join(REPO_ROOT, path), "utf8")
        if (/from "hono(\/[^"]*)?"/.test(text) || text.includes("x-studio-viewer")) offenders.push(path)
      }
    }
    expect(offenders).toEqual([])
  })
})
