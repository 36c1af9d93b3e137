/**
 * Adding, changing and removing elements, their drawing order and groups.
 * Commands that would change nothing (a move to the same spot, an update to
 * the same values, bringing the top element to the front) decide no events.
 */
import { isRejection, reject, type Rejection } from "../../engine/actor-kind.ts"
import { editableElement, existingElement, needsEditing, subjectOf, type CanvasHandler } from "./guards.ts"
import {
  CHANGEABLE,
  COORDINATE_LIMIT,
  MAX_ELEMENTS,
  MAX_STICKY_TEXT,
  MAX_TOTAL_POINTS,
  pointsOf,
  type CanvasEvent,
  type ElementChanges,
  type ElementInput,
} from "./protocol.ts"
import { elementById, type CanvasElement, type CanvasState } from "./state.ts"

/** Whether `count` more elements with `points` stroke points still fit. */
export const roomFor = (state: CanvasState, count: number, points: number): Rejection | undefined => {
  if (state.elements.length + count > MAX_ELEMENTS) return reject("conflict", `the canvas is full (${MAX_ELEMENTS} elements); remove some first`)
  if (state.pointCount + points > MAX_TOTAL_POINTS)
    return reject("conflict", `the canvas holds too many stroke points (${MAX_TOTAL_POINTS}); remove some strokes first`)
  return undefined
}

const connectorProblem = (state: CanvasState, element: ElementInput): Rejection | undefined => {
  if (element.kind !== "connector") return undefined
  if (element.from === element.to) return reject("invalid_command", "a connector joins two different elements")
  for (const end of [element.from, element.to]) {
    const target = elementById(state, end)
    if (!target) return reject("not_found", `no element ${end} on this canvas to connect`)
    if (target.kind === "connector") return reject("invalid_command", "a connector joins elements, not other connectors")
  }
  return undefined
}

export const addElement: CanvasHandler<"addElement"> = (state, command, ctx) =>
  needsEditing(state, ctx) ??
  roomFor(state, 1, pointsOf(command.element)) ??
  connectorProblem(state, command.element) ?? [
    {
      type: "elementAdded",
      elementId: ctx.newId(),
      element: command.element,
      ...(command.durationMs !== undefined ? { durationMs: command.durationMs } : {}),
    },
  ]

export const moveElement: CanvasHandler<"moveElement"> = (state, command, ctx) => {
  const element = editableElement(state, ctx, command.elementId)
  if (isRejection(element)) return element
  if (element.kind === "connector") return reject("invalid_command", "a connector follows the elements it joins; move those instead")
  if (element.x === command.x && element.y === command.y) return []
  return [
    {
      type: "elementMoved",
      ...subjectOf(element, ctx.now),
      x: command.x,
      y: command.y,
      ...(command.durationMs !== undefined ? { durationMs: command.durationMs } : {}),
    },
  ]
}

export const updateElement: CanvasHandler<"updateElement"> = (state, command, ctx) => {
  const element = editableElement(state, ctx, command.elementId)
  if (isRejection(element)) return element
  const given = Object.entries(command.changes).filter(([, value]) => value !== undefined) as [keyof ElementChanges, unknown][]
  if (given.length === 0) return reject("invalid_command", "changes must name at least one field")
  const allowed = CHANGEABLE[element.kind]
  const misfit = given.find(([field]) => !allowed.includes(field))
  if (misfit) return reject("invalid_command", `a ${element.kind} has no ${misfit[0]}; it can change ${allowed.join(", ")}`)
  if (element.kind === "sticky" && typeof command.changes.text === "string" && command.changes.text.length > MAX_STICKY_TEXT) {
    return reject("invalid_command", `a sticky note holds at most ${MAX_STICKY_TEXT} characters`)
  }
  const current = element as unknown as Record<string, unknown>
  const changes = Object.fromEntries(given.filter(([field, value]) => current[field] !== value)) as ElementChanges
  if (Object.keys(changes).length === 0) return []
  return [{ type: "elementUpdated", ...subjectOf(element, ctx.now), changes }]
}

