import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { CanvasState } from "../../actors/canvas/index.ts"
import type { JournalState } from "../../actors/journal/index.ts"
import { makeAddress } from "../../engine/address.ts"
import { seedDemo } from "../seed.ts"
import { SAMPLE_CANVAS_ID, SAMPLE_SESSION_ID } from "./sample.ts"
import { startExportApi } from "./testing/export-api.ts"

let api: Awaited<ReturnType<typeof startExportApi>>
beforeAll(async () => {
  api = await startExportApi()
})
afterAll(() => api.close())

const inspect = <S>(kind: string, id: string) => Effect.runPromise(api.system.inspect(makeAddress("demo", kind, id))).then((r) => r.state as S)

describe("demo seeding", () => {
  it("gives the demo organization a finished session, its shared canvas and journal entries from it", async () => {
    const result = await seedDemo(api.system, api.directory, { STUDIO_DEMO_PASSWORD: "demo-password" }, 1024)
    expect(result).toMatchObject({ seeded: true })
    expect(result.sampleProblem).toBeUndefined()
    const session = await inspect<{ status: string; phase: string }>("session", SAMPLE_SESSION_ID)
    expect([session.status, session.phase]).toEqual(["ended", "Doing"])
    const canvas = await inspect<CanvasState>("canvas", SAMPLE_CANVAS_ID)
    expect([canvas.privacy, canvas.sessionId, canvas.shares.length, canvas.versions.length]).toEqual(["shared", SAMPLE_SESSION_ID, 3, 1])
    expect(canvas.elements.filter((e) => e.kind === "sticky" && e.text !== "").length).toBe(3)
    const journal = await inspect<JournalState>("journal", "u-demo-participant1")
    expect(journal.entries.map((e) => [e.id, e.sessionId])).toEqual([
      ["sample-1", SAMPLE_SESSION_ID],
      ["sample-2", null],
    ])
    expect(journal.entries[0]?.coaches).toEqual(["u-demo-facilitator"])
    // A participant sees it at once, as an export.
    const png = await api.request(`/api/canvases/${SAMPLE_CANVAS_ID}/export?format=png`, api.user("u-demo-participant2", ["participant"], "demo"))
    expect(png.status).toBe(200)
  })
})
