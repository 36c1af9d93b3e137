/**
 * The drawing geometry both renderers share (the export's SVG and the
 * browser's scene): the rules each relies on, and that it bundles for the
 * browser without Effect.
 */
import { build } from "esbuild"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import {
  arrowHead,
  cardLayout,
  connectorGeometry,
  dashedRect,
  directedText,
  exportFrame,
  lineEnds,
  paintedBox,
  smoothStroke,
  strokeDot,
  textBlock,
  textDirection,
  wrapText,
  type Placed,
} from "./drawing.ts"
import type { CanvasElement } from "./state.ts"

const meta = { createdBy: "u", createdAt: 0, updatedAt: 0, groupId: null, locked: false }
const stroke = (points: [number, number][]) =>
  ({ ...meta, id: "s", kind: "stroke", tool: "pen", colour: "#000000", width: 4, points, x: 10, y: 20, w: 100, h: 100 }) as Extract<
    Placed,
    { kind: "stroke" }
  >

describe("text", () => {
  it("wraps greedily by an average glyph width, cuts words longer than a line, and keeps paragraphs", () => {
    // 100 units at 10 px is 16 glyphs a line.
    expect(wrapText("the quick brown fox jumps over", 100, 10, 9)).toEqual(["the quick brown", "fox jumps over"])
    expect(wrapText("abcdefghijklmnopqrstuvwxyz", 100, 10, 9)).toEqual(["abcdefghijklmnop"])
    expect(wrapText("one\n\ntwo", 100, 10, 9)).toEqual(["one", "", "two"])
    expect(wrapText("a b c d e f", 10, 10, 2)).toEqual(["a", "b"])
  })

  it("places baselines one em below the top and 1.25 em apart, as many lines as fit, empty lines keeping their place", () => {
    const block = textBlock("one\n\nthree\nfour", { x: 5, y: 10, w: 200, h: 40 }, 10, "#000000")
    // 40 / 12.5 = 3 lines fit: "one", "", "three".
    expect(block.lines).toEqual([
      { text: "one", x: 5, baseline: 20 },
      { text: "three", x: 5, baseline: 45 },
    ])
  })

  it("reads right to left when the first letter does, and a right-to-left block starts at the box's right edge", () => {
    expect(textDirection("מה את רואה?")).toBe("rtl")
    expect(textDirection("2. ما الذي تراه؟")).toBe("rtl") // digits and punctuation do not decide
    expect(textDirection("Shalom שלום")).toBe("ltr")
    expect(textDirection("")).toBe("ltr")
    const block = textBlock("שלום לכולם", { x: 5, y: 10, w: 200, h: 40 }, 10, "#000000")
    expect(block).toMatchObject({ anchor: "end", direction: "rtl", lines: [{ text: "שלום לכולם", x: 205 }] })
    expect(textBlock("hello", { x: 5, y: 10, w: 200, h: 40 }, 10, "#000000")).toMatchObject({ anchor: "start", direction: "ltr" })
    // What the renderers draw: the line inside a right-to-left embedding, so its "?" and a cut line's ellipsis land on the left.
    expect(directedText("מה?", "rtl")).toBe("\u202Bמה?\u202C")
    expect(directedText("What?", "ltr")).toBe("What?")
  })
})

describe("cards", () => {
  const card = { ...meta, id: "c", kind: "card", cardId: "k", x: 0, y: 0, w: 120, h: 180 } as Extract<Placed, { kind: "card" }>
  it("a face puts the picture above one centred line of the word; a back has the picture area only", () => {
    const face = cardLayout(card, { word: "Wait", question: "?" })
    expect(face.word.lines).toEqual([{ text: "Wait", x: 60, baseline: expect.any(Number) }])
    expect(face.word.anchor).toBe("middle")
    expect(face.picture.y + face.picture.h).toBeLessThan(face.word.lines[0]!.baseline - face.word.fontSize * 0.7)
    const back = cardLayout(card, undefined)
    expect(back.word.lines).toEqual([])
    expect(back.picture.h).toBeGreaterThan(face.picture.h)
    expect(back.question.lines).toEqual([])
  })

  it("the question goes under the word in smaller lines, cut with an ellipsis, and never squeezes the picture under about half the card", () => {
    const question = "What would you notice if you slowed down for one whole minute, right here, with nothing to finish?"
    const tall = cardLayout(card, { word: "Wait", question })
    expect(tall.question.lines.length).toBe(3)
    expect(tall.question.lines.at(-1)!.text.endsWith("\u2026")).toBe(true)
    expect(tall.question.fontSize).toBeLessThan(tall.word.fontSize)
    expect(tall.question.lines[0]!.baseline).toBeGreaterThan(tall.word.lines[0]!.baseline)
    expect(tall.question.lines.at(-1)!.baseline).toBeLessThanOrEqual(card.y + card.h)
    expect(tall.picture.h).toBeGreaterThanOrEqual(card.h * 0.45 - 1e-9)
    const short = cardLayout({ ...card, h: 90 }, { word: "Wait", question })
    expect(short.question.lines.length).toBeLessThan(tall.question.lines.length)
    expect(short.picture.h).toBeGreaterThanOrEqual(90 * 0.45 - 1e-9)
    expect(cardLayout(card, { word: "Wait", question: "Where to?" }).question.lines).toEqual([
      { text: "Where to?", x: 60, baseline: expect.any(Number) },
    ])
  })

  it("a Hebrew card's word and question read right to left, the question cut at its logical end", () => {
    const question = "מה היית שם לב אליו אילו האטת לדקה שלמה, כאן ועכשיו, בלי שום דבר לסיים?"
    const face = cardLayout(card, { word: "המתנה", question })
    expect(face.word.direction).toBe("rtl")
    expect(face.question.direction).toBe("rtl")
    expect(face.question.anchor).toBe("middle")
    expect(face.question.lines[0]!.text.startsWith("מה היית")).toBe(true)
    expect(face.question.lines.at(-1)!.text.endsWith("\u2026")).toBe(true)
    expect(cardLayout(card, { word: "Wait", question: "מה?" })).toMatchObject({ word: { direction: "ltr" }, question: { direction: "rtl" } })
  })
})

