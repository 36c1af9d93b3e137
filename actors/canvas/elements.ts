/**
 * What can be on a canvas: photo cards from the library, sticky notes,
 * pressure-free strokes, shapes, text, connectors between two elements and
 * images. Connectors have no geometry of their own: they follow their ends.
 */
import { Schema } from "effect"
import { Colour, Coordinate, Extent, Id, NonEmptyText, Text } from "../shared.ts"
import { MAX_ALT, MAX_COMMENT, MAX_IMAGE_SRC, MAX_LABEL, MAX_STICKY_TEXT, MAX_STROKE_POINTS, MAX_TEXT } from "./limits.ts"

export * from "./limits.ts"

export const StrokeTool = Schema.Literals(["pen", "marker", "highlighter"])
export const ShapeKind = Schema.Literals(["rectangle", "ellipse", "triangle", "line", "arrow"])

const geometry = { x: Coordinate, y: Coordinate, w: Extent, h: Extent }

/** A point of a stroke, relative to the stroke's x, y. */
export const Point = Schema.Tuple([Coordinate, Coordinate])

export const StrokeWidth = Schema.Finite.check(Schema.isBetween({ minimum: 0.5, maximum: 200 }))
export const FontSize = Schema.Finite.check(Schema.isBetween({ minimum: 4, maximum: 400 }))

export const ImageSource = Schema.String.check(
  Schema.isMaxLength(MAX_IMAGE_SRC),
  Schema.isPattern(/^(https:\/\/[^\s"'<>]+|data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+=*)$/, {
    message: "must be an https:// address or a data:image/png or data:image/jpeg base64 URL",
  }),
)

export const CardElement = Schema.Struct({ kind: Schema.Literal("card"), cardId: Id, ...geometry })
export const StickyElement = Schema.Struct({ kind: Schema.Literal("sticky"), text: Text(MAX_STICKY_TEXT), colour: Colour, ...geometry })
export const StrokeElement = Schema.Struct({
  kind: Schema.Literal("stroke"),
  tool: StrokeTool,
  colour: Colour,
  width: StrokeWidth,
  points: Schema.Array(Point).check(Schema.isMinLength(1), Schema.isMaxLength(MAX_STROKE_POINTS)),
  ...geometry,
})
export const ShapeElement = Schema.Struct({
  kind: Schema.Literal("shape"),
  shape: ShapeKind,
  colour: Colour,
  ...geometry,
  /**
   * Which way a line or an arrow runs across its box (extents are never
   * negative): from the top-left (none, the default), the top-right ("x"),
   * the bottom-left ("y") or the bottom-right ("xy"). Other shapes ignore it.
   */
  flip: Schema.optionalKey(Schema.Literals(["x", "y", "xy"])),
})
export const TextElement = Schema.Struct({ kind: Schema.Literal("text"), text: Text(MAX_TEXT), colour: Colour, fontSize: FontSize, ...geometry })
export const ConnectorElement = Schema.Struct({
  kind: Schema.Literal("connector"),
  from: Id,
  to: Id,
  colour: Colour,
  width: StrokeWidth,
  arrow: Schema.Boolean,
  label: Text(MAX_LABEL),
})
export const ImageElement = Schema.Struct({ kind: Schema.Literal("image"), src: ImageSource, alt: Text(MAX_ALT), ...geometry })

/** What a client sends to add an element; the canvas gives it its id. */
export const ElementInput = Schema.Union([CardElement, StickyElement, StrokeElement, ShapeElement, TextElement, ConnectorElement, ImageElement])
export type ElementInput = typeof ElementInput.Type
export type ElementKind = ElementInput["kind"]
export type PlacedElementInput = Exclude<ElementInput, { kind: "connector" }>

export const ElementKindSchema = Schema.Literals(["card", "sticky", "stroke", "shape", "text", "connector", "image"])

/** The changes `updateElement` may make; which apply depends on the element's kind. */
export const ElementChanges = Schema.Struct({
  text: Schema.optionalKey(Text(MAX_TEXT)),
  colour: Schema.optionalKey(Colour),
  w: Schema.optionalKey(Extent),
  h: Schema.optionalKey(Extent),
  fontSize: Schema.optionalKey(FontSize),
  width: Schema.optionalKey(StrokeWidth),
  label: Schema.optionalKey(Text(MAX_LABEL)),
  alt: Schema.optionalKey(Text(MAX_ALT)),
})
export type ElementChanges = typeof ElementChanges.Type

/** Which fields each kind has, so `updateElement` can refuse the others by name. */
export const CHANGEABLE: Readonly<Record<ElementKind, readonly (keyof ElementChanges)[]>> = {
  card: ["w", "h"],
  sticky: ["text", "colour", "w", "h"],
  stroke: ["colour", "w", "h", "width"],
  shape: ["colour", "w", "h"],
  text: ["text", "colour", "w", "h", "fontSize"],
  connector: ["colour", "width", "label"],
  image: ["w", "h", "alt"],
}

/**
 * What every element event carries for facilitator insights, so they can read
 * the log without replaying the canvas: the element, its kind, its card, the
 * tool and colour it was drawn with, and how long the element had existed.
 */
export const subjectFields = {
  elementId: Id,
  kind: ElementKindSchema,
  cardId: Schema.optionalKey(Id),
  tool: Schema.optionalKey(StrokeTool),
  colour: Schema.optionalKey(Colour),
  /** Milliseconds since the element was added. */
  ageMs: Schema.optionalKey(Schema.Finite),
}

/** How long the gesture took on the client (a stroke drawn, a drag), for insights; optional and bounded. */
export const DurationMs = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 3_600_000 }))

export const CommentText = NonEmptyText(MAX_COMMENT)