/** Removing an element removes the connectors attached to it too, each with its own event. */
export const removeElement: CanvasHandler<"removeElement"> = (state, command, ctx) => {
  const element = editableElement(state, ctx, command.elementId)
  if (isRejection(element)) return element
  const attached = state.elements.filter((other) => other.kind === "connector" && (other.from === element.id || other.to === element.id))
  const lockedConnector = attached.find((connector) => connector.locked)
  if (lockedConnector) return reject("conflict", `connector ${lockedConnector.id} attached to it is locked by the facilitator`)
  return [...attached, element].map((removed): CanvasEvent => ({ type: "elementRemoved", ...subjectOf(removed, ctx.now) }))
}

export const reorderElement: CanvasHandler<"reorderElement"> = (state, command, ctx) => {
  const element = editableElement(state, ctx, command.elementId)
  if (isRejection(element)) return element
  const from = state.elements.indexOf(element)
  const last = state.elements.length - 1
  const index = { front: last, back: 0, forward: Math.min(last, from + 1), backward: Math.max(0, from - 1) }[command.to]
  return index === from ? [] : [{ type: "elementReordered", ...subjectOf(element, ctx.now), to: command.to, index }]
}

export const groupElements: CanvasHandler<"groupElements"> = (state, command, ctx) => {
  const refused = needsEditing(state, ctx)
  if (refused) return refused
  const ids = [...new Set(command.elementIds)]
  if (ids.length < 2) return reject("invalid_command", "a group needs at least two different elements")
  const members: CanvasElement[] = []
  for (const id of ids) {
    const element = existingElement(state, id)
    if (isRejection(element)) return element
    if (element.kind === "connector") return reject("invalid_command", "connectors follow their ends and cannot be grouped")
    if (element.locked) return reject("conflict", `element ${id} is locked by the facilitator`)
    members.push(element)
  }
  if (members.every((member) => member.groupId !== null && member.groupId === members[0]!.groupId)) {
    const groupSize = state.elements.filter((element) => element.groupId === members[0]!.groupId).length
    if (groupSize === members.length) return []
  }
  return [{ type: "elementsGrouped", groupId: ctx.newId(), elementIds: ids, kinds: members.map((member) => member.kind) }]
}

const groupMembers = (state: CanvasState, groupId: string) => state.elements.filter((element) => element.groupId === groupId)

export const ungroup: CanvasHandler<"ungroup"> = (state, command, ctx) => {
  const refused = needsEditing(state, ctx)
  if (refused) return refused
  const members = groupMembers(state, command.groupId)
  if (members.length === 0) return reject("not_found", `no group ${command.groupId} on this canvas`)
  return [{ type: "elementsUngrouped", groupId: command.groupId, elementIds: members.map((member) => member.id) }]
}

export const moveGroup: CanvasHandler<"moveGroup"> = (state, command, ctx) => {
  const refused = needsEditing(state, ctx)
  if (refused) return refused
  const members = groupMembers(state, command.groupId)
  if (members.length === 0) return reject("not_found", `no group ${command.groupId} on this canvas`)
  if (members.some((member) => member.locked)) return reject("conflict", "an element of this group is locked by the facilitator")
  if (command.dx === 0 && command.dy === 0) return []
  const outside = members.some(
    (member) => "x" in member && (Math.abs(member.x + command.dx) > COORDINATE_LIMIT || Math.abs(member.y + command.dy) > COORDINATE_LIMIT),
  )
  if (outside) return reject("invalid_command", `the move takes an element past ±${COORDINATE_LIMIT}`)
  return [{ type: "groupMoved", groupId: command.groupId, elementIds: members.map((member) => member.id), dx: command.dx, dy: command.dy }]
}

/** Checks a batch of new elements against the canvas: ids unused, room left. */
export const checkBatch = (state: CanvasState, elements: readonly { elementId: string; element: ElementInput }[]): Rejection | undefined => {
  const ids = new Set(state.elements.map((element) => element.id))
  for (const { elementId } of elements) {
    if (ids.has(elementId)) return reject("conflict", `element ${elementId} is already on this canvas`)
    ids.add(elementId)
  }
  for (const { element } of elements) {
    if (element.kind === "connector" && element.from === element.to) return reject("invalid_command", "a connector joins two different elements")
  }
  return roomFor(
    state,
    elements.length,
    elements.reduce((sum, { element }) => sum + pointsOf(element), 0),
  )
}
