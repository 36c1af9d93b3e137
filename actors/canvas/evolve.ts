/**
 * How each canvas event changes the state. Free of schemas, so the browser
 * folds a canvas with exactly the actor's own rules (web/src/canvas/) and
 * a screen can never show a canvas the server would not have.
 */
import { unknownEvent, type EventEnvelope } from "../../engine/actor-kind.ts"
import { pointsOf } from "./limits.ts"
import type { CanvasEvent, ElementInput } from "./protocol.ts"
import type { VersionRestoredView } from "./redact.ts"
import { grantOf } from "./rules.ts"
import { upgradeState, type CanvasElement, type CanvasState } from "./state.ts"
import { isContentEvent, retained } from "./versions.ts"

const placed = (element: ElementInput, id: string, envelope: EventEnvelope, extra: Partial<CanvasElement> = {}): CanvasElement =>
  ({
    ...element,
    id,
    createdBy: envelope.by,
    createdAt: envelope.at,
    updatedAt: envelope.at,
    groupId: null,
    locked: false,
    ...extra,
  }) as CanvasElement

const mapElements = (state: CanvasState, ids: ReadonlySet<string>, change: (element: CanvasElement) => CanvasElement): CanvasState => ({
  ...state,
  elements: state.elements.map((element) => (ids.has(element.id) ? change(element) : element)),
})

const withElements = (state: CanvasState, next: readonly CanvasElement[]): CanvasState => {
  const ids = new Set(next.map((element) => element.id))
  return {
    ...state,
    elements: next,
    pointCount: next.reduce((sum, element) => sum + pointsOf(element), 0),
    comments: state.comments.filter((comment) => ids.has(comment.elementId)),
  }
}

const applyEvent = (state: CanvasState, event: CanvasEvent, envelope: EventEnvelope): CanvasState => {
  const at = envelope.at
  switch (event.type) {
    case "created":
      return {
        ...state,
        exists: true,
        ownerId: event.ownerId,
        title: event.title,
        privacy: event.privacy,
        sessionId: event.sessionId ?? null,
        createdAt: at,
      }
    case "elementAdded": {
      const element = placed(event.element, event.elementId, envelope)
      return { ...state, elements: [...state.elements, element], pointCount: state.pointCount + pointsOf(element) }
    }
    case "templateApplied":
      return withElements(state, [...state.elements, ...event.elements.map(({ elementId, element }) => placed(element, elementId, envelope))])
    case "elementsImported": {
      const added = event.elements.map(({ elementId, element, groupId, locked }) => placed(element, elementId, envelope, { groupId, locked }))
      const comments = event.comments.map(({ commentId, elementId, text, by, at: when }) => ({ id: commentId, elementId, text, by, at: when }))
      return { ...withElements(state, [...state.elements, ...added]), comments: [...state.comments, ...comments] }
    }
    case "elementMoved":
      return mapElements(state, new Set([event.elementId]), (element) => ({ ...element, x: event.x, y: event.y, updatedAt: at }) as CanvasElement)
    case "elementUpdated":
      return mapElements(state, new Set([event.elementId]), (element) => ({ ...element, ...event.changes, updatedAt: at }) as CanvasElement)
    case "elementRemoved":
      return withElements(
        state,
        state.elements.filter((element) => element.id !== event.elementId),
      )
    case "elementReordered": {
      const element = state.elements.find((e) => e.id === event.elementId)
      if (!element) return state
      const rest = state.elements.filter((e) => e !== element)
      return { ...state, elements: [...rest.slice(0, event.index), element, ...rest.slice(event.index)] }
    }
    case "elementsGrouped":
      return mapElements(state, new Set(event.elementIds), (element) => ({ ...element, groupId: event.groupId }))
    case "elementsUngrouped":
      return mapElements(state, new Set(event.elementIds), (element) => ({ ...element, groupId: null }))
    case "groupMoved":
      return mapElements(state, new Set(event.elementIds), (element) =>
        "x" in element ? ({ ...element, x: element.x + event.dx, y: element.y + event.dy, updatedAt: at } as CanvasElement) : element,
      )
    case "commentAdded":
      return { ...state, comments: [...state.comments, { id: event.commentId, elementId: event.elementId, text: event.text, by: envelope.by, at }] }
    case "commentRemoved":
      return { ...state, comments: state.comments.filter((comment) => comment.id !== event.commentId) }
    case "elementLocked":
    case "elementUnlocked":
      return mapElements(state, new Set([event.elementId]), (element) => ({ ...element, locked: event.type === "elementLocked" }))
    case "canvasLocked":
    case "canvasUnlocked":
      return { ...state, locked: event.type === "canvasLocked" }
    case "versionSaved": {
      const version = {
        id: event.versionId,
        seq: envelope.seq,
        at,
        by: envelope.by,
        reason: event.reason,
        label: event.label,
        elements: state.elements,
      }
      return { ...state, versions: retained([...state.versions, version]), activitySince: null }
    }
    case "versionRestored": {
      // A reader's copy of the event carries the elements (redact.ts); the actor looks them up in its versions.
      const elements = (event as VersionRestoredView).elements ?? state.versions.find((v) => v.id === event.versionId)?.elements
      return elements ? withElements(state, elements) : state
    }
    case "privacyChanged":
      return { ...state, privacy: event.privacy }
    case "accessGranted":
      return {
        ...state,
        shares:
          grantOf(state, event.userId) === undefined
            ? [...state.shares, { userId: event.userId, access: event.access }]
            : state.shares.map((share) => (share.userId === event.userId ? { ...share, access: event.access } : share)),
      }
    case "accessRevoked":
      return { ...state, shares: state.shares.filter((share) => share.userId !== event.userId) }
    default:
      return unknownEvent(event, state)
  }
}

export const evolve = (given: CanvasState, event: CanvasEvent, envelope: EventEnvelope): CanvasState => {
  const state = applyEvent(upgradeState(given), event, envelope)
  return isContentEvent(event) && state.activitySince === null ? { ...state, activitySince: envelope.at } : state
}
