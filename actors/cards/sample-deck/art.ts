/**
 * The sample decks' pictures, drawn by code: each card is a motif (a door, a
 * boat, a path...) in a palette, with small variations from a seed, so the
 * same card always gets the same picture and no image is copied from anywhere.
 */
import { seededRandom } from "../seeded-random.ts"

export const MOTIFS = [
  "door",
  "boat",
  "compass",
  "seed",
  "circles",
  "lantern",
  "bridge",
  "spiral",
  "horizon",
  "water",
  "tree",
  "window",
  "stairs",
  "nest",
  "wave",
  "path",
  "star",
  "stones",
  "sun",
  "mountain",
  "birds",
  "grid",
  "key",
  "flame",
  "maze",
  "rain",
] as const
export type Motif = (typeof MOTIFS)[number]

interface Palette {
  readonly sky: string
  readonly ground: string
  readonly ink: string
  readonly accent: string
  readonly soft: string
}

const PALETTES: readonly Palette[] = [
  { sky: "#f4e9d8", ground: "#c9a27e", ink: "#3d2c29", accent: "#e07a5f", soft: "#f2cc8f" },
  { sky: "#dff1f4", ground: "#6fa8b6", ink: "#1d3557", accent: "#e63946", soft: "#a8dadc" },
  { sky: "#eef3e2", ground: "#8aa36c", ink: "#283618", accent: "#bc6c25", soft: "#dda15e" },
  { sky: "#f3e8f1", ground: "#9d7aa5", ink: "#3c1642", accent: "#f4a259", soft: "#d5b9de" },
  { sky: "#fdf0d5", ground: "#c1121f", ink: "#003049", accent: "#669bbc", soft: "#f8c291" },
  { sky: "#e8eef7", ground: "#5c7aa6", ink: "#14213d", accent: "#fca311", soft: "#c5d3e8" },
  { sky: "#f1f5ee", ground: "#52796f", ink: "#2f3e46", accent: "#cad2c5", soft: "#84a98c" },
  { sky: "#fff4e6", ground: "#d4a373", ink: "#432818", accent: "#99582a", soft: "#ffe6a7" },
]

type Draw = (p: Palette, r: () => number) => string

const n = (value: number) => (Math.round(value * 10) / 10).toString()
const between = (r: () => number, low: number, high: number) => low + (high - low) * r()

