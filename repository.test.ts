/** Rules about the repository itself, so the lockfiles and entry points do not drift. */
import { spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"

const json = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8"))
// bun.lock is JSON with trailing commas.
const bunLock = () => JSON.parse(readFileSync(new URL("./bun.lock", import.meta.url), "utf8").replace(/,(\s*[}\]])/g, "$1"))

describe("repository", () => {
  it("keeps bun.lock in step with package.json (run `npm run lock:bun` after changing dependencies)", () => {
    const manifest = json("./package.json")
    const workspace = bunLock().workspaces[""]
    expect(workspace.dependencies ?? {}).toEqual(manifest.dependencies ?? {})
    expect(workspace.devDependencies ?? {}).toEqual(manifest.devDependencies ?? {})
  })

  it("names only scripts whose entry files exist", () => {
    const { scripts } = json("./package.json")
    for (const command of Object.values<string>(scripts)) {
      for (const file of command.match(/[\w/.-]+\.ts\b/g) ?? []) {
        expect(() => readFileSync(new URL(`./${file}`, import.meta.url)), `${file} in "${command}"`).not.toThrow()
      }
    }
  })

  it("is formatted as biome.json says (run `npm run format`)", () => {
    const biome = new URL("./node_modules/@biomejs/biome/bin/biome", import.meta.url).pathname
    const check = spawnSync(biome, ["format", "--max-diagnostics=5", "--colors=off", "."], {
      cwd: new URL(".", import.meta.url).pathname,
      encoding: "utf8",
    })
    expect(check.status, `${check.stdout}${check.stderr}`).toBe(0)
  })
})
