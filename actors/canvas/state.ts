/**
 * The canvas state: plain data, so MessagePack snapshots restore it exactly.
 * Versions hold their own copy of the elements (the same objects in memory),
 * bounded in count and in weight so a large canvas cannot grow without end.
 */
import type { Address } from "../../engine/address.ts"
import type { AccessLevel, ElementInput, Privacy } from "./protocol.ts"

export type CanvasElement = ElementInput & {
  readonly id: string
  readonly createdBy: string
  readonly createdAt: number
  readonly updatedAt: number
  readonly groupId: string | null
  readonly locked: boolean
}

export interface Share {
  readonly userId: string
  readonly access: AccessLevel
}

export interface CanvasComment {
  readonly id: string
  readonly elementId: string
  readonly text: string
  readonly by: string
  readonly at: number
}

export interface CanvasVersion {
  readonly id: string
  readonly seq: number
  readonly at: number
  readonly by: string
  readonly reason: "auto" | "manual" | "restore"
  readonly label: string
  readonly elements: readonly CanvasElement[]
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
  readonly comments: readonly CanvasComment[]
  readonly locked: boolean
  /** Oldest first, at most MAX_VERSIONS. */
  readonly versions: readonly CanvasVersion[]
  /** When the first change since the last checkpoint happened; null when nothing changed since. */
  readonly activitySince: number | null
  readonly createdAt: number | null
}

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
  comments: [],
  locked: false,
  versions: [],
  activitySince: null,
  createdAt: null,
})

/**
 * Fills in what a snapshot taken before comments, locks and versions lacks,
 * so an actor restored from an old snapshot behaves like one rebuilt from the log.
 */
export const upgradeState = (state: CanvasState): CanvasState => {
  if (state.comments !== undefined && (state.elements.length === 0 || state.elements[0]!.groupId !== undefined)) return state
  return {
    ...state,
    comments: state.comments ?? [],
    locked: state.locked ?? false,
    versions: state.versions ?? [],
    activitySince: state.activitySince ?? null,
    elements: state.elements.map((element) => ({ ...element, groupId: element.groupId ?? null, locked: element.locked ?? false })),
  }
}

export const elementById = (state: CanvasState, elementId: string): CanvasElement | undefined =>
  state.elements.find((element) => element.id === elementId)
