import { describe, expect, it } from "vitest"
import { reciprocalRankFusion, RRF_K } from "./fusion.ts"

const id = (x: string) => x

describe("reciprocal rank fusion", () => {
  it("sums 1/(k+rank) over the rankings that hold an item", () => {
    const fused = reciprocalRankFusion(
      [
        ["a", "b", "c"],
        ["c", "a"],
      ],
      id,
    )
    expect(fused.map((f) => f.item)).toEqual(["a", "c", "b"])
    expect(fused[0]!.score).toBeCloseTo(1 / (RRF_K + 1) + 1 / (RRF_K + 2))
    expect(fused[2]!.score).toBeCloseTo(1 / (RRF_K + 2))
  })

  it("lifts an item both rankings agree on over one ranked first by only one", () => {
    const fused = reciprocalRankFusion(
      [
        ["x", "both"],
        ["y", "both"],
      ],
      id,
    )
    expect(fused[0]!.item).toBe("both")
  })

  it("keeps first-seen order on ties and handles no rankings", () => {
    expect(reciprocalRankFusion([["a"], ["b"]], id).map((f) => f.item)).toEqual(["a", "b"])
    expect(reciprocalRankFusion([], id)).toEqual([])
  })
})
