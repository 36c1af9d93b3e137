/**
 * Two small hand-written SVG charts, with no dependency: a latency percentile
 * curve (HdrHistogram style: x = percentile on a 1/(1-p) log axis, y = latency
 * on a log axis, one line per subject) and a bar chart across subjects.
 */
import type { PercentilePoint } from "../harness/histogram.ts"

export interface Series {
  readonly name: string
  readonly points: readonly PercentilePoint[]
}

const WIDTH = 720
const HEIGHT = 420
const PAD = { left: 70, right: 150, top: 40, bottom: 50 }
const PALETTE = ["#d1495b", "#00798c", "#edae49", "#30638e", "#66a182", "#8d6a9f", "#2e4057", "#ef8354"]

export const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!)

/** The same subject gets the same colour in every plot of every report. */
const KNOWN: Record<string, string> = {
  studio: PALETTE[0]!,
  uws: PALETTE[1]!,
  ws: PALETTE[2]!,
  "socket.io": PALETTE[3]!,
  yjs: PALETTE[4]!,
  embedded: PALETTE[5]!,
  jetstream: PALETTE[6]!,
}
const colourOf = (name: string, index: number) => KNOWN[name] ?? PALETTE[index % PALETTE.length]!
const fmt = (value: number) =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value >= 1 ? value.toFixed(2) : value.toPrecision(2)

const frame = (title: string, body: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">\n` +
  `<rect width="100%" height="100%" fill="white"/>\n` +
  `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>\n${body}</svg>\n`

const legend = (names: readonly string[]): string =>
  names
    .map((name, i) => {
      const y = PAD.top + 10 + i * 20
      const x = WIDTH - PAD.right + 15
      return `<rect x="${x}" y="${y - 9}" width="14" height="10" fill="${colourOf(name, i)}"/><text x="${x + 20}" y="${y}">${escapeXml(name)}</text>`
    })
    .join("\n")

/** Decades of 1/(1-p): 0 at the median side, 1 at 90%, 2 at 99%, ... */
const nines = (percentile: number, cap: number) => (percentile >= 100 ? cap : Math.min(cap, Math.log10(100 / (100 - percentile))))

export const latencyPlot = (title: string, series: readonly Series[]): string => {
  // A zero latency has no place on a log axis: it is a rounding artefact (autocannon counts whole ms).
  const drawn = series.map((s) => ({ ...s, points: s.points.filter((p) => p.ms > 0) })).filter((s) => s.points.length > 0)
  const plotW = WIDTH - PAD.left - PAD.right
  const plotH = HEIGHT - PAD.top - PAD.bottom
  if (drawn.length === 0) return frame(title, `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no samples</text>`)
  const finite = drawn.flatMap((s) => s.points.filter((p) => p.percentile < 100).map((p) => nines(p.percentile, 99)))
  // The maximum sits half a decade past the finest percentile measured.
  const xMax = Math.max(1, Math.ceil(Math.max(...finite) + 0.5))
  const values = drawn.flatMap((s) => s.points.map((p) => p.ms))
  const yMin = Math.floor(Math.log10(Math.min(...values)))
  const yMax = Math.max(yMin + 1, Math.ceil(Math.log10(Math.max(...values))))
  const x = (percentile: number) => PAD.left + (nines(percentile, xMax) / xMax) * plotW
  const y = (ms: number) => PAD.top + plotH - ((Math.log10(Math.max(ms, 0.001)) - yMin) / (yMax - yMin)) * plotH
  const parts: string[] = []
  for (let decade = 0; decade <= xMax; decade++) {
    const px = PAD.left + (decade / xMax) * plotW
    const label = decade === 0 ? "0%" : `${(100 - 100 / 10 ** decade).toFixed(Math.max(0, decade - 2))}%`
    parts.push(`<line x1="${px}" y1="${PAD.top}" x2="${px}" y2="${PAD.top + plotH}" stroke="#ddd"/>`)
    parts.push(`<text x="${px}" y="${PAD.top + plotH + 18}" text-anchor="middle">${label}</text>`)
  }
  for (let decade = yMin; decade <= yMax; decade++) {
    const py = y(10 ** decade)
    parts.push(`<line x1="${PAD.left}" y1="${py}" x2="${PAD.left + plotW}" y2="${py}" stroke="#ddd"/>`)
    parts.push(`<text x="${PAD.left - 8}" y="${py + 4}" text-anchor="end">${fmt(10 ** decade)}</text>`)
  }
  parts.push(`<text x="${PAD.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">percentile (log scale of 1/(1-p))</text>`)
  parts.push(`<text transform="translate(16 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">latency, ms (log)</text>`)
  parts.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`)
  drawn.forEach((s, i) => {
    const points = s.points.map((p) => `${x(p.percentile).toFixed(1)},${y(p.ms).toFixed(1)}`).join(" ")
    parts.push(
      `<polyline fill="none" stroke="${colourOf(s.name, i)}" stroke-width="2" points="${points}"><title>${escapeXml(s.name)}</title></polyline>`,
    )
  })
  parts.push(legend(drawn.map((s) => s.name)))
  return frame(title, parts.join("\n"))
}

export interface Bar {
  readonly name: string
  readonly value: number
}

export const barChart = (title: string, unit: string, bars: readonly Bar[]): string => {
  const plotW = WIDTH - PAD.left - PAD.right
  const plotH = HEIGHT - PAD.top - PAD.bottom
  if (bars.length === 0) return frame(title, `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no figures</text>`)
  const top = Math.max(...bars.map((b) => b.value), 1e-9) * 1.1
  const slot = plotW / bars.length
  const parts: string[] = [`<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`]
  for (let tick = 0; tick <= 4; tick++) {
    const value = (top * tick) / 4
    const py = PAD.top + plotH - (plotH * tick) / 4
    parts.push(`<line x1="${PAD.left}" y1="${py}" x2="${PAD.left + plotW}" y2="${py}" stroke="#eee"/>`)
    parts.push(`<text x="${PAD.left - 8}" y="${py + 4}" text-anchor="end">${fmt(value)}</text>`)
  }
  bars.forEach((bar, i) => {
    const h = (Math.max(0, bar.value) / top) * plotH
    const bx = PAD.left + i * slot + slot * 0.15
    parts.push(
      `<rect x="${bx}" y="${PAD.top + plotH - h}" width="${slot * 0.7}" height="${h}" fill="${colourOf(bar.name, i)}"><title>${escapeXml(bar.name)}: ${fmt(bar.value)} ${escapeXml(unit)}</title></rect>`,
    )
    parts.push(`<text x="${bx + slot * 0.35}" y="${PAD.top + plotH - h - 5}" text-anchor="middle">${fmt(bar.value)}</text>`)
    parts.push(`<text x="${bx + slot * 0.35}" y="${PAD.top + plotH + 18}" text-anchor="middle">${escapeXml(bar.name)}</text>`)
  })
  parts.push(`<text transform="translate(16 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(unit)}</text>`)
  return frame(title, parts.join("\n"))
}