const MOTIF_ART: Record<Motif, Draw> = {
  door: (p, r) => {
    const w = between(r, 90, 120)
    const x = 150 - w / 2
    return `<rect x="${n(x)}" y="110" width="${n(w)}" height="210" rx="6" fill="${p.ink}"/><rect x="${n(x + 8)}" y="118" width="${n(w - 16)}" height="202" fill="${p.soft}"/><path d="M${n(x + 8)} 118 L${n(x + w * 0.75)} 140 L${n(x + w * 0.75)} 330 L${n(x + 8)} 320Z" fill="${p.accent}"/><circle cx="${n(x + w * 0.68)}" cy="230" r="5" fill="${p.ink}"/>`
  },
  boat: (p, r) => {
    const y = between(r, 240, 270)
    return `<path d="M80 ${n(y)} L220 ${n(y)} L195 ${n(y + 35)} L105 ${n(y + 35)}Z" fill="${p.ink}"/><path d="M150 ${n(y - 10)} L150 ${n(y - 130)} L215 ${n(y - 20)}Z" fill="${p.soft}"/><path d="M145 ${n(y - 10)} L145 ${n(y - 110)} L95 ${n(y - 20)}Z" fill="${p.accent}"/><path d="M20 ${n(y + 45)} Q80 ${n(y + 30)} 150 ${n(y + 45)} T280 ${n(y + 45)}" stroke="${p.ground}" stroke-width="6" fill="none"/>`
  },
  compass: (p, r) => {
    const angle = between(r, -35, 35)
    return `<circle cx="150" cy="200" r="95" fill="${p.soft}" stroke="${p.ink}" stroke-width="6"/><g transform="rotate(${n(angle)} 150 200)"><path d="M150 115 L168 200 L150 285 L132 200Z" fill="${p.ink}"/><path d="M150 115 L168 200 L132 200Z" fill="${p.accent}"/></g><circle cx="150" cy="200" r="8" fill="${p.sky}"/>`
  },
  seed: (p, r) => {
    const lean = between(r, -20, 20)
    return `<ellipse cx="150" cy="300" rx="110" ry="28" fill="${p.ground}"/><path d="M150 300 Q${n(150 + lean)} 230 150 170" stroke="${p.ink}" stroke-width="6" fill="none"/><path d="M150 200 Q110 170 95 195 Q120 215 150 200Z" fill="${p.accent}"/><path d="M150 180 Q190 140 210 165 Q185 190 150 180Z" fill="${p.soft}" stroke="${p.ink}" stroke-width="2"/>`
  },
  circles: (p, r) => {
    const count = 4 + Math.floor(r() * 3)
    return Array.from(
      { length: count },
      (_, i) =>
        `<circle cx="150" cy="200" r="${n(20 + i * 22)}" fill="none" stroke="${i % 2 ? p.accent : p.ink}" stroke-width="${n(3 + r() * 4)}" opacity="${n(1 - i * 0.12)}"/>`,
    ).join("")
  },
  lantern: (p, r) => {
    const glow = between(r, 70, 100)
    return `<circle cx="150" cy="210" r="${n(glow)}" fill="${p.soft}" opacity="0.7"/><rect x="115" y="160" width="70" height="110" rx="10" fill="${p.accent}" stroke="${p.ink}" stroke-width="5"/><rect x="130" y="140" width="40" height="20" fill="${p.ink}"/><path d="M135 140 Q150 105 165 140" stroke="${p.ink}" stroke-width="5" fill="none"/><ellipse cx="150" cy="215" rx="12" ry="22" fill="${p.sky}"/>`
  },
  bridge: (p, r) => {
    const rise = between(r, 60, 100)
    return `<rect x="0" y="270" width="300" height="130" fill="${p.ground}"/><path d="M20 250 Q150 ${n(250 - rise * 2)} 280 250" stroke="${p.ink}" stroke-width="10" fill="none"/><path d="M20 250 L280 250" stroke="${p.ink}" stroke-width="8"/>${[70, 110, 150, 190, 230].map((x) => `<line x1="${x}" y1="250" x2="${x}" y2="${n(250 - rise * (1 - Math.abs(x - 150) / 150) * 1.3)}" stroke="${p.accent}" stroke-width="4"/>`).join("")}`
  },
  spiral: (p, r) => {
    const turns = 3 + r()
    const points = Array.from({ length: 80 }, (_, i) => {
      const t = (i / 79) * turns * Math.PI * 2
      const radius = 6 + (i / 79) * 100
      return `${n(150 + Math.cos(t) * radius)} ${n(200 + Math.sin(t) * radius)}`
    })
    return `<path d="M${points.join(" L")}" stroke="${p.ink}" stroke-width="6" fill="none" stroke-linecap="round"/><circle cx="150" cy="200" r="8" fill="${p.accent}"/>`
  },
  horizon: (p, r) => {
    const y = between(r, 220, 260)
    return `<circle cx="${n(between(r, 100, 200))}" cy="${n(y - 10)}" r="45" fill="${p.accent}"/><rect x="0" y="${n(y)}" width="300" height="${n(400 - y)}" fill="${p.ground}"/>${[0, 1, 2].map((i) => `<line x1="${40 + i * 20}" y1="${n(y + 30 + i * 30)}" x2="${260 - i * 20}" y2="${n(y + 30 + i * 30)}" stroke="${p.sky}" stroke-width="4" opacity="0.6"/>`).join("")}`
  },
  water: (p, r) => {
    const y = between(r, 190, 230)
    return `<rect x="0" y="${n(y)}" width="300" height="${n(400 - y)}" fill="${p.ground}" opacity="0.8"/><ellipse cx="150" cy="${n(y + 80)}" rx="90" ry="14" fill="none" stroke="${p.sky}" stroke-width="3"/><ellipse cx="150" cy="${n(y + 80)}" rx="50" ry="8" fill="none" stroke="${p.sky}" stroke-width="3"/><circle cx="150" cy="${n(y - 60)}" r="30" fill="${p.soft}"/>`
  },
  tree: (p, r) => {
    const spread = between(r, 70, 100)
    return `<rect x="0" y="320" width="300" height="80" fill="${p.ground}"/><path d="M142 320 L146 200 L154 200 L158 320Z" fill="${p.ink}"/><circle cx="150" cy="170" r="${n(spread)}" fill="${p.accent}" opacity="0.85"/><circle cx="${n(150 - spread / 2)}" cy="200" r="${n(spread / 2)}" fill="${p.soft}"/><circle cx="${n(150 + spread / 2)}" cy="195" r="${n(spread / 2.2)}" fill="${p.soft}"/>`
  },
  window: (p, r) => {
    const sun = between(r, 110, 190)
    return `<rect x="70" y="100" width="160" height="200" fill="${p.soft}" stroke="${p.ink}" stroke-width="10"/><circle cx="${n(sun)}" cy="170" r="25" fill="${p.accent}"/><line x1="150" y1="100" x2="150" y2="300" stroke="${p.ink}" stroke-width="8"/><line x1="70" y1="200" x2="230" y2="200" stroke="${p.ink}" stroke-width="8"/><rect x="60" y="300" width="180" height="14" fill="${p.ink}"/>`
  },
  stairs: (p, r) => {
    const steps = 5 + Math.floor(r() * 3)
    const h = 200 / steps
    return Array.from(
      { length: steps },
      (_, i) =>
        `<rect x="${n(40 + i * (220 / steps))}" y="${n(320 - (i + 1) * h)}" width="${n(260 - (40 + i * (220 / steps)))}" height="${n(h)}" fill="${i % 2 ? p.accent : p.ground}" stroke="${p.ink}" stroke-width="2"/>`,
    ).join("")
  },
  nest: (p, r) => {
    const eggs = 2 + Math.floor(r() * 3)
    return `<ellipse cx="150" cy="250" rx="100" ry="45" fill="${p.ground}" stroke="${p.ink}" stroke-width="4"/>${Array.from({ length: eggs }, (_, i) => `<ellipse cx="${n(110 + i * (80 / Math.max(1, eggs - 1)))}" cy="230" rx="18" ry="24" fill="${p.soft}" stroke="${p.ink}" stroke-width="2"/>`).join("")}<path d="M55 250 Q150 300 245 250" stroke="${p.ink}" stroke-width="4" fill="none"/>`
  },
  wave: (p, r) => {
    const amp = between(r, 20, 40)
    return [0, 1, 2, 3]
      .map(
        (i) =>
          `<path d="M0 ${n(180 + i * 45)} Q75 ${n(180 + i * 45 - amp)} 150 ${n(180 + i * 45)} T300 ${n(180 + i * 45)}" stroke="${i % 2 ? p.accent : p.ink}" stroke-width="8" fill="none" stroke-linecap="round"/>`,
      )
      .join("")
  },
  path: (p, r) => {
    const bend = between(r, 40, 110)
    return `<rect x="0" y="200" width="300" height="200" fill="${p.ground}"/><path d="M120 400 Q${n(150 + bend)} 320 140 260 Q${n(150 - bend / 2)} 220 150 200" stroke="${p.soft}" stroke-width="26" fill="none" stroke-linecap="round"/><circle cx="150" cy="150" r="30" fill="${p.accent}"/>`
  },
  star: (p, r) => {
    const stars = Array.from(
      { length: 7 },
      () => `<circle cx="${n(between(r, 30, 270))}" cy="${n(between(r, 40, 360))}" r="${n(between(r, 3, 9))}" fill="${p.accent}"/>`,
    ).join("")
    const points = Array.from({ length: 10 }, (_, i) => {
      const radius = i % 2 ? 30 : 75
      const t = (i / 10) * Math.PI * 2 - Math.PI / 2
      return `${n(150 + Math.cos(t) * radius)} ${n(200 + Math.sin(t) * radius)}`
    })
    return `<rect width="300" height="400" fill="${p.ink}"/>${stars}<path d="M${points.join(" L")}Z" fill="${p.soft}"/>`
  },
  stones: (p, r) => {
    let y = 320
    return [60, 48, 36, 26]
      .map((w, i) => {
        const h = w * 0.55
        const cx = 150 + between(r, -8, 8)
        const stone = `<ellipse cx="${n(cx)}" cy="${n(y - h)}" rx="${w}" ry="${n(h)}" fill="${i % 2 ? p.soft : p.ground}" stroke="${p.ink}" stroke-width="3"/>`
        y -= h * 2 - 4
        return stone
      })
      .join("")
  },
  sun: (p, r) => {
    const rays = 10 + Math.floor(r() * 6)
    return `${Array.from({ length: rays }, (_, i) => {
      const t = (i / rays) * Math.PI * 2
      return `<line x1="${n(150 + Math.cos(t) * 70)}" y1="${n(200 + Math.sin(t) * 70)}" x2="${n(150 + Math.cos(t) * 115)}" y2="${n(200 + Math.sin(t) * 115)}" stroke="${p.accent}" stroke-width="6" stroke-linecap="round"/>`
    }).join("")}<circle cx="150" cy="200" r="55" fill="${p.soft}" stroke="${p.ink}" stroke-width="4"/>`
  },
  mountain: (p, r) => {
    const peak = between(r, 90, 140)
    return `<path d="M0 340 L${n(between(r, 90, 130))} ${n(peak)} L300 340Z" fill="${p.ink}"/><path d="M120 340 L${n(between(r, 200, 230))} ${n(peak + 60)} L300 340Z" fill="${p.ground}"/><path d="M${n(110 - 20)} ${n(peak + 40)} L${n(110)} ${n(peak)} L${n(130)} ${n(peak + 40)}Z" fill="${p.sky}"/><rect x="0" y="340" width="300" height="60" fill="${p.accent}"/>`
  },
  birds: (p, r) =>
    Array.from({ length: 5 }, () => {
      const x = between(r, 40, 240)
      const y = between(r, 90, 300)
      const s = between(r, 14, 30)
      return `<path d="M${n(x)} ${n(y)} Q${n(x + s / 2)} ${n(y - s / 2)} ${n(x + s)} ${n(y)} Q${n(x + s * 1.5)} ${n(y - s / 2)} ${n(x + s * 2)} ${n(y)}" stroke="${p.ink}" stroke-width="4" fill="none"/>`
    }).join(""),
  grid: (p, r) => {
    const mark = { x: between(r, 80, 220), y: between(r, 100, 300) }
    const lines =
      [60, 120, 180, 240].map((x) => `<line x1="${x}" y1="60" x2="${x}" y2="340" stroke="${p.ground}" stroke-width="2"/>`).join("") +
      [100, 160, 220, 280].map((y) => `<line x1="30" y1="${y}" x2="270" y2="${y}" stroke="${p.ground}" stroke-width="2"/>`).join("")
    return `<rect x="30" y="60" width="240" height="280" fill="${p.soft}" stroke="${p.ink}" stroke-width="5"/>${lines}<path d="M60 300 Q140 250 ${n(mark.x)} ${n(mark.y)}" stroke="${p.accent}" stroke-width="5" stroke-dasharray="10 8" fill="none"/><circle cx="${n(mark.x)}" cy="${n(mark.y)}" r="10" fill="${p.accent}"/>`
  },
  key: (p, r) => {
    const tilt = between(r, -30, 30)
    return `<g transform="rotate(${n(tilt)} 150 200)"><circle cx="150" cy="130" r="45" fill="none" stroke="${p.ink}" stroke-width="14"/><rect x="143" y="170" width="14" height="160" fill="${p.ink}"/><rect x="157" y="280" width="30" height="12" fill="${p.ink}"/><rect x="157" y="305" width="22" height="12" fill="${p.ink}"/></g><circle cx="150" cy="130" r="20" fill="${p.accent}" opacity="0.6"/>`
  },
  flame: (p, r) => {
    const h = between(r, 150, 200)
    return `<path d="M150 ${n(320 - h)} Q220 ${n(320 - h / 2)} 190 300 Q150 340 110 300 Q80 ${n(320 - h / 2)} 150 ${n(320 - h)}Z" fill="${p.accent}"/><path d="M150 ${n(330 - h / 2)} Q180 270 165 305 Q150 320 135 305 Q120 270 150 ${n(330 - h / 2)}Z" fill="${p.soft}"/><rect x="90" y="320" width="120" height="16" rx="8" fill="${p.ink}"/>`
  },
  maze: (p, r) => {
    const walls = [0, 1, 2, 3, 4].map((i) => {
      const inset = 25 + i * 22
      const gap = between(r, 0.1, 0.8)
      const size = 300 - inset * 2
      return `<rect x="${inset}" y="${inset + 50}" width="${size}" height="${size}" fill="none" stroke="${p.ink}" stroke-width="6" stroke-dasharray="${n(size * 4 * gap)} 24"/>`
    })
    return `${walls.join("")}<circle cx="150" cy="200" r="9" fill="${p.accent}"/>`
  },
  rain: (p, r) =>
    `<ellipse cx="150" cy="110" rx="100" ry="45" fill="${p.ground}"/>${Array.from({ length: 14 }, () => {
      const x = between(r, 60, 240)
      const y = between(r, 170, 330)
      return `<line x1="${n(x)}" y1="${n(y)}" x2="${n(x - 8)}" y2="${n(y + 24)}" stroke="${p.accent}" stroke-width="4" stroke-linecap="round"/>`
    }).join("")}`,
}

/** The SVG picture of one card: `motif` drawn in the palette and variation that `seed` picks. */
export const drawCard = (motif: Motif, seed: string): string => {
  const random = seededRandom(seed)
  const palette = PALETTES[Math.floor(random() * PALETTES.length)]!
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 400" width="300" height="400"><rect width="300" height="400" fill="${palette.sky}"/>${MOTIF_ART[motif](palette, random)}</svg>`
}
