/**
 * Test support: canvases for the scene's tests and benches. `everyKind` has
 * one of each element kind (and each shape), overlapping on purpose, with
 * the faces of its cards; `manyElements` is a large board of a realistic mix
 * laid out on a grid, from a seed, so a run can be repeated.
 */
import type { CardFace } from "../../actors/canvas/drawing.ts"
import type { CanvasElement } from "../../actors/canvas/state.ts"
import type { ElementInput } from "../../actors/canvas/protocol.ts"
import { drawCard } from "../../actors/cards/sample-deck/art.ts"
import { mulberry32 } from "../../engine/random.ts"

const meta = { createdBy: "owner", createdAt: 0, updatedAt: 0, groupId: null }
const element = (id: string, input: ElementInput, locked = false) => ({ ...input, ...meta, id, locked }) as CanvasElement

/** A 24x24 PNG in four coloured quarters. */
export const QUARTERS_PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAYAAADgdz34AAAAVElEQVR4AbXBwQmDQAAAwXVJCrAa8S+B9GHFfuzAKgSt4R47M13r72HAtv8ZITGJSUxiEpOYxCQmMYlJ7LPcMyPO78EIiUlMYhKTmMQkJjGJSUxiLxS+BnkXPUpYAAAAAElFTkSuQmCC"

export const EVERY_KIND_FACES: Record<string, CardFace> = {
  "studio-001": { word: "Door", question: "What are you ready to open?", image: { kind: "svg", svg: drawCard("door", "studio-001") } },
  "studio-002": { word: "Boat", question: "Where is the current taking you?", image: { kind: "svg", svg: drawCard("boat", "studio-002") } },
}

export const everyKind = (): CanvasElement[] => [
  element("frame", { kind: "shape", shape: "rectangle", colour: "#cbd2d9", x: 0, y: 0, w: 760, h: 460 }),
  element("card", { kind: "card", cardId: "studio-001", x: 20, y: 20, w: 120, h: 180 }),
  element("card2", { kind: "card", cardId: "studio-002", x: 60, y: 240, w: 100, h: 150 }, true),
  element("back", { kind: "card", cardId: "not-yours", x: 640, y: 280, w: 80, h: 120 }),
  element("note", { kind: "sticky", text: "What do you notice when you wait?", colour: "#ffd400", x: 180, y: 30, w: 160, h: 120 }),
  element("ring", { kind: "shape", shape: "ellipse", colour: "#00aa00", x: 380, y: 30, w: 120, h: 80 }),
  element("tri", { kind: "shape", shape: "triangle", colour: "#1d6fa5", x: 530, y: 30, w: 80, h: 70 }),
  element("line", { kind: "shape", shape: "line", colour: "#7c3aed", x: 640, y: 30, w: 90, h: 60 }),
  element("arrow", { kind: "shape", shape: "arrow", colour: "#c2410c", x: 640, y: 110, w: 90, h: 30 }),
  element("ink", {
    kind: "stroke",
    tool: "marker",
    colour: "#112233",
    width: 4,
    points: [
      [0, 0],
      [30, 40],
      [60, 10],
      [90, 50],
      [120, 20],
    ],
    x: 200,
    y: 260,
    w: 120,
    h: 50,
  }),
  element("glow", {
    kind: "stroke",
    tool: "highlighter",
    colour: "#ff006e",
    width: 16,
    points: [
      [0, 0],
      [60, 20],
      [120, 0],
    ],
    x: 200,
    y: 350,
    w: 120,
    h: 20,
  }),
  element("dot", { kind: "stroke", tool: "pen", colour: "#000000", width: 10, points: [[0, 0]], x: 350, y: 380, w: 1, h: 1 }),
  element("label", { kind: "text", text: "Focus on what matters", colour: "#1f2933", fontSize: 28, x: 380, y: 170, w: 220, h: 80 }),
  element("photo", { kind: "image", src: QUARTERS_PNG, alt: "squares", x: 380, y: 300, w: 60, h: 60 }),
  element("remote", { kind: "image", src: "https://example.com/lake.jpg", alt: "a lake", x: 460, y: 300, w: 140, h: 70 }),
  element("link", { kind: "connector", from: "card", to: "note", colour: "#1f2933", width: 2, arrow: true, label: "leads to" }),
  element("plain", { kind: "connector", from: "note", to: "ring", colour: "#52606d", width: 1.5, arrow: false, label: "" }),
]

const STICKY_COLOURS = ["#ffd400", "#ffafcc", "#a2d2ff", "#caffbf", "#fdffb6"]
const WORDS = "hope wait path open trust begin notice listen change small step today gentle brave rest".split(" ")

/**
 * `count` elements on a grid of cells (CELL world units apart): 35% notes,
 * 20% strokes, 15% shapes, 10% text, 10% cards, 10% connectors between
 * neighbours. Cards use `cardIds` in turn.
 */
export const manyElements = (count: number, seed = 1, cardIds: readonly string[] = ["studio-001", "studio-002"]): CanvasElement[] => {
  const random = mulberry32(seed)
  const CELL = 220
  const columns = Math.ceil(Math.sqrt(count * 1.6))
  const out: CanvasElement[] = []
  const placed: string[] = []
  for (let i = 0; i < count; i++) {
    const x = (i % columns) * CELL + random() * 30
    const y = Math.floor(i / columns) * CELL + random() * 30
    const id = `e${i}`
    const roll = random()
    const words = Array.from({ length: 3 + Math.floor(random() * 8) }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ")
    if (roll < 0.1 && placed.length > 2) {
      const from = placed[placed.length - 1]!
      const to = placed[Math.max(0, placed.length - 1 - Math.floor(random() * columns))]!
      out.push(element(id, { kind: "connector", from, to, colour: "#52606d", width: 2, arrow: random() < 0.5, label: random() < 0.3 ? "so" : "" }))
      continue
    }
    if (roll < 0.45) out.push(element(id, { kind: "sticky", text: words, colour: STICKY_COLOURS[i % STICKY_COLOURS.length]!, x, y, w: 160, h: 140 }))
    else if (roll < 0.65) {
      const points: [number, number][] = Array.from({ length: 20 + Math.floor(random() * 40) }, (_, k) => [
        k * 4,
        Math.sin(k / 3 + random()) * 30 + 40,
      ])
      out.push(
        element(id, {
          kind: "stroke",
          tool: random() < 0.2 ? "highlighter" : "pen",
          colour: "#1f2933",
          width: 2 + random() * 6,
          points,
          x,
          y,
          w: points.length * 4,
          h: 80,
        }),
      )
    } else if (roll < 0.8) {
      const shapes = ["rectangle", "ellipse", "triangle", "line", "arrow"] as const
      out.push(
        element(id, {
          kind: "shape",
          shape: shapes[Math.floor(random() * shapes.length)]!,
          colour: "#1d6fa5",
          x,
          y,
          w: 120 + random() * 60,
          h: 80 + random() * 60,
        }),
      )
    } else if (roll < 0.9)
      out.push(element(id, { kind: "text", text: words, colour: "#1f2933", fontSize: 14 + Math.floor(random() * 14), x, y, w: 190, h: 120 }))
    else out.push(element(id, { kind: "card", cardId: cardIds[i % cardIds.length]!, x, y, w: 120, h: 180 }))
    placed.push(id)
  }
  return out
}
