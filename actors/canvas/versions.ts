/**
 * Checkpoints: one after every 30 minutes of activity (decided from the
 * command's clock, so `decide` stays pure), one on demand, one before each
 * restore. The latest MAX_VERSIONS are kept, fewer when together they would
 * hold more than VERSION_POINT_BUDGET stroke points or
 * VERSION_ELEMENT_BUDGET elements: a snapshot of the actor must stay small
 * enough to store.
 */
import type { CommandContext } from "../../engine/actor-kind.ts"
import { CHECKPOINT_AFTER_MS, MAX_VERSIONS, pointsOf } from "./limits.ts"
import type { CanvasCommand, CanvasEvent } from "./protocol.ts"
import type { CanvasElement, CanvasState, CanvasVersion } from "./state.ts"

export const VERSION_POINT_BUDGET = 400_000
export const VERSION_ELEMENT_BUDGET = 20_000

/** Commands that change the elements and so count as activity. */
const CONTENT_COMMANDS: ReadonlySet<CanvasCommand["type"]> = new Set([
  "addElement",
  "moveElement",
  "updateElement",
  "removeElement",
  "reorderElement",
  "groupElements",
  "ungroup",
  "moveGroup",
  "applyTemplate",
  "importElements",
  "restoreVersion",
])

/** Events that change the elements: the first one after a checkpoint starts the activity clock. */
const CONTENT_EVENTS: ReadonlySet<CanvasEvent["type"]> = new Set([
  "elementAdded",
  "elementMoved",
  "elementUpdated",
  "elementRemoved",
  "elementReordered",
  "elementsGrouped",
  "elementsUngrouped",
  "groupMoved",
  "templateApplied",
  "elementsImported",
  "versionRestored",
])

export const isContentEvent = (event: CanvasEvent): boolean => CONTENT_EVENTS.has(event.type)

/** The automatic checkpoint to take before `events`, when the canvas has been changing for 30 minutes. */
export const checkpointBefore = (
  state: CanvasState,
  command: CanvasCommand,
  events: readonly CanvasEvent[],
  ctx: CommandContext,
): CanvasEvent | undefined => {
  if (!CONTENT_COMMANDS.has(command.type) || events.length === 0 || state.activitySince === null) return undefined
  if (ctx.now - state.activitySince < CHECKPOINT_AFTER_MS) return undefined
  return { type: "versionSaved", versionId: ctx.newId(), reason: "auto", label: "", elementCount: state.elements.length }
}

export const versionCounts = (elements: readonly CanvasElement[]): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const element of elements) counts[element.kind] = (counts[element.kind] ?? 0) + 1
  return counts
}

/** Drops the oldest versions until the count and the weight fit. */
export const retained = (versions: readonly CanvasVersion[]): CanvasVersion[] => {
  const kept = versions.slice(-MAX_VERSIONS)
  let elements = 0
  let points = 0
  for (const version of kept) {
    elements += version.elements.length
    points += version.elements.reduce((sum, element) => sum + pointsOf(element), 0)
  }
  while (kept.length > 1 && (elements > VERSION_ELEMENT_BUDGET || points > VERSION_POINT_BUDGET)) {
    const dropped = kept.shift()!
    elements -= dropped.elements.length
    points -= dropped.elements.reduce((sum, element) => sum + pointsOf(element), 0)
  }
  return kept
}
