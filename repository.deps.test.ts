/**
 * The arrows of architecture.md, as .dependency-cruiser.cjs states them: the
 * whole tree keeps them (what `npm run lint:deps` checks, run here so CI's
 * `npm test` fails on a broken arrow), and the rules do fire, on a small tree
 * that breaks them on purpose.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { cruise, format, type ICruiseOptions, type ICruiseResult } from "dependency-cruiser"
import extractBabelConfig from "dependency-cruiser/config-utl/extract-babel-config"
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options"
import { afterAll, describe, expect, it } from "vitest"
import manifest from "./package.json" with { type: "json" }

const root = dirname(fileURLToPath(import.meta.url))

/** The files `npm run lint:deps` names, so this test checks exactly what the script does. */
const sources = (): string[] => [...manifest.scripts["lint:deps"].matchAll(/'([^']+)'/g)].map((match) => match[1]!)

const run = async (baseDir: string, files: readonly string[]): Promise<ICruiseResult> => {
  const options: ICruiseOptions = await extractDepcruiseOptions(join(root, ".dependency-cruiser.cjs"))
  const babelConfig = await extractBabelConfig(join(root, ".dependency-cruiser.babel.cjs"))
  const { output } = await cruise([...files], { ...options, baseDir }, {}, { babelConfig })
  return output as ICruiseResult
}

/** Violations that fail the check (known ones are softened to "ignore"), one line each. */
const failures = (result: ICruiseResult) =>
  result.summary.violations
    .filter((violation) => violation.rule.severity === "error")
    .map((violation) => `${violation.rule.name}: ${violation.from} -> ${violation.to}`)

describe("dependency rules (.dependency-cruiser.cjs)", () => {
  it("hold over the whole tree", async () => {
    const result = await run(root, sources())
    expect(result.summary.totalCruised, "the cruise found the sources").toBeGreaterThan(500)
    const report = String((await format(result, { outputType: "err-long" })).output)
    expect(failures(result), report).toEqual([])
  })

  describe("on a tree that breaks them on purpose", () => {
    let fixture: string
    afterAll(async () => {
      if (fixture) await rm(fixture, { recursive: true, force: true })
    })

    it("fail on every broken arrow, and only on those", async () => {
      fixture = await mkdtemp(join(tmpdir(), "studio-dependency-rules-"))
      const files: Record<string, string> = {
        // The entry point, as in the repository: it reaches everything below.
        "gateway/main.ts": `import { run } from "../engine/runtime.ts"\nimport { seed } from "./testing/seed.ts"\nrun(seed)\n`,
        "gateway/handler.ts": `export const handle = (value: number): number => value + 1\n`,
        "gateway/testing/seed.ts": `export const seed = 1\n`,
        // Broken: the engine sits below the gateway.
        "engine/runtime.ts": `import { handle } from "../gateway/handler.ts"\nimport type { Row } from "../projections/rows.ts"\nexport const run = (value: number): Row => ({ value: handle(value) })\n`,
        "projections/rows.ts": `export interface Row { readonly value: number }\n`,
      }
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(fixture, path)), { recursive: true })
        await writeFile(join(fixture, path), text)
      }
      const result = await run(fixture, Object.keys(files))
      expect(failures(result).sort()).toEqual([
        "engine-imports-no-higher-layer: engine/runtime.ts -> gateway/handler.ts",
        // A type-only import is an arrow too.
        "engine-imports-no-higher-layer: engine/runtime.ts -> projections/rows.ts",
        "production-imports-no-test-support: gateway/main.ts -> gateway/testing/seed.ts",
      ])
    })
  })
})
