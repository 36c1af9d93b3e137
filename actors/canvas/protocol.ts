/**
 * The canvas actor's wire protocol (`canvas/<id>`). Element events name the
 * element's kind, card, tool and colour (see `subjectFields`) so insights can
 * read the log without replaying the canvas; who and when come from the event
 * envelope. Events written before versions, groups, comments and locks
 * existed still decode: every field added since is optional.
 */
import { Schema } from "effect"
import { Coordinate, Id, Text } from "../shared.ts"
import { CommentText, DurationMs, ElementChanges, ElementInput, ElementKindSchema, subjectFields } from "./elements.ts"
import { CONTENT_LANGUAGES } from "../content-language.ts"
import { MAX_GROUP, MAX_IMPORT_ELEMENTS, MAX_TITLE, MAX_VERSION_LABEL } from "./limits.ts"

export * from "./elements.ts"

/** The language a template's words are written onto the board in (English when not given). */
export const TemplateLanguage = Schema.Literals(CONTENT_LANGUAGES)

export const Privacy = Schema.Literals(["private", "shared"])
export type Privacy = typeof Privacy.Type

export const AccessLevel = Schema.Literals(["view", "comment", "edit"])
export type AccessLevel = typeof AccessLevel.Type

export const ZMove = Schema.Literals(["front", "back", "forward", "backward"])
export type ZMove = typeof ZMove.Type

const command = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) => Schema.Struct({ type: Schema.Literal(type), ...fields })

/** One element of a backup, as `importElements` takes it back. */
export const ImportedElement = Schema.Struct({
  elementId: Id,
  element: ElementInput,
  groupId: Schema.NullOr(Id),
  locked: Schema.Boolean,
})
export type ImportedElement = typeof ImportedElement.Type

export const ImportedComment = Schema.Struct({ commentId: Id, elementId: Id, text: CommentText, by: Id, at: Schema.Finite })
export type ImportedComment = typeof ImportedComment.Type

// Commands

export const CanvasCommand = Schema.Union([
  command("create", {
    title: Text(MAX_TITLE),
    privacy: Privacy,
    sessionId: Schema.optionalKey(Id),
    templateId: Schema.optionalKey(Id),
    language: Schema.optionalKey(TemplateLanguage),
  }),
  command("addElement", { element: ElementInput, durationMs: Schema.optionalKey(DurationMs) }),
  command("moveElement", { elementId: Id, x: Coordinate, y: Coordinate, durationMs: Schema.optionalKey(DurationMs) }),
  command("updateElement", { elementId: Id, changes: ElementChanges }),
  command("removeElement", { elementId: Id }),
  command("reorderElement", { elementId: Id, to: ZMove }),
  command("groupElements", { elementIds: Schema.Array(Id).check(Schema.isMinLength(2), Schema.isMaxLength(MAX_GROUP)) }),
  command("ungroup", { groupId: Id }),
  command("moveGroup", { groupId: Id, dx: Coordinate, dy: Coordinate }),
  command("addComment", { elementId: Id, text: CommentText }),
  command("removeComment", { commentId: Id }),
  command("lockElement", { elementId: Id }),
  command("unlockElement", { elementId: Id }),
  command("lockCanvas", {}),
  command("unlockCanvas", {}),
  command("saveVersion", { label: Schema.optionalKey(Text(MAX_VERSION_LABEL)) }),
  command("restoreVersion", { versionId: Id }),
  command("applyTemplate", { templateId: Id, language: Schema.optionalKey(TemplateLanguage) }),
  command("importElements", {
    elements: Schema.Array(ImportedElement).check(Schema.isMaxLength(MAX_IMPORT_ELEMENTS)),
    comments: Schema.Array(ImportedComment).check(Schema.isMaxLength(MAX_IMPORT_ELEMENTS)),
  }),
  command("setPrivacy", { privacy: Privacy }),
  command("shareWith", { userId: Id, access: AccessLevel }),
  command("revokeAccess", { userId: Id }),
])
export type CanvasCommand = typeof CanvasCommand.Type

// Events

const event = command
const subject = subjectFields

export const PlacedElement = Schema.Struct({ elementId: Id, element: ElementInput })

export const CanvasEvent = Schema.Union([
  event("created", { ownerId: Id, title: Text(MAX_TITLE), privacy: Privacy, sessionId: Schema.optionalKey(Id) }),
  event("elementAdded", { elementId: Id, element: ElementInput, durationMs: Schema.optionalKey(DurationMs) }),
  event("elementMoved", { ...subject, x: Coordinate, y: Coordinate, durationMs: Schema.optionalKey(DurationMs) }),
  event("elementUpdated", { ...subject, changes: ElementChanges }),
  event("elementRemoved", subject),
  /** `index` is the element's new place in drawing order (0 is at the back). */
  event("elementReordered", { ...subject, to: ZMove, index: Schema.Int }),
  event("elementsGrouped", { groupId: Id, elementIds: Schema.Array(Id), kinds: Schema.Array(ElementKindSchema) }),
  event("elementsUngrouped", { groupId: Id, elementIds: Schema.Array(Id) }),
  event("groupMoved", { groupId: Id, elementIds: Schema.Array(Id), dx: Coordinate, dy: Coordinate }),
  event("commentAdded", { commentId: Id, ...subject, text: CommentText }),
  event("commentRemoved", { commentId: Id, elementId: Id }),
  event("elementLocked", subject),
  event("elementUnlocked", subject),
  event("canvasLocked", {}),
  event("canvasUnlocked", {}),
  /** A checkpoint of the elements as they are now; `reason` tells an automatic one from a saved or pre-restore one. */
  event("versionSaved", {
    versionId: Id,
    reason: Schema.Literals(["auto", "manual", "restore"]),
    label: Text(MAX_VERSION_LABEL),
    elementCount: Schema.Int,
  }),
  /** The elements become those of the version; `counts` lets log readers update per-kind totals without the version. */
  event("versionRestored", { versionId: Id, elementCount: Schema.Int, counts: Schema.Record(Schema.String, Schema.Int) }),
  event("templateApplied", { templateId: Id, elements: Schema.Array(PlacedElement) }),
  event("elementsImported", { elements: Schema.Array(ImportedElement), comments: Schema.Array(ImportedComment) }),
  event("privacyChanged", { privacy: Privacy }),
  event("accessGranted", { userId: Id, access: AccessLevel }),
  event("accessRevoked", { userId: Id }),
])
export type CanvasEvent = typeof CanvasEvent.Type
export type CanvasEventOf<T extends CanvasEvent["type"]> = Extract<CanvasEvent, { type: T }>
