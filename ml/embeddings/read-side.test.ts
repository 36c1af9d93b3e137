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
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { User } from "../../engine/actor-kind.ts"
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

  /** As the gateway's /api/cards/search asks it, after checking the token. */
  const search = async (user: User, q: string) => {
    const outcome = await readSide.read(user, { name: "cardSearch", params: { q, limit: 3, language: "en" } })
    return { ok: outcome.ok, body: outcome.ok ? (JSON.parse(outcome.value) as { items?: Array<{ word: string; distance: number }> }) : outcome.error }
  }

  it("finds cards by meaning that share no word with the question", async () => {
    const { ok, body } = await search(libraryFacilitator("A"), "I never stop to catch my breath")
    expect(ok, JSON.stringify(body)).toBe(true)
    expect((body as { items?: Array<{ word: string }> }).items?.map((card) => card.word)).toContain("Pause")
  })

  it("fails the start in one line naming STUDIO_EMBEDDINGS when it is not a known choice", async () => {
    const started = withEmbeddings("semantic", () =>
      startReadSide(memoryLogOf([]).log, { store: { kind: "pglite", dataDir: join(dir, "other") }, onError: () => undefined }),
    )
    await expect(started).rejects.toThrow(/^STUDIO_EMBEDDINGS must be one of local, lexical, openai/)
  })
})
