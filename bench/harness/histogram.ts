/**
 * Latency histograms (HdrHistogram) in microseconds, with the few views the
 * reports need: summary percentiles, a dense percentile curve for plots, and
 * a compact serialised form so repeats can be merged after the fact.
 */
import * as hdr from "hdr-histogram-js"

export type Histogram = hdr.Histogram

/** One hour at microsecond resolution covers every stall worth reporting. */
const HIGHEST_MICROS = 3_600_000_000

export const newHistogram = (): Histogram =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_MICROS, numberOfSignificantValueDigits: 3 })

export const recordMillis = (histogram: Histogram, millis: number): void => {
  const micros = Math.round(millis * 1000)
  histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, micros)))
}

/** Percentiles every report table shows. */
export const SUMMARY_PERCENTILES = [50, 90, 99, 99.9, 100] as const

export interface PercentilePoint {
  readonly percentile: number
  readonly ms: number
}

export const valueAtMillis = (histogram: Histogram, percentile: number): number => histogram.getValueAtPercentile(percentile) / 1000

export const summaryOf = (histogram: Histogram): PercentilePoint[] =>
  SUMMARY_PERCENTILES.map((percentile) => ({ percentile, ms: valueAtMillis(histogram, percentile) }))

/**
 * Percentiles spaced evenly on the 1/(1-p) log axis (0%, 68%, 90%, 97%, 99%, ...),
 * up to the resolution the sample size supports, then the maximum.
 */
export const percentileCurve = (histogram: Histogram, stepsPerDecade = 5): PercentilePoint[] => {
  const count = histogram.totalCount
  if (count === 0) return []
  const points: PercentilePoint[] = []
  const maxDecades = Math.max(1, Math.floor(Math.log10(count)))
  for (let step = 0; step <= maxDecades * stepsPerDecade; step++) {
    const percentile = 100 * (1 - 10 ** (-step / stepsPerDecade))
    points.push({ percentile, ms: valueAtMillis(histogram, percentile) })
  }
  points.push({ percentile: 100, ms: valueAtMillis(histogram, 100) })
  return points
}

export const encodeHistogram = (histogram: Histogram): string => hdr.encodeIntoCompressedBase64(histogram)

export const decodeHistogram = (encoded: string): Histogram => {
  const decoded = hdr.decodeFromCompressedBase64(encoded)
  // Decoded histograms may come back with a narrower range; copy into a standard one.
  const histogram = newHistogram()
  histogram.add(decoded)
  return histogram
}

export const mergeHistograms = (histograms: readonly Histogram[]): Histogram => {
  const merged = newHistogram()
  for (const histogram of histograms) merged.add(histogram)
  return merged
}