describe("lines and strokes", () => {
  it("a line or an arrow runs across its box from the corner its flip names", () => {
    const arrow = (flip?: "x" | "y" | "xy") =>
      ({ ...meta, id: "a", kind: "shape", shape: "arrow", colour: "#000000", x: 10, y: 20, w: 100, h: 50, ...(flip ? { flip } : {}) }) as Extract<
        Placed,
        { kind: "shape" }
      >
    expect(lineEnds(arrow())).toEqual([
      [10, 20],
      [110, 70],
    ])
    expect(lineEnds(arrow("x"))).toEqual([
      [110, 20],
      [10, 70],
    ])
    expect(lineEnds(arrow("y"))).toEqual([
      [10, 70],
      [110, 20],
    ])
    expect(lineEnds(arrow("xy"))).toEqual([
      [110, 70],
      [10, 20],
    ])
  })

  it("an arrow head is a triangle with its tip at the end point, sized by the line width", () => {
    const [tip, left, right] = arrowHead(0, 0, 100, 0, 2)
    expect(tip).toEqual([100, 0])
    expect(left[0]).toBeCloseTo(100 - 10 * Math.cos(0.45))
    expect(left[1]).toBeCloseTo(10 * Math.sin(0.45))
    expect(right[1]).toBeCloseTo(-10 * Math.sin(0.45))
  })

  it("a stroke is smoothed through the midpoints of its points, starting and ending on its first and last point", () => {
    const steps = smoothStroke(
      stroke([
        [0, 0],
        [10, 0],
        [10, 10],
        [20, 10],
      ]),
    )
    expect(steps).toEqual([
      { op: "M", x: 10, y: 20 },
      { op: "Q", cx: 20, cy: 20, x: 20, y: 25 },
      { op: "Q", cx: 20, cy: 30, x: 25, y: 30 },
      { op: "L", x: 30, y: 30 },
    ])
    expect(
      smoothStroke(
        stroke([
          [0, 0],
          [5, 5],
        ]),
      ),
    ).toEqual([
      { op: "M", x: 10, y: 20 },
      { op: "L", x: 15, y: 25 },
    ])
    expect(
      strokeDot(
        stroke([
          [3, 4],
          [3, 4],
        ]),
      ),
    ).toEqual({ x: 13, y: 24, r: 2 })
    expect(
      strokeDot(
        stroke([
          [3, 4],
          [3, 5],
        ]),
      ),
    ).toBeUndefined()
  })

  it("a connector joins the centres of its ends, and is nothing while an end is missing", () => {
    const a = { ...meta, id: "a", kind: "sticky", text: "", colour: "#ffffff", x: 0, y: 0, w: 100, h: 100 } as Placed
    const b = { ...a, id: "b", x: 300 } as Placed
    const connector = { ...meta, id: "k", kind: "connector", from: "a", to: "b", colour: "#000000", width: 2, arrow: true, label: "so" } as Extract<
      CanvasElement,
      { kind: "connector" }
    >
    const geometry = connectorGeometry(connector, a, b)!
    expect([geometry.from, geometry.to]).toEqual([
      [50, 50],
      [350, 50],
    ])
    expect(geometry.head![0]).toEqual([350, 50])
    expect(geometry.label!.lines[0]).toEqual({ text: "so", x: 200, baseline: 44 })
    expect(connectorGeometry(connector, a, undefined)).toBeUndefined()
  })

  it("a dashed frame runs clockwise with SVG's dash phase carried round the corners", () => {
    const dashes = dashedRect({ x: 0, y: 0, w: 24, h: 10 }, [6, 4])
    const painted = dashes.reduce((sum, [[x1, y1], [x2, y2]]) => sum + Math.hypot(x2 - x1, y2 - y1), 0)
    // Perimeter 68: six whole periods of 10 (6 painted each), then 8 more of which 6 are painted.
    expect(painted).toBeCloseTo(42)
    expect(dashes[0]).toEqual([
      [0, 0],
      [6, 0],
    ])
    // The third dash starts at 20 on the top side and turns the corner: 4 on the top, 2 down the right side.
    expect(dashes.slice(2, 4)).toEqual([
      [
        [20, 0],
        [24, 0],
      ],
      [
        [24, 0],
        [24, 2],
      ],
    ])
  })
})

describe("bounds and frames", () => {
  it("a stroke's box takes in its points and half its width; the export frame pads content and scales its longer side", () => {
    const s = stroke([
      [-10, 0],
      [50, 130],
    ])
    expect(paintedBox(s)).toEqual({ minX: -2, minY: 18, maxX: 112, maxY: 152 })
    const frame = exportFrame([s], 800, 40)
    expect(frame.view).toEqual({ x: -40, y: -20, w: 190, h: 210 })
    expect([frame.width, frame.height]).toEqual([Math.round(190 * (800 / 210)), 800])
  })
})

it("bundles for the browser with no package and no schema", async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./drawing.ts", import.meta.url))],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  })
  expect(Object.keys(result.metafile.inputs).filter((path) => !path.endsWith("actors/canvas/drawing.ts"))).toEqual([])
})
