/**
 * Whether a world point touches an element, by its drawn geometry: filled
 * kinds (cards, notes, text, images) and closed shapes anywhere inside;
 * lines, arrows, strokes and connectors along their line, within half their
 * width plus a tolerance. The spatial index narrows the candidates first.
 */
import { centreOf, smoothStroke, SHAPE_LINE_WIDTH, trianglePoints, type Connector, type Placed, lineEnds } from "../../../../actors/canvas/drawing.ts"

const distanceToSegment = (px: number, py: number, ax: number, ay: number, bx: number, by: number): number => {
  const dx = bx - ax
  const dy = by - ay
  const lengthSquared = dx * dx + dy * dy
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSquared))
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy))
}

const inBox = (x: number, y: number, e: Placed, tolerance: number) =>
  x >= e.x - tolerance && x <= e.x + e.w + tolerance && y >= e.y - tolerance && y <= e.y + e.h + tolerance

/** The smoothed stroke as a polyline (each quadratic curve flattened), close enough for picking. */
const strokePolyline = (e: Extract<Placed, { kind: "stroke" }>): number[] => {
  const out: number[] = []
  let cx = 0
  let cy = 0
  for (const step of smoothStroke(e)) {
    if (step.op === "Q") {
      for (let i = 1; i <= 4; i++) {
        const t = i / 4
        const a = (1 - t) * (1 - t)
        const b = 2 * (1 - t) * t
        const c = t * t
        out.push(a * cx + b * step.cx + c * step.x, a * cy + b * step.cy + c * step.y)
      }
    } else out.push(step.x, step.y)
    cx = step.x
    cy = step.y
  }
  return out
}

const nearPolyline = (x: number, y: number, points: readonly number[], reach: number): boolean => {
  if (points.length === 2) return Math.hypot(x - points[0]!, y - points[1]!) <= reach
  for (let i = 0; i + 3 < points.length; i += 2) {
    if (distanceToSegment(x, y, points[i]!, points[i + 1]!, points[i + 2]!, points[i + 3]!) <= reach) return true
  }
  return false
}

const inTriangle = (x: number, y: number, e: Placed, tolerance: number): boolean => {
  const [[ax, ay], [bx, by], [cx, cy]] = trianglePoints(e)
  const sign = (x1: number, y1: number, x2: number, y2: number, x3: number, y3: number) => (x1 - x3) * (y2 - y3) - (x2 - x3) * (y1 - y3)
  const d1 = sign(x, y, ax, ay, bx, by)
  const d2 = sign(x, y, bx, by, cx, cy)
  const d3 = sign(x, y, cx, cy, ax, ay)
  const inside = !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0))
  return inside || nearPolyline(x, y, [ax, ay, bx, by, cx, cy, ax, ay], SHAPE_LINE_WIDTH / 2 + tolerance)
}

export const hitsPlaced = (e: Placed, x: number, y: number, tolerance: number): boolean => {
  switch (e.kind) {
    case "card":
    case "sticky":
    case "text":
    case "image":
      return inBox(x, y, e, tolerance)
    case "stroke":
      return nearPolyline(x, y, strokePolyline(e), e.width / 2 + tolerance)
    case "shape":
      switch (e.shape) {
        case "rectangle":
          return inBox(x, y, e, SHAPE_LINE_WIDTH / 2 + tolerance)
        case "ellipse": {
          const rx = e.w / 2 + SHAPE_LINE_WIDTH / 2 + tolerance
          const ry = e.h / 2 + SHAPE_LINE_WIDTH / 2 + tolerance
          const dx = x - (e.x + e.w / 2)
          const dy = y - (e.y + e.h / 2)
          return (dx * dx) / (rx * rx) + (dy * dy) / (ry * ry) <= 1
        }
        case "triangle":
          return inTriangle(x, y, e, tolerance)
        case "line":
        case "arrow": {
          const [[x1, y1], [x2, y2]] = lineEnds(e)
          return distanceToSegment(x, y, x1, y1, x2, y2) <= SHAPE_LINE_WIDTH / 2 + tolerance + (e.shape === "arrow" ? 2 : 0)
        }
      }
  }
  return false
}

export const hitsConnector = (e: Connector, from: Placed, to: Placed, x: number, y: number, tolerance: number): boolean => {
  const [x1, y1] = centreOf(from)
  const [x2, y2] = centreOf(to)
  return distanceToSegment(x, y, x1, y1, x2, y2) <= e.width / 2 + tolerance
}
