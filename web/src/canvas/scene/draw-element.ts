/**
 * One element as pixi display objects, drawn from the same geometry as the
 * server's export (actors/canvas/drawing.ts; gateway/export/svg.ts is the
 * SVG twin of this file). Each element is one Container; nothing in it
 * takes pointer events (the caller hit-tests through the spatial index).
 */
import { Container, Graphics, Sprite } from "pixi.js"
import {
  CARD_EDGE,
  CARD_EDGE_WIDTH,
  CARD_FILL,
  cardLayout,
  connectorGeometry,
  drawableCardImage,
  fitContain,
  isInlineImage,
  PLACEHOLDER_EDGE,
  PLACEHOLDER_FILL,
  placeholder,
  SHAPE_LINE_WIDTH,
  smoothStroke,
  stickyText,
  strokeDot,
  strokeOpacity,
  textElementBlock,
  trianglePoints,
  arrowHead,
  type CardFace,
  type Connector,
  type Placed,
  type Point2,
  type Rect,
  lineEnds,
} from "../../../../actors/canvas/drawing.ts"
import type { CanvasElement } from "../../../../actors/canvas/state.ts"
import { loadableSource, svgSource, type Pictures } from "./pictures.ts"
import { drawText } from "./text.ts"

export interface DrawContext {
  placed(id: string): Placed | undefined
  face(cardId: string): CardFace | undefined
  readonly pictures: Pictures
  readonly textResolution: number
}

const flat = (points: readonly Point2[]) => points.flatMap(([x, y]) => [x, y])

const placeholderFrame = (box: Rect, label: string, resolution: number): Container => {
  const shape = placeholder(box, label)
  const g = new Graphics({ eventMode: "none" }).rect(box.x, box.y, box.w, box.h).fill(PLACEHOLDER_FILL)
  for (const [[x1, y1], [x2, y2]] of shape.dashes) g.moveTo(x1, y1).lineTo(x2, y2)
  g.stroke({ width: 1, color: PLACEHOLDER_EDGE })
  const node: Container = new Container({ eventMode: "none" })
  node.addChild(g)
  if (shape.label.lines.length > 0) node.addChild(drawText(shape.label, resolution))
  return node
}

/** A loaded picture fitted (aspect kept) into a box; while it loads, the box's placeholder fill. */
const picture = (src: string, box: Rect, ctx: DrawContext, fallbackLabel: string | undefined): Container => {
  const loaded = ctx.pictures.get(src)
  if (loaded) {
    const fit = fitContain(box, loaded.naturalW, loaded.naturalH)
    const sprite = new Sprite({ texture: loaded.texture, eventMode: "none" })
    sprite.position.set(fit.x, fit.y)
    sprite.setSize(fit.w, fit.h)
    return sprite
  }
  if (ctx.pictures.failed(src) && fallbackLabel !== undefined) return placeholderFrame(box, fallbackLabel, ctx.textResolution)
  return new Graphics({ eventMode: "none" }).rect(box.x, box.y, box.w, box.h).fill(PLACEHOLDER_FILL)
}

const drawCard = (e: Extract<Placed, { kind: "card" }>, ctx: DrawContext): Container => {
  const face = ctx.face(e.cardId)
  const layout = cardLayout(e, face)
  const { frame } = layout
  const node = new Container({ eventMode: "none" })
  node.addChild(
    new Graphics({ eventMode: "none" })
      .roundRect(frame.x, frame.y, frame.w, frame.h, layout.radius)
      .fill(CARD_FILL)
      .stroke({ width: CARD_EDGE_WIDTH, color: CARD_EDGE }),
  )
  const box = layout.picture
  switch (drawableCardImage(face)) {
    case "svg":
      node.addChild(picture(svgSource((face!.image as { svg: string }).svg), box, ctx, ""))
      break
    case "data":
      node.addChild(picture((face!.image as { url: string }).url, box, ctx, ""))
      break
    case "placeholder": {
      // The export never fetches a picture by address; the page may load one from this site (README: how they differ).
      const url = face!.image?.kind === "url" ? face!.image.url : ""
      node.addChild(loadableSource(url) ? picture(url, box, ctx, "") : placeholderFrame(box, "", ctx.textResolution))
      break
    }
    case "none":
      node.addChild(new Graphics({ eventMode: "none" }).roundRect(box.x, box.y, box.w, box.h, layout.radius / 2).fill(PLACEHOLDER_FILL))
  }
  if (layout.word.lines.length > 0) node.addChild(drawText(layout.word, ctx.textResolution))
  if (layout.question.lines.length > 0) node.addChild(drawText(layout.question, ctx.textResolution))
  return node
}

