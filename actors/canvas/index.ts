/** The `canvas/<id>` actor: a private or shared board of cards, notes and drawings. */
import { defineActorKind } from "../../engine/actor-kind.ts"
import { decide, evolve, initialState, type CanvasState } from "./decider.ts"
import { CanvasCommand, CanvasEvent } from "./protocol.ts"
import { canRead } from "./rules.ts"

export const canvasKind = defineActorKind<CanvasState, CanvasCommand, CanvasEvent>({
  kind: "canvas",
  commandSchema: CanvasCommand,
  eventSchema: CanvasEvent,
  initialState,
  decide,
  evolve,
  canRead,
})

export type { CanvasElement, CanvasState, Share } from "./decider.ts"
export { accessOf, type Access } from "./rules.ts"
export * from "./protocol.ts"
