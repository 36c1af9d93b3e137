/**
 * The JSON export of a canvas: a full backup of what the reader may see,
 * which imports into an equal canvas (same elements with the same ids, in
 * the same order, groups, locks and comments). Importing splits it into
 * `importElements` commands small enough for one log message each.
 */
import { Schema } from "effect"
import {
  ImportedComment,
  ImportedElement,
  MAX_IMPORT_ELEMENTS,
  MAX_IMPORT_POINTS,
  MAX_TITLE,
  pointsOf,
  Privacy,
  type CanvasView,
} from "../../actors/canvas/index.ts"
import { Id, Text } from "../../actors/shared.ts"

export const BACKUP_FORMAT = "studio.canvas"
export const BACKUP_VERSION = 1

export const CanvasBackup = Schema.Struct({
  format: Schema.Literal(BACKUP_FORMAT),
  version: Schema.Literal(BACKUP_VERSION),
  canvas: Schema.Struct({
    id: Id,
    title: Text(MAX_TITLE),
    privacy: Privacy,
    sessionId: Schema.NullOr(Id),
    elements: Schema.Array(ImportedElement).check(Schema.isMaxLength(2_000)),
    comments: Schema.Array(ImportedComment).check(Schema.isMaxLength(2_000)),
  }),
})
export type CanvasBackup = typeof CanvasBackup.Type

export const toBackup = (view: CanvasView): CanvasBackup => ({
  format: BACKUP_FORMAT,
  version: BACKUP_VERSION,
  canvas: {
    id: view.id,
    title: view.title,
    privacy: view.privacy,
    sessionId: view.sessionId,
    elements: view.elements.map(({ id, createdBy: _by, createdAt: _at, updatedAt: _updated, groupId, locked, ...element }) => ({
      elementId: id,
      element: element as ImportedElement["element"],
      groupId,
      locked,
    })),
    comments: view.comments.map(({ id, elementId, text, by, at }) => ({ commentId: id, elementId, text, by, at })),
  },
})

/** The commands that rebuild the backup's content on a newly created canvas, in order. */
export const importCommands = (backup: CanvasBackup): { type: "importElements"; elements: ImportedElement[]; comments: ImportedComment[] }[] => {
  const chunks: { type: "importElements"; elements: ImportedElement[]; comments: ImportedComment[] }[] = []
  let current: ImportedElement[] = []
  let points = 0
  for (const element of backup.canvas.elements) {
    const weight = pointsOf(element.element)
    if (current.length > 0 && (current.length >= MAX_IMPORT_ELEMENTS || points + weight > MAX_IMPORT_POINTS)) {
      chunks.push({ type: "importElements", elements: current, comments: [] })
      current = []
      points = 0
    }
    current.push(element)
    points += weight
  }
  if (current.length > 0) chunks.push({ type: "importElements", elements: current, comments: [] })
  // Comments go last, once every element they name is on the canvas.
  for (let i = 0; i < backup.canvas.comments.length; i += MAX_IMPORT_ELEMENTS) {
    chunks.push({ type: "importElements", elements: [], comments: backup.canvas.comments.slice(i, i + MAX_IMPORT_ELEMENTS) })
  }
  return chunks
}
