import { afterEach, describe, expect, it } from "vitest"
import type { CanvasElement } from "../../actors/canvas/index.ts"
import { ConfigError } from "../../engine/errors.ts"
import { renderPoolSettingsFromEnv, type RenderPoolSettings } from "./pool-settings.ts"
import { packElements, unpackElements, type RenderJob } from "./render-jobs.ts"
import { RenderPool } from "./render-pool.ts"

const FIXTURE = new URL("./testing/render-pool.fixture.mjs", import.meta.url)
const pools: RenderPool[] = []
const pool = (settings: Partial<RenderPoolSettings> = {}, fixture = true) => {
  const made = new RenderPool({ workers: 1, ...settings }, { onError: () => undefined, ...(fixture ? { workerUrl: FIXTURE } : {}) })
  pools.push(made)
  return made
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.stop()))
})

/** For the stand-in worker the title says what to do (see render-pool.fixture.mjs). */
const job = (title: string): RenderJob => ({ kind: "canvasPdf", title, elements: [] })
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
const stroke: CanvasElement = {
  id: "s1",
  kind: "stroke",
  tool: "pen",
  colour: "#123456",
  width: 3,
  points: [
    [0, 0],
    [5.5, -2],
    [10, 10],
  ],
  x: 1,
  y: 2,
  w: 10,
  h: 12,
  createdBy: "u",
  createdAt: 0,
  updatedAt: 0,
  groupId: null,
  locked: false,
} as CanvasElement

describe("the export render pool", () => {
  it("starts its worker with the first job and renders a real PDF there; stop ends the worker", async () => {
    const real = pool({}, false)
    expect(real.stats().workers).toBe(0)
    const pdf = await real.render({ kind: "canvasPdf", title: "t", elements: packElements([stroke]) })
    expect(text(pdf.subarray(0, 5))).toBe("%PDF-")
    expect(real.stats()).toEqual({ workers: 1, running: 0, queued: 0 })
    await real.stop()
    expect(real.stats().workers).toBe(0)
  })

  it("stroke points survive packing for the trip to the worker", () => {
    expect(unpackElements(packElements([stroke]))).toEqual([stroke])
  })

  it("a full queue answers 503 at once; stop answers every running and waiting job and ends the workers", async () => {
    const bounded = pool({ workers: 1, queue: 2 })
    const running = bounded.render(job("hang"))
    const waiting = [bounded.render(job("a")), bounded.render(job("b"))]
    await expect(bounded.render(job("c"))).rejects.toMatchObject({ code: "unavailable", detail: "the export queue is full; try again in a moment" })
    expect(bounded.stats()).toEqual({ workers: 1, running: 1, queued: 2 })
    const answers = Promise.allSettled([running, ...waiting])
    await bounded.stop()
    expect((await answers).map((answer) => answer.status === "rejected" && answer.reason.code)).toEqual(["unavailable", "unavailable", "unavailable"])
    expect(bounded.stats()).toEqual({ workers: 0, running: 0, queued: 0 })
    await expect(bounded.render(job("d"))).rejects.toMatchObject({ code: "unavailable" })
  })

  it("each user has their own allowance: past the burst, 429", () => {
    const limited = pool({ burst: 2, perMinute: 1 })
    limited.admit("t1/ana")
    limited.admit("t1/ana")
    expect(() => limited.admit("t1/ana")).toThrow(expect.objectContaining({ code: "rate_limited" }))
    expect(() => limited.admit("t1/ben")).not.toThrow()
  })

  it("a worker that dies mid-job answers that job with an error, and the job queued behind it runs on a new worker", async () => {
    const crashing = pool({ workers: 1 })
    const crashed = crashing.render(job("crash"))
    const next = crashing.render(job("after"))
    await expect(crashed).rejects.toMatchObject({ code: "internal" })
    expect(text(await next)).toBe("after")
    expect(text(await crashing.render(job("again")))).toBe("again")
  })

  it("a render that fails answers its job with an error and the worker keeps serving", async () => {
    const failing = pool()
    await expect(failing.render(job("throw"))).rejects.toMatchObject({ code: "internal" })
    expect(text(await failing.render(job("fine")))).toBe("fine")
  })

  it("a job past the time limit is answered 503 and its worker replaced for the next", async () => {
    const slow = pool({ timeoutMs: 200 })
    await expect(slow.render(job("hang"))).rejects.toMatchObject({ code: "unavailable" })
    expect(text(await slow.render(job("next")))).toBe("next")
  })

  it("settings come from STUDIO_EXPORT_*; a bad value names its variable", () => {
    expect(renderPoolSettingsFromEnv({ STUDIO_EXPORT_WORKERS: "3", STUDIO_EXPORT_QUEUE: "0", STUDIO_EXPORT_TIMEOUT_SECONDS: "5" })).toMatchObject({
      workers: 3,
      queue: 0,
      timeoutMs: 5_000,
    })
    expect(renderPoolSettingsFromEnv({}).workers).toBeGreaterThanOrEqual(1)
    expect(() => renderPoolSettingsFromEnv({ STUDIO_EXPORT_WORKERS: "0" })).toThrow(ConfigError)
    expect(() => renderPoolSettingsFromEnv({ STUDIO_EXPORTS_PER_MINUTE: "lots" })).toThrow(/^STUDIO_EXPORTS_PER_MINUTE: "lots" is not a whole number/)
  })
})
