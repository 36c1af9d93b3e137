/**
 * The canvas actor's wire protocol (`canvas/<id>`): a board of photo cards,
 * sticky notes, strokes, shapes and text. Every element event names the
 * element's kind (and card, for cards) so insights can read the log without
 * replaying the canvas; who and when come from the event envelope.
 */
import { Schema } from "effect"
import { Colour, Coordinate, Extent, Id, Text } from "../shared.ts"

export const MAX_TITLE = 200
export const MAX_STICKY_TEXT = 1_000
export const MAX_TEXT = 2_000
export const MAX_STROKE_POINTS = 2_000
export const MAX_ELEMENTS = 2_000
/** Across all strokes, so one canvas's state stays a few megabytes at most. */
export const MAX_TOTAL_POINTS = 200_000
export const MAX_SHARES = 200

export const Privacy = Schema.Literals(["private", "shared"])
export type Privacy = typeof Privacy.Type

export const AccessLevel = Schema.Literals(["view", "comment", "edit"])
export type AccessLevel = typeof AccessLevel.Type

export const StrokeTool = Schema.Literals(["pen", "marker", "highlighter"])
export const ShapeKind = Schema.Literals(["rectangle", "ellipse", "triangle", "line", "arrow"])

const geometry = { x: Coordinate, y: Coordinate, w: Extent, h: Extent }

/** A point of a stroke, relative to the stroke's x, y. */
export const Point = Schema.Tuple([Coordinate, Coordinate])

export const CardElement = Schema.Struct({ kind: Schema.Literal("card"), cardId: Id, ...geometry })
export const StickyElement = Schema.Struct({ kind: Schema.Literal("sticky"), text: Text(MAX_STICKY_TEXT), colour: Colour, ...geometry })
export const StrokeElement = Schema.Struct({
  kind: Schema.Literal("stroke"),
  tool: StrokeTool,
  colour: Colour,
  width: Schema.Finite.check(Schema.isBetween({ minimum: 0.5, maximum: 200 })),
  points: Schema.Array(Point).check(Schema.isMinLength(1), Schema.isMaxLength(MAX_STROKE_POINTS)),
  ...geometry,
})
export const ShapeElement = Schema.Struct({ kind: Schema.Literal("shape"), shape: ShapeKind, colour: Colour, ...geometry })
export const TextElement = Schema.Struct({
  kind: Schema.Literal("text"),
  text: Text(MAX_TEXT),
  colour: Colour,
  fontSize: Schema.Finite.check(Schema.isBetween({ minimum: 4, maximum: 400 })),
  ...geometry,
})

/** What a client sends to add an element; the canvas gives it its id. */
export const ElementInput = Schema.Union([CardElement, StickyElement, StrokeElement, ShapeElement, TextElement])
export type ElementInput = typeof ElementInput.Type
export type ElementKind = ElementInput["kind"]

/** The changes `updateElement` may make; which apply depends on the element's kind. */
export const ElementChanges = Schema.Struct({
  text: Schema.optionalKey(Text(MAX_TEXT)),
  colour: Schema.optionalKey(Colour),
  w: Schema.optionalKey(Extent),
  h: Schema.optionalKey(Extent),
})
export type ElementChanges = typeof ElementChanges.Type

// Commands

export const CreateCanvas = Schema.Struct({
  type: Schema.Literal("create"),
  title: Text(MAX_TITLE),
  privacy: Privacy,
  sessionId: Schema.optionalKey(Id),
})
export const AddElement = Schema.Struct({ type: Schema.Literal("addElement"), element: ElementInput })
export const MoveElement = Schema.Struct({ type: Schema.Literal("moveElement"), elementId: Id, x: Coordinate, y: Coordinate })
export const UpdateElement = Schema.Struct({ type: Schema.Literal("updateElement"), elementId: Id, changes: ElementChanges })
export const RemoveElement = Schema.Struct({ type: Schema.Literal("removeElement"), elementId: Id })
export const SetPrivacy = Schema.Struct({ type: Schema.Literal("setPrivacy"), privacy: Privacy })
export const ShareWith = Schema.Struct({ type: Schema.Literal("shareWith"), userId: Id, access: AccessLevel })
export const RevokeAccess = Schema.Struct({ type: Schema.Literal("revokeAccess"), userId: Id })

export const CanvasCommand = Schema.Union([
  CreateCanvas,
  AddElement,
  MoveElement,
  UpdateElement,
  RemoveElement,
  SetPrivacy,
  ShareWith,
  RevokeAccess,
])
export type CanvasCommand = typeof CanvasCommand.Type

// Events

/** Which element an event is about, as insights need it: its id, kind, and card when it is one. */
const subject = { elementId: Id, kind: Schema.Literals(["card", "sticky", "stroke", "shape", "text"]), cardId: Schema.optionalKey(Id) }

export const CanvasCreated = Schema.Struct({
  type: Schema.Literal("created"),
  ownerId: Id,
  title: Text(MAX_TITLE),
  privacy: Privacy,
  sessionId: Schema.optionalKey(Id),
})
export const ElementAdded = Schema.Struct({ type: Schema.Literal("elementAdded"), elementId: Id, element: ElementInput })
export const ElementMoved = Schema.Struct({ type: Schema.Literal("elementMoved"), ...subject, x: Coordinate, y: Coordinate })
export const ElementUpdated = Schema.Struct({ type: Schema.Literal("elementUpdated"), ...subject, changes: ElementChanges })
export const ElementRemoved = Schema.Struct({ type: Schema.Literal("elementRemoved"), ...subject })
export const PrivacyChanged = Schema.Struct({ type: Schema.Literal("privacyChanged"), privacy: Privacy })
export const AccessGranted = Schema.Struct({ type: Schema.Literal("accessGranted"), userId: Id, access: AccessLevel })
export const AccessRevoked = Schema.Struct({ type: Schema.Literal("accessRevoked"), userId: Id })

export const CanvasEvent = Schema.Union([
  CanvasCreated,
  ElementAdded,
  ElementMoved,
  ElementUpdated,
  ElementRemoved,
  PrivacyChanged,
  AccessGranted,
  AccessRevoked,
])
export type CanvasEvent = typeof CanvasEvent.Type
