/** The node's hold on the model file: missing, then loaded, then replaced by a retrain, and a broken file said so. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { makeRandom } from "../../engine/testing/random.ts"
import { ModelHolder, writeModel } from "./model-file.ts"
import { runPipeline } from "./pipeline.ts"
import { simulate } from "./testing/simulator.ts"

const dir = mkdtempSync(join(tmpdir(), "studio-model-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("the model file", () => {
  it("is missing, then loaded, then reloaded after a retrain, and a broken one is reported, not served", async () => {
    const path = join(dir, "model.json")
    const lines: string[] = []
    const holder = new ModelHolder(path, 0, (line) => lines.push(line))
    expect(await holder.get()).toEqual({ state: "missing", path })

    const { rows, cards } = simulate(makeRandom(5), { groups: 3, sessionsPerGroup: 2 })
    const first = (await runPipeline(rows, cards, { seed: 5, epochs: 1 })).model!
    await writeModel(path, { ...first, trainedAt: "2026-01-01T00:00:00.000Z" })
    expect(await holder.get()).toMatchObject({ state: "loaded", trainedAt: "2026-01-01T00:00:00.000Z" })

    await writeModel(path, { ...first, trainedAt: "2026-02-01T00:00:00.000Z" })
    expect(await holder.get()).toMatchObject({ state: "loaded", trainedAt: "2026-02-01T00:00:00.000Z" })

    writeFileSync(path, "{ not json")
    expect(await holder.get()).toMatchObject({ state: "broken", reason: expect.any(String) })
    expect(lines.at(-1)).toMatch(/cannot be used/)
  }, 60_000)
})
