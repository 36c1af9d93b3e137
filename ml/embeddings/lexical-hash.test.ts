import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { lexicalHashEmbeddings, lexicalVector } from "./lexical-hash.ts"

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0)

describe("lexical hash embeddings", () => {
  it("are deterministic, unit length and of the declared dimension", async () => {
    const embeddings = lexicalHashEmbeddings()
    const [a, b] = await Effect.runPromise(embeddings.embed(["Open door to the garden", "Open door to the garden"]))
    expect(a).toEqual(b)
    expect(a!.length).toBe(embeddings.dimension)
    expect(cosine(a!, a!)).toBeCloseTo(1, 5)
  })

  it("place texts sharing words closer than texts sharing none", () => {
    const query = lexicalVector("a bridge over the river")
    expect(cosine(query, lexicalVector("River bridge at dawn"))).toBeGreaterThan(cosine(query, lexicalVector("Empty chair by the window")) + 0.3)
  })

  it("match word forms through shared trigrams", () => {
    const query = lexicalVector("rivers")
    expect(cosine(query, lexicalVector("river"))).toBeGreaterThan(cosine(query, lexicalVector("mountain")))
  })

  it("give text without words the zero vector instead of NaN", () => {
    expect([...lexicalVector("the and of !!!")].every((x) => x === 0)).toBe(true)
  })
})
