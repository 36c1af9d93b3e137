/** The checks canvas commands share, each a refusal with a message that says what to do. */
import { reject, type CommandContext, type Handler, type Rejection } from "../../engine/actor-kind.ts"
import type { CanvasCommand, CanvasEvent } from "./protocol.ts"
import { canEdit, canManage } from "./rules.ts"
import { elementById, type CanvasElement, type CanvasState } from "./state.ts"

export type CanvasHandler<T extends CanvasCommand["type"]> = Handler<CanvasState, CanvasCommand, CanvasEvent, T>

export const needsEdit = (state: CanvasState, ctx: CommandContext): Rejection | undefined =>
  canEdit(state, ctx.user) ? undefined : reject("forbidden", "you need edit access to change this canvas; ask its owner to share it")

export const needsManage = (state: CanvasState, ctx: CommandContext): Rejection | undefined =>
  canManage(state, ctx.user) ? undefined : reject("forbidden", "only the owner or a facilitator may change who sees this canvas")

export const needsUnlocked = (state: CanvasState): Rejection | undefined =>
  state.locked ? reject("conflict", "the facilitator has locked this canvas; ask them to unlock it") : undefined

/** Edit access on an unlocked canvas: what every change to the elements needs. */
export const needsEditing = (state: CanvasState, ctx: CommandContext): Rejection | undefined => needsEdit(state, ctx) ?? needsUnlocked(state)

export const existingElement = (state: CanvasState, elementId: string): CanvasElement | Rejection =>
  elementById(state, elementId) ?? reject("not_found", `no element ${elementId} on this canvas`)

/** The element the command names, after the edit and lock checks, or why the command cannot go on. */
export const editableElement = (state: CanvasState, ctx: CommandContext, elementId: string): CanvasElement | Rejection => {
  const refused = needsEditing(state, ctx)
  if (refused) return refused
  const element = existingElement(state, elementId)
  if ("rejected" in element) return element
  return element.locked ? reject("conflict", `element ${elementId} is locked by the facilitator`) : element
}

/** The fields every element event carries so insights need not replay the canvas. */
export const subjectOf = (element: CanvasElement, now: number) => ({
  elementId: element.id,
  kind: element.kind,
  ...(element.kind === "card" ? { cardId: element.cardId } : {}),
  ...(element.kind === "stroke" ? { tool: element.tool } : {}),
  ...("colour" in element ? { colour: element.colour } : {}),
  ageMs: Math.max(0, now - element.createdAt),
})
