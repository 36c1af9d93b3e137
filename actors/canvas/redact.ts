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

/**
 * `versionRestored` as a reader receives it: with the version's elements,
 * which the log's event does not carry (the actor holds them). Missing only
 * when the version has since been dropped from the kept ones: a reader that
 * cannot fold it then joins again for a fresh snapshot.
 */
export type VersionRestoredView = Extract<CanvasEvent, { type: "versionRestored" }> & { readonly elements?: readonly CanvasElement[] }

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
    case "versionRestored": {
      // A reader holds versions as metadata only (snapshots never carry their elements): it gets the restored elements with the event.
      const version = state.versions.find((v) => v.id === event.versionId)
      if (!version) return event
      const withElements: VersionRestoredView = { ...event, elements: version.elements }
      return withElements
    }
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

/**
 * A reader's state rebuilt from its snapshot, so the browser folds events
 * with the actor's own `evolve`. Versions come without their elements
 * (a restore brings them with its event, see VersionRestoredView).
 */
export const stateFromView = (view: CanvasView): CanvasState => ({
  ...view,
  versions: view.versions.map(({ elementCount: _count, ...meta }) => ({ ...meta, elements: [] })),
})

/**
 * Whether what `user` may see of the canvas changed in kind (comments,
 * everyone's grants): events from here on are redacted by other rules than
 * the state folded so far, so a reader joins again for a fresh snapshot.
 */
export const viewRulesChanged = (before: CanvasState, after: CanvasState, user: User): boolean =>
  canReadComments(before, user) !== canReadComments(after, user) || canManage(before, user) !== canManage(after, user)

/** The elements of one version as `user` may see them (the same rule as the live elements), or undefined. */
export const versionElementsFor = (state: CanvasState, versionId: string, user: User): readonly CanvasElement[] | undefined =>
  canRead(state, user) ? state.versions.find((version) => version.id === versionId)?.elements : undefined
