/**
 * The embeddings port's contract: every adapter registers these tests
 * (lexical hash, the local sentence encoder, the OpenAI-compatible client
 * against a stand-in). Tests only.
 */
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { cosineSimilarity, EmbeddingsUnavailable, type Embeddings } from "../port.ts"

export interface ContractSubject {
  readonly name: string
  readonly make: () => Embeddings
  /** More texts than the adapter sends in one request or model call. */
  readonly largeBatch: number
  /** Embeddings whose service or model fails, each with what fails; none for an adapter with nothing that can. */
  readonly failing?: ReadonlyArray<{ readonly what: string; readonly make: () => Embeddings | Promise<Embeddings> }>
  /** Called just before the large batch; what it returns checks it afterwards (e.g. that it went out in several requests). */
  readonly watchLargeBatch?: () => () => void
  readonly timeoutMs?: number
}

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const length = (vector: Float32Array) => Math.sqrt(cosineSimilarity(vector, vector))

const TEXTS = [
  "I can't stop rushing from one thing to the next",
  "Where do you go when you need to feel safe?",
  "Our team argues about every decision",
  "What is beginning for you?",
]

export const embeddingsContract = (subject: ContractSubject) => {
  const timeout = subject.timeoutMs ?? 30_000
  describe(`embeddings contract: ${subject.name}`, () => {
    // Made once the file's own set-up (a stand-in server, say) has run.
    let embeddings: Embeddings
    beforeAll(() => {
      embeddings = subject.make()
    })

    it("gives one unit vector of the declared dimension per text, and names a model", { timeout }, async () => {
      const vectors = await run(embeddings.embed(TEXTS))
      expect(embeddings.model.length).toBeGreaterThan(0)
      expect(vectors).toHaveLength(TEXTS.length)
      for (const vector of vectors) {
        expect(vector).toBeInstanceOf(Float32Array)
        expect(vector.length).toBe(embeddings.dimension)
        expect(length(vector)).toBeCloseTo(1, 4)
      }
    })

    it("keeps the order of the texts: each vector is the one that text gets alone", { timeout }, async () => {
      const together = await run(embeddings.embed(TEXTS))
      for (const [i, text] of TEXTS.entries()) {
        const [alone] = await run(embeddings.embed([text]))
        expect(cosineSimilarity(together[i]!, alone!)).toBeGreaterThan(0.999)
      }
    })

    it("is deterministic for the same text", { timeout }, async () => {
      const [a, b] = await run(embeddings.embed([TEXTS[0]!, TEXTS[0]!]))
      const [c] = await run(embeddings.embed([TEXTS[0]!]))
      expect(cosineSimilarity(a!, b!)).toBeGreaterThan(0.9999)
      expect(cosineSimilarity(a!, c!)).toBeGreaterThan(0.9999)
    })

    it("answers an empty list with an empty list", { timeout }, async () => {
      expect(await run(embeddings.embed([]))).toEqual([])
    })

    it("gives a text with no letters or digits the zero vector, beside others that have them", { timeout }, async () => {
      const [empty, blank, worded] = await run(embeddings.embed(["", "  !? ", TEXTS[1]!]))
      expect([...empty!].every((x) => x === 0)).toBe(true)
      expect([...blank!].every((x) => x === 0)).toBe(true)
      expect(length(worded!)).toBeCloseTo(1, 4)
    })

    it("embeds a very long text (100,000 characters)", { timeout }, async () => {
      const long = "When the week fills up I keep rushing from one meeting to the next and never pause. ".repeat(1200).slice(0, 100_000)
      const [vector] = await run(embeddings.embed([long]))
      expect(vector!.length).toBe(embeddings.dimension)
      expect(length(vector!)).toBeCloseTo(1, 4)
    })

    it("embeds a batch larger than one request, in order", { timeout }, async () => {
      const texts = Array.from({ length: subject.largeBatch }, (_, i) => `note ${i}: ${TEXTS[i % TEXTS.length]} (${"again ".repeat(i % 5)})`)
      const check = subject.watchLargeBatch?.()
      const vectors = await run(embeddings.embed(texts))
      check?.()
      expect(vectors).toHaveLength(texts.length)
      for (const vector of vectors) expect(length(vector)).toBeCloseTo(1, 4)
      for (const i of [0, Math.floor(texts.length / 2), texts.length - 1]) {
        const [alone] = await run(embeddings.embed([texts[i]!]))
        expect(cosineSimilarity(vectors[i]!, alone!)).toBeGreaterThan(0.999)
      }
    })

    it("places a text nearer to a rewording that shares its words than to an unrelated text", { timeout }, async () => {
      const [query, near, far] = await run(
        embeddings.embed(["rushing from one meeting to the next", "I rush between meetings all day", "a lighthouse guides ships at night"]),
      )
      expect(cosineSimilarity(query!, near!)).toBeGreaterThan(cosineSimilarity(query!, far!))
    })

    for (const failing of subject.failing ?? []) {
      it(`fails with EmbeddingsUnavailable when ${failing.what}`, { timeout }, async () => {
        const broken = await failing.make()
        const error = await Effect.runPromise(Effect.flip(broken.embed(TEXTS)))
        expect(error).toBeInstanceOf(EmbeddingsUnavailable)
        expect(error.message.length).toBeGreaterThan(0)
      })
    }
  })
}
