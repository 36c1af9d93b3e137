import { describe, expect, it } from "vitest"
import {
  decodeHistogram,
  encodeHistogram,
  mergeHistograms,
  newHistogram,
  percentileCurve,
  recordMillis,
  summaryOf,
  valueAtMillis,
} from "./histogram.ts"

/** HdrHistogram with 3 significant digits: a value comes back within 0.1%. */
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * 0.001 + 0.001)

describe("latency histogram", () => {
  it("gives back the percentiles of the latencies recorded into it", () => {
    const histogram = newHistogram()
    for (let i = 1; i <= 1000; i++) recordMillis(histogram, i / 10) // 0.1 ms .. 100 ms
    close(valueAtMillis(histogram, 50), 50)
    close(valueAtMillis(histogram, 90), 90)
    close(valueAtMillis(histogram, 99), 99)
    close(valueAtMillis(histogram, 100), 100)
    expect(summaryOf(histogram).map((p) => p.percentile)).toEqual([50, 90, 99, 99.9, 100])
  })

  it("keeps stalls of minutes and sub-microsecond values without throwing", () => {
    const histogram = newHistogram()
    recordMillis(histogram, 0.0001)
    recordMillis(histogram, 120_000)
    expect(histogram.totalCount).toBe(2)
    close(valueAtMillis(histogram, 100), 120_000)
  })

  it("survives encoding, and merging adds the counts of every repeat", () => {
    const a = newHistogram()
    const b = newHistogram()
    for (let i = 0; i < 100; i++) recordMillis(a, 5)
    for (let i = 0; i < 100; i++) recordMillis(b, 50)
    const decoded = decodeHistogram(encodeHistogram(a))
    expect(decoded.totalCount).toBe(100)
    close(valueAtMillis(decoded, 50), 5)
    const merged = mergeHistograms([a, b])
    expect(merged.totalCount).toBe(200)
    close(valueAtMillis(merged, 25), 5)
    close(valueAtMillis(merged, 75), 50)
  })

  it("draws its percentile curve up to the resolution the sample count supports, ending at the maximum", () => {
    const histogram = newHistogram()
    for (let i = 1; i <= 1000; i++) recordMillis(histogram, i)
    const curve = percentileCurve(histogram)
    expect(curve[0]!.percentile).toBe(0)
    expect(curve.at(-1)).toEqual({ percentile: 100, ms: valueAtMillis(histogram, 100) })
    // 1000 samples: three decades of nines (99.9%) and no finer.
    expect(Math.max(...curve.slice(0, -1).map((p) => p.percentile))).toBeCloseTo(99.9, 6)
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.ms).toBeGreaterThanOrEqual(curve[i - 1]!.ms)
    expect(percentileCurve(newHistogram())).toEqual([])
  })
})