const drawStroke = (e: Extract<Placed, { kind: "stroke" }>): Container => {
  const g = new Graphics({ eventMode: "none" })
  const dot = strokeDot(e)
  if (dot) g.circle(dot.x, dot.y, dot.r).fill(e.colour)
  else {
    for (const step of smoothStroke(e)) {
      if (step.op === "M") g.moveTo(step.x, step.y)
      else if (step.op === "L") g.lineTo(step.x, step.y)
      else g.quadraticCurveTo(step.cx, step.cy, step.x, step.y)
    }
    g.stroke({ width: e.width, color: e.colour, cap: "round", join: "round" })
  }
  g.alpha = strokeOpacity(e)
  return g
}

const drawShape = (e: Extract<Placed, { kind: "shape" }>): Container => {
  const g = new Graphics({ eventMode: "none" })
  const outline = { width: SHAPE_LINE_WIDTH, color: e.colour }
  const { x, y, w, h } = e
  switch (e.shape) {
    case "rectangle":
      return g.rect(x, y, w, h).stroke(outline)
    case "ellipse":
      return g.ellipse(x + w / 2, y + h / 2, w / 2, h / 2).stroke(outline)
    case "triangle":
      return g.poly(flat(trianglePoints(e)), true).stroke(outline)
    case "line": {
      const [[x1, y1], [x2, y2]] = lineEnds(e)
      return g.moveTo(x1, y1).lineTo(x2, y2).stroke(outline)
    }
    case "arrow": {
      const [[x1, y1], [x2, y2]] = lineEnds(e)
      return g
        .moveTo(x1, y1)
        .lineTo(x2, y2)
        .stroke(outline)
        .poly(flat(arrowHead(x1, y1, x2, y2, SHAPE_LINE_WIDTH)), true)
        .fill(e.colour)
    }
  }
}

const drawImage = (e: Extract<Placed, { kind: "image" }>, ctx: DrawContext): Container =>
  // Only inline images are drawn, as in the export: an https address is outside the page's CSP anyway.
  isInlineImage(e.src) ? picture(e.src, e, ctx, e.alt || "image") : placeholderFrame(e, e.alt || "image", ctx.textResolution)

const drawConnector = (e: Connector, ctx: DrawContext): Container | undefined => {
  const geometry = connectorGeometry(e, ctx.placed(e.from), ctx.placed(e.to))
  if (!geometry) return undefined
  const g = new Graphics({ eventMode: "none" })
    .moveTo(...geometry.from)
    .lineTo(...geometry.to)
    .stroke({ width: e.width, color: e.colour })
  if (geometry.head) g.poly(flat(geometry.head), true).fill(e.colour)
  if (!geometry.label) return g
  const node: Container = new Container({ eventMode: "none" })
  node.addChild(g, drawText(geometry.label, ctx.textResolution))
  return node
}

/** The element's display objects, or undefined when it draws nothing (a connector with an end missing). */
export const drawElement = (e: CanvasElement, ctx: DrawContext): Container | undefined => {
  let body: Container | undefined
  switch (e.kind) {
    case "card":
      body = drawCard(e, ctx)
      break
    case "sticky":
      body = new Container({ eventMode: "none" })
      body.addChild(new Graphics({ eventMode: "none" }).rect(e.x, e.y, e.w, e.h).fill(e.colour), drawText(stickyText(e), ctx.textResolution))
      break
    case "text":
      body = drawText(textElementBlock(e), ctx.textResolution)
      break
    case "stroke":
      body = drawStroke(e)
      break
    case "shape":
      body = drawShape(e)
      break
    case "image":
      body = drawImage(e, ctx)
      break
    case "connector":
      body = drawConnector(e, ctx)
  }
  if (!body) return undefined
  // Every node is a plain container whose children may include text blocks (found by fitTextToScale).
  if (body.label !== "text" && !(body instanceof Graphics) && !(body instanceof Sprite)) return body
  const node: Container = new Container({ eventMode: "none" })
  node.addChild(body)
  return node
}

/** The picture addresses an element shows, so a loaded picture redraws exactly the elements that wait for it. */
export const picturesOf = (e: CanvasElement, face: (cardId: string) => CardFace | undefined): string[] => {
  if (e.kind === "image") return isInlineImage(e.src) ? [e.src] : []
  if (e.kind !== "card") return []
  const image = face(e.cardId)?.image
  if (!image) return []
  return image.kind === "svg" ? [svgSource(image.svg)] : loadableSource(image.url) ? [image.url] : []
}
