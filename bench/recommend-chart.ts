/** A hand-written SVG bar chart with 95% interval whiskers, one bar per method (bench/recommend.ts). */
import { escapeXml } from "./report/svg.ts"

export interface IntervalBar {
  readonly name: string
  readonly mean: number
  readonly low: number
  readonly high: number
}

const WIDTH = 640
const HEIGHT = 380
const PAD = { left: 60, right: 20, top: 50, bottom: 60 }
const COLOURS = ["#d1495b", "#00798c", "#edae49", "#30638e", "#66a182"]

export const intervalChart = (title: string, axis: string, bars: readonly IntervalBar[]): string => {
  const top = Math.max(0.05, ...bars.map((b) => b.high)) * 1.15
  const plotW = WIDTH - PAD.left - PAD.right
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH
  const slot = plotW / Math.max(1, bars.length)
  const ticks = Array.from({ length: 6 }, (_, i) => (top * i) / 5)
  const parts = [
    ...ticks.map(
      (t) =>
        `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#ddd"/><text x="${PAD.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${t.toFixed(2)}</text>`,
    ),
    `<text x="16" y="${PAD.top + plotH / 2}" transform="rotate(-90 16 ${PAD.top + plotH / 2})" text-anchor="middle">${escapeXml(axis)}</text>`,
    ...bars.map((b, i) => {
      const x = PAD.left + i * slot + slot * 0.2
      const w = slot * 0.6
      const cx = x + w / 2
      return [
        `<rect x="${x.toFixed(1)}" y="${y(b.mean).toFixed(1)}" width="${w.toFixed(1)}" height="${(y(0) - y(b.mean)).toFixed(1)}" fill="${COLOURS[i % COLOURS.length]}"/>`,
        `<line x1="${cx.toFixed(1)}" x2="${cx.toFixed(1)}" y1="${y(b.low).toFixed(1)}" y2="${y(b.high).toFixed(1)}" stroke="black" stroke-width="1.5"/>`,
        `<line x1="${(cx - 8).toFixed(1)}" x2="${(cx + 8).toFixed(1)}" y1="${y(b.low).toFixed(1)}" y2="${y(b.low).toFixed(1)}" stroke="black"/>`,
        `<line x1="${(cx - 8).toFixed(1)}" x2="${(cx + 8).toFixed(1)}" y1="${y(b.high).toFixed(1)}" y2="${y(b.high).toFixed(1)}" stroke="black"/>`,
        `<text x="${cx.toFixed(1)}" y="${(y(b.high) - 6).toFixed(1)}" text-anchor="middle">${b.mean.toFixed(3)}</text>`,
        `<text x="${cx.toFixed(1)}" y="${HEIGHT - PAD.bottom + 18}" text-anchor="middle">${escapeXml(b.name)}</text>`,
      ].join("")
    }),
    `<text x="${WIDTH / 2}" y="${HEIGHT - 14}" text-anchor="middle" fill="#555">bars: mean; whiskers: 95% bootstrap interval</text>`,
  ]
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">\n` +
    `<rect width="100%" height="100%" fill="white"/>\n<text x="${WIDTH / 2}" y="26" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>\n${parts.join("\n")}\n</svg>\n`
  )
}
