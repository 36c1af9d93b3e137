/**
 * The canvas decider: elements are added, moved, updated and removed by
 * whoever has edit access; the owner or a facilitator decides who sees it.
 * Commands that would change nothing (moving to the same spot, granting the
 * level a member already has) decide no events.
 */
import { isRejection, reject, type CommandContext, type EventEnvelope, type Rejection } from "../../engine/actor-kind.ts"
import type { Address } from "../../engine/address.ts"
import { sameTenant } from "../shared.ts"
import {
  MAX_ELEMENTS,
  MAX_SHARES,
  MAX_STICKY_TEXT,
  MAX_TOTAL_POINTS,
  type AccessLevel,
  type CanvasCommand,
  type CanvasEvent,
  type ElementChanges,
  type ElementInput,
  type Privacy,
} from "./protocol.ts"
import { canEdit, canManage, grantOf } from "./rules.ts"

export type CanvasElement = ElementInput & {
  readonly id: string
  readonly createdBy: string
  readonly createdAt: number
  readonly updatedAt: number
}

export interface Share {
  readonly userId: string
  readonly access: AccessLevel
}

export interface CanvasState {
  readonly tenant: string
  readonly id: string
  readonly exists: boolean
  readonly ownerId: string
  readonly title: string
  readonly privacy: Privacy
  readonly sessionId: string | null
  readonly shares: readonly Share[]
  /** In drawing order: later elements are on top. */
  readonly elements: readonly CanvasElement[]
  /** Stroke points across all elements, held under MAX_TOTAL_POINTS. */
  readonly pointCount: number
  readonly createdAt: number | null
}

type Decision = readonly CanvasEvent[] | Rejection
type Handler<T extends CanvasCommand["type"]> = (
  state: CanvasState,
  command: Extract<CanvasCommand, { type: T }>,
  ctx: CommandContext,
) => Decision

export const initialState = (addr: Address): CanvasState => ({
  tenant: addr.tenant,
  id: addr.id,
  exists: false,
  ownerId: "",
  title: "",
  privacy: "private",
  sessionId: null,
  shares: [],
  elements: [],
  pointCount: 0,
  createdAt: null,
})

const pointsOf = (element: ElementInput): number => (element.kind === "stroke" ? element.points.length : 0)

/** The fields every element event carries so insights need not replay the canvas. */
const subjectOf = (element: CanvasElement) => ({
  elementId: element.id,
  kind: element.kind,
  ...(element.kind === "card" ? { cardId: element.cardId } : {}),
})

const needsEdit = (state: CanvasState, ctx: CommandContext): Rejection | undefined =>
  canEdit(state, ctx.user) ? undefined : reject("forbidden", "you need edit access to change this canvas; ask its owner to share it")

const needsManage = (state: CanvasState, ctx: CommandContext): Rejection | undefined =>
  canManage(state, ctx.user) ? undefined : reject("forbidden", "only the owner or a facilitator may change who sees this canvas")

/** The element the command names, after the edit check, or why the command cannot go on. */
const editableElement = (state: CanvasState, ctx: CommandContext, elementId: string): CanvasElement | Rejection =>
  needsEdit(state, ctx) ??
  state.elements.find((element) => element.id === elementId) ??
  reject("not_found", `no element ${elementId} on this canvas`)

const create: Handler<"create"> = (state, command, ctx) => {
  if (state.exists) return reject("conflict", `canvas ${state.id} already exists`)
  return [{ type: "created", ownerId: ctx.user.id, title: command.title, privacy: command.privacy, ...(command.sessionId ? { sessionId: command.sessionId } : {}) }]
}

const addElement: Handler<"addElement"> = (state, command, ctx) => {
  const refused = needsEdit(state, ctx)
  if (refused) return refused
  if (state.elements.length >= MAX_ELEMENTS) return reject("conflict", `the canvas is full (${MAX_ELEMENTS} elements); remove some first`)
  if (state.pointCount + pointsOf(command.element) > MAX_TOTAL_POINTS) {
    return reject("conflict", `the canvas holds too many stroke points (${MAX_TOTAL_POINTS}); remove some strokes first`)
  }
  return [{ type: "elementAdded", elementId: ctx.newId(), element: command.element }]
}

const moveElement: Handler<"moveElement"> = (state, command, ctx) => {
  const element = editableElement(state, ctx, command.elementId)
  if (isRejection(element)) return element
  if (element.x === command.x && element.y === command.y) return []
  return [{ type: "elementMoved", ...subjectOf(element), x: command.x, y: command.y }]
}

/** Why `changes` do not apply to this kind of element, if they do not. */
const misfit = (element: CanvasElement, changes: ElementChanges): string | undefined => {
  if (changes.text !== undefined) {
    if (element.kind !== "sticky" && element.kind !== "text") return `a ${element.kind} has no text`
    if (element.kind === "sticky" && changes.text.length > MAX_STICKY_TEXT) return `a sticky note holds at most ${MAX_STICKY_TEXT} characters`
  }
  if (changes.colour !== undefined && element.kind === "card") return "a card has no colour"
  return undefined
}

