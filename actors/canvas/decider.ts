/**
 * The canvas decider: elements are changed by whoever has edit access while
 * neither the canvas nor the element is locked; comments need comment
 * access; the owner or a facilitator decides who sees it; only a facilitator
 * locks. A change after 30 minutes of activity is preceded by an automatic
 * checkpoint.
 */
import { isRejection, reject, unknownCommand, type CommandContext, type Decision } from "../../engine/actor-kind.ts"
import { sameTenant } from "../shared.ts"
import * as canvas from "./canvas-commands.ts"
import * as elements from "./element-commands.ts"
import type { CanvasCommand, CanvasEvent } from "./protocol.ts"
import { initialState, upgradeState, type CanvasState } from "./state.ts"
import { checkpointBefore } from "./versions.ts"

export { evolve } from "./evolve.ts"
export { initialState }
export type { CanvasComment, CanvasElement, CanvasState, CanvasVersion, Share } from "./state.ts"

const decideExisting = (state: CanvasState, command: Exclude<CanvasCommand, { type: "create" }>, ctx: CommandContext): Decision<CanvasEvent> => {
  switch (command.type) {
    case "addElement":
      return elements.addElement(state, command, ctx)
    case "moveElement":
      return elements.moveElement(state, command, ctx)
    case "updateElement":
      return elements.updateElement(state, command, ctx)
    case "removeElement":
      return elements.removeElement(state, command, ctx)
    case "reorderElement":
      return elements.reorderElement(state, command, ctx)
    case "groupElements":
      return elements.groupElements(state, command, ctx)
    case "ungroup":
      return elements.ungroup(state, command, ctx)
    case "moveGroup":
      return elements.moveGroup(state, command, ctx)
    case "addComment":
      return canvas.addComment(state, command, ctx)
    case "removeComment":
      return canvas.removeComment(state, command, ctx)
    case "lockElement":
      return canvas.lockElement(state, command, ctx)
    case "unlockElement":
      return canvas.unlockElement(state, command, ctx)
    case "lockCanvas":
      return canvas.lockCanvas(state, command, ctx)
    case "unlockCanvas":
      return canvas.unlockCanvas(state, command, ctx)
    case "saveVersion":
      return canvas.saveVersion(state, command, ctx)
    case "restoreVersion":
      return canvas.restoreVersion(state, command, ctx)
    case "applyTemplate":
      return canvas.applyTemplate(state, command, ctx)
    case "importElements":
      return canvas.importElements(state, command, ctx)
    case "setPrivacy":
      return canvas.setPrivacy(state, command, ctx)
    case "shareWith":
      return canvas.shareWith(state, command, ctx)
    case "revokeAccess":
      return canvas.revokeAccess(state, command, ctx)
    default:
      return unknownCommand(command, "canvas")
  }
}

export const decide = (given: CanvasState, command: CanvasCommand, ctx: CommandContext): Decision<CanvasEvent> => {
  const state = upgradeState(given)
  if (!sameTenant(ctx.user, state.tenant)) return reject("not_found", `no canvas ${state.id} in your tenant`)
  if (command.type === "create") return canvas.create(state, command, ctx)
  if (!state.exists) return reject("not_found", `canvas ${state.id} does not exist; create it first`)
  const decision = decideExisting(state, command, ctx)
  if (isRejection(decision)) return decision
  const checkpoint = checkpointBefore(state, command, decision, ctx)
  return checkpoint ? [checkpoint, ...decision] : decision
}
