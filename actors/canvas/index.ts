/** The `canvas/<id>` actor: a private or shared board of cards, notes, drawings, connectors and images. */
import { defineActorKind } from "../../engine/actor-kind.ts"
import { decide, evolve, initialState, type CanvasState } from "./decider.ts"
import { CanvasCommand, CanvasEvent } from "./protocol.ts"
import { redactEvent, redactState } from "./redact.ts"
import { canRead } from "./rules.ts"

export const canvasKind = defineActorKind<CanvasState, CanvasCommand, CanvasEvent>({
  kind: "canvas",
  commandSchema: CanvasCommand,
  eventSchema: CanvasEvent,
  initialState,
  decide,
  evolve,
  canRead,
  redactEvent,
  redactState,
})

export type { CanvasComment, CanvasElement, CanvasState, CanvasVersion, Share } from "./decider.ts"
export { accessOf, canComment, canEdit, canManage, canRead, canReadComments, type Access } from "./rules.ts"
export { redactEvent, redactState, versionElementsFor, type CanvasView, type VersionView } from "./redact.ts"
export { TEMPLATES, templateById, type Template } from "./templates.ts"
export * from "./protocol.ts"
