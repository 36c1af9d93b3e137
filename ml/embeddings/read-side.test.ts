/**
 * The node's read side with the default embeddings (STUDIO_EMBEDDINGS=local,
 * which vitest otherwise sets to lexical for speed): the worker stores card
 * vectors of the sentence encoder at 512 dimensions and `/cards/search`
 * finds by meaning; a bad setting fails the start in one line.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { Hono } from "hono"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { User } from "../../engine/actor-kind.ts"
import type { ReadApiEnv } from "../../projections/http/read-api.ts"
import type { ReadSide } from "../../projections/read-side/read-side.ts"
import { startReadSide } from "../../gateway/read-side.ts"
import { libraryFacilitator, libraryScript } from "../../projections/testing/library.ts"
import { memoryLogOf } from "../../projections/testing/simulate.ts"

const withEmbeddings = async <A>(value: string, body: () => Promise<A>): Promise<A> => {
  const before = process.env.STUDIO_EMBEDDINGS
  process.env.STUDIO_EMBEDDINGS = value
  try {
    // The worker copies the environment when it starts.
    return await body()
  } finally {
    if (before === undefined) delete process.env.STUDIO_EMBEDDINGS
    else process.env.STUDIO_EMBEDDINGS = before
  }
}

describe("read side with the default embeddings (local sentence encoder)", () => {
  let dir: string
  let readSide: ReadSide
  const script = libraryScript()
  script.organization("A")
  const log = script.log()

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "studio-embeddings-read-side-"))
    readSide = await withEmbeddings("local", () =>
      startReadSide(log, { store: { kind: "pglite", dataDir: join(dir, "readstore") }, idleMs: { min: 5, max: 20 }, onError: () => undefined }),
    )
    expect(await readSide.waitFor(await Effect.runPromise(log.headPosition()), 200_000)).toBe(true)
    // A model load and a PGlite start in a worker: slow when the whole suite shares two cores.
  }, 240_000)
  afterAll(async () => {
    await readSide?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  /** As the gateway does after checking the token: the caller is set on the request. */
  const search = async (user: User, q: string) => {
    const app = new Hono<ReadApiEnv>()
    app.use("*", async (c, next) => {
      c.set("user", user)
      await next()
    })
    app.route("/api", readSide.api)
    const response = await app.request(`/api/cards/search?q=${encodeURIComponent(q)}&limit=3`)
    return { status: response.status, body: (await response.json()) as { items?: Array<{ word: string; distance: number }> } }
  }

  it("finds cards by meaning that share no word with the question", async () => {
    const { status, body } = await search(libraryFacilitator("A"), "I never stop to catch my breath")
    expect(status).toBe(200)
    expect(body.items?.map((card) => card.word)).toContain("Pause")
  })

  it("fails the start in one line naming STUDIO_EMBEDDINGS when it is not a known choice", async () => {
    const started = withEmbeddings("semantic", () =>
      startReadSide(memoryLogOf([]).log, { store: { kind: "pglite", dataDir: join(dir, "other") }, onError: () => undefined }),
    )
    await expect(started).rejects.toThrow(/^STUDIO_EMBEDDINGS must be one of local, lexical, openai/)
  })
})
