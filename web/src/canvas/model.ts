/**
 * A canvas as one member sees it: folded in the browser with the canvas
 * actor's own `evolve` (actors/canvas/evolve.ts), from the snapshot the
 * server redacted for this member and the events it redacted the same way,
 * so a screen can never show a canvas the server would not. What the member
 * may do is asked of the actor's own access rules.
 */
import type { User } from "../../../engine/actor-kind.ts"
import { evolve } from "../../../actors/canvas/evolve.ts"
import { stateFromView, viewRulesChanged, type CanvasView } from "../../../actors/canvas/redact.ts"
import { accessOf, canComment, canEdit, canLock, canManage, type Access } from "../../../actors/canvas/rules.ts"
import type { CanvasElement, CanvasState } from "../../../actors/canvas/state.ts"
import type { ActorEvent, Reducer } from "../client/types.ts"

export type { CanvasElement, CanvasState }

/** How many recent additions are remembered, so a sender can find the id its element was given. */
const RECENT_ADDS = 64

export interface BoardState {
  readonly canvas: CanvasState
  /** `[seq, elementId]` of recent `elementAdded` events: the ack of an addElement names the seq, this gives the id. */
  readonly added: readonly (readonly [number, string])[]
  /**
   * True when the fold can no longer follow the server: this member's view
   * rules changed (comments or grants came into or out of sight), or a
   * restored version arrived without its elements. The screen joins again.
   */
  readonly stale: boolean
}

const envelopeOf = (event: ActorEvent) => ({ seq: event.seq, by: event.by, at: event.at })

/** Folds one event as the actor would; flags what needs a fresh snapshot instead. */
export const applyCanvasEvent =
  (user: User) =>
  (state: BoardState, event: ActorEvent): BoardState => {
    if (event.ev.type === "withheld") return state
    const ev = event.ev as Parameters<typeof evolve>[1]
    if (ev.type === "versionRestored" && !("elements" in ev) && !state.canvas.versions.some((v) => v.id === ev.versionId && v.elements.length > 0)) {
      return { ...state, stale: true }
    }
    const canvas = evolve(state.canvas, ev, envelopeOf(event))
    const added = ev.type === "elementAdded" ? [...state.added.slice(-(RECENT_ADDS - 1)), [event.seq, ev.elementId] as const] : state.added
    return { canvas, added, stale: state.stale || viewRulesChanged(state.canvas, canvas, user) }
  }

export const boardReducer = (user: User): Reducer<BoardState> => {
  const apply = applyCanvasEvent(user)
  return {
    init: (snapshot, events) => events.reduce(apply, { canvas: stateFromView(snapshot as CanvasView), added: [], stale: false }),
    apply,
  }
}

/** The id the canvas gave the element added by the command acked at `seq`, once that event is folded. */
export const addedAt = (state: BoardState, seq: number): string | undefined => state.added.find(([at]) => at === seq)?.[1]

export interface Powers {
  readonly access: Access
  readonly edit: boolean
  readonly comment: boolean
  /** Privacy and grants: the owner, or a facilitator. */
  readonly manage: boolean
  /** Locks: facilitators only. */
  readonly lock: boolean
}

export const powersOf = (canvas: CanvasState, user: User): Powers => ({
  access: accessOf(canvas, user),
  // A locked canvas refuses every change: the tools go away rather than fail one by one.
  edit: canEdit(canvas, user) && !canvas.locked,
  comment: canComment(canvas, user),
  manage: canManage(canvas, user),
  lock: canLock(canvas, user),
})

export interface ElementDiff {
  readonly upserted: readonly CanvasElement[]
  readonly removed: readonly string[]
  /** The drawing order, when it changed in another way than appending the upserted elements. */
  readonly order?: readonly string[]
}

/**
 * What changed between two folds. `evolve` keeps every untouched element
 * the same object, so identity tells what to redraw: an operation redraws
 * only the elements it touched.
 */
export const diffElements = (before: readonly CanvasElement[], after: readonly CanvasElement[]): ElementDiff => {
  const previous = new Map(before.map((element) => [element.id, element]))
  const upserted: CanvasElement[] = []
  for (const element of after) if (previous.get(element.id) !== element) upserted.push(element)
  const present = new Set(after.map((element) => element.id))
  const removed = before.filter((element) => !present.has(element.id)).map((element) => element.id)
  // Appending new elements keeps the order of the rest; anything else (reorder, restore, remove and re-add) sends the whole order.
  const keptBefore = before.filter((element) => present.has(element.id))
  const keptAfter = after.filter((element) => previous.has(element.id))
  const newOnesLast = after.slice(keptAfter.length).every((element) => !previous.has(element.id))
  const appendedOnly = newOnesLast && keptBefore.every((element, i) => keptAfter[i]!.id === element.id)
  return appendedOnly ? { upserted, removed } : { upserted, removed, order: after.map((element) => element.id) }
}

/** The elements a selection moves together: whole groups, never connectors (they follow their ends). */
export const movableSelection = (canvas: CanvasState, ids: ReadonlySet<string>): CanvasElement[] => {
  const groups = new Set(canvas.elements.filter((e) => ids.has(e.id) && e.groupId !== null).map((e) => e.groupId))
  return canvas.elements.filter((e) => e.kind !== "connector" && (ids.has(e.id) || (e.groupId !== null && groups.has(e.groupId))))
}
