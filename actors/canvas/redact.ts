/**
 * What each reader of a canvas receives. Everyone who may read it sees the
 * elements; comments go only to those who may read comments; the list of
 * grants goes only to the canvas's managers (a member learns only of their
 * own grant). Snapshots carry version metadata, never the versions' copies
 * of the elements, which are large and may hold what a reader cannot see.
 */
import type { User } from "../../engine/actor-kind.ts"
import type { CanvasEvent } from "./protocol.ts"
import { canManage, canRead, canReadComments } from "./rules.ts"
import type { CanvasComment, CanvasElement, CanvasState, Share } from "./state.ts"

export interface VersionView {
  readonly id: string
  readonly seq: number
  readonly at: number
  readonly by: string
  readonly reason: "auto" | "manual" | "restore"
  readonly label: string
  readonly elementCount: number
}

/** The canvas as one reader may see it: the state's shape, with `versions` reduced to metadata. */
export interface CanvasView extends Omit<CanvasState, "versions" | "shares" | "comments"> {
  readonly shares: readonly Share[]
  readonly comments: readonly CanvasComment[]
  readonly versions: readonly VersionView[]
}

export const redactEvent = (state: CanvasState, event: CanvasEvent, user: User): CanvasEvent | undefined => {
  if (!canRead(state, user)) return undefined
  switch (event.type) {
    case "commentAdded":
    case "commentRemoved":
      return canReadComments(state, user) ? event : undefined
    case "elementsImported":
      return canReadComments(state, user) || event.comments.length === 0 ? event : { ...event, comments: [] }
    case "accessGranted":
    case "accessRevoked":
      return canManage(state, user) || event.userId === user.id ? event : undefined
    default:
      return event
  }
}

export const redactState = (state: CanvasState, user: User): CanvasView | undefined => {
  if (!canRead(state, user)) return undefined
  const { versions, shares, comments, ...rest } = state
  return {
    ...rest,
    shares: canManage(state, user) ? shares : shares.filter((share) => share.userId === user.id),
    comments: canReadComments(state, user) ? comments : [],
    versions: versions.map(({ elements, ...meta }) => ({ ...meta, elementCount: elements.length })),
  }
}

/** The elements of one version as `user` may see them (the same rule as the live elements), or undefined. */
export const versionElementsFor = (state: CanvasState, versionId: string, user: User): readonly CanvasElement[] | undefined =>
  canRead(state, user) ? state.versions.find((version) => version.id === versionId)?.elements : undefined