const updateElement: Handler<"updateElement"> = (state, command, ctx) => {
  const element = editableElement(state, ctx, command.elementId)
  if (isRejection(element)) return element
  const given = Object.entries(command.changes).filter(([, value]) => value !== undefined)
  if (given.length === 0) return reject("invalid_command", "changes must name at least one of text, colour, w, h")
  const problem = misfit(element, command.changes)
  if (problem) return reject("invalid_command", problem)
  const current = element as unknown as Record<string, unknown>
  const changes = Object.fromEntries(given.filter(([field, value]) => current[field] !== value)) as ElementChanges
  if (Object.keys(changes).length === 0) return []
  return [{ type: "elementUpdated", ...subjectOf(element), changes }]
}

const removeElement: Handler<"removeElement"> = (state, command, ctx) => {
  const element = editableElement(state, ctx, command.elementId)
  if (isRejection(element)) return element
  return [{ type: "elementRemoved", ...subjectOf(element) }]
}

const setPrivacy: Handler<"setPrivacy"> = (state, command, ctx) =>
  needsManage(state, ctx) ?? (state.privacy === command.privacy ? [] : [{ type: "privacyChanged", privacy: command.privacy }])

const shareWith: Handler<"shareWith"> = (state, command, ctx) => {
  const refused = needsManage(state, ctx)
  if (refused) return refused
  if (command.userId === state.ownerId) return reject("invalid_command", "the owner already has full access")
  const current = grantOf(state, command.userId)
  if (current === command.access) return []
  if (current === undefined && state.shares.length >= MAX_SHARES) {
    return reject("conflict", `a canvas can be shared with at most ${MAX_SHARES} members`)
  }
  return [{ type: "accessGranted", userId: command.userId, access: command.access }]
}

const revokeAccess: Handler<"revokeAccess"> = (state, command, ctx) =>
  needsManage(state, ctx) ?? (grantOf(state, command.userId) === undefined ? [] : [{ type: "accessRevoked", userId: command.userId }])

export const decide = (state: CanvasState, command: CanvasCommand, ctx: CommandContext): Decision => {
  if (!sameTenant(ctx.user, state.tenant)) return reject("not_found", `no canvas ${state.id} in your tenant`)
  if (command.type === "create") return create(state, command, ctx)
  if (!state.exists) return reject("not_found", `canvas ${state.id} does not exist; create it first`)
  switch (command.type) {
    case "addElement":
      return addElement(state, command, ctx)
    case "moveElement":
      return moveElement(state, command, ctx)
    case "updateElement":
      return updateElement(state, command, ctx)
    case "removeElement":
      return removeElement(state, command, ctx)
    case "setPrivacy":
      return setPrivacy(state, command, ctx)
    case "shareWith":
      return shareWith(state, command, ctx)
    case "revokeAccess":
      return revokeAccess(state, command, ctx)
    default:
      return command satisfies never
  }
}

const mapElement = (state: CanvasState, elementId: string, change: (element: CanvasElement) => CanvasElement): CanvasState => ({
  ...state,
  elements: state.elements.map((element) => (element.id === elementId ? change(element) : element)),
})

export const evolve = (state: CanvasState, event: CanvasEvent, envelope: EventEnvelope): CanvasState => {
  switch (event.type) {
    case "created":
      return { ...state, exists: true, ownerId: event.ownerId, title: event.title, privacy: event.privacy, sessionId: event.sessionId ?? null, createdAt: envelope.at }
    case "elementAdded": {
      const element: CanvasElement = { ...event.element, id: event.elementId, createdBy: envelope.by, createdAt: envelope.at, updatedAt: envelope.at }
      return { ...state, elements: [...state.elements, element], pointCount: state.pointCount + pointsOf(element) }
    }
    case "elementMoved":
      return mapElement(state, event.elementId, (element) => ({ ...element, x: event.x, y: event.y, updatedAt: envelope.at }))
    case "elementUpdated":
      return mapElement(state, event.elementId, (element) => ({ ...element, ...event.changes, updatedAt: envelope.at }) as CanvasElement)
    case "elementRemoved": {
      const removed = state.elements.find((element) => element.id === event.elementId)
      return {
        ...state,
        elements: state.elements.filter((element) => element.id !== event.elementId),
        pointCount: state.pointCount - (removed ? pointsOf(removed) : 0),
      }
    }
    case "privacyChanged":
      return { ...state, privacy: event.privacy }
    case "accessGranted":
      return {
        ...state,
        shares: grantOf(state, event.userId) === undefined
          ? [...state.shares, { userId: event.userId, access: event.access }]
          : state.shares.map((share) => (share.userId === event.userId ? { ...share, access: event.access } : share)),
      }
    case "accessRevoked":
      return { ...state, shares: state.shares.filter((share) => share.userId !== event.userId) }
    default:
      return event satisfies never
  }
}
