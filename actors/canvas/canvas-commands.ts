/**
 * Commands about the canvas as a whole: creation, comments, locks, versions,
 * templates, imports and who may see it.
 */
import { isRejection, reject } from "../../engine/actor-kind.ts"
import { checkBatch } from "./element-commands.ts"
import { existingElement, needsEditing, needsManage, subjectOf, type CanvasHandler } from "./guards.ts"
import { MAX_COMMENTS, MAX_IMPORT_POINTS, MAX_SHARES, pointsOf, type CanvasEvent } from "./protocol.ts"
import { canComment, canEdit, canLock, grantOf } from "./rules.ts"
import type { ContentLanguage } from "../content-language.ts"
import { canvasTemplateIn } from "./template-translation.ts"
import { TEMPLATES } from "./templates.ts"
import { versionCounts } from "./versions.ts"

export const create: CanvasHandler<"create"> = (state, command, ctx) => {
  if (state.exists) return reject("conflict", `canvas ${state.id} already exists`)
  if (ctx.user.session !== undefined && command.sessionId !== ctx.user.session)
    return reject("forbidden", "a guest may create canvases only for its own session (give its sessionId)")
  const created: CanvasEvent = {
    type: "created",
    ownerId: ctx.user.id,
    title: command.title,
    privacy: command.privacy,
    ...(command.sessionId ? { sessionId: command.sessionId } : {}),
  }
  if (command.templateId === undefined) return [created]
  const template = templateElements(command.templateId, command.language ?? "en", ctx.newId)
  return isRejection(template) ? template : [created, template]
}

/** The template's elements with fresh ids, its words in `language`: the event carries them as written, whoever reads the board later. */
const templateElements = (templateId: string, language: ContentLanguage, newId: () => string) => {
  const template = canvasTemplateIn(templateId, language)
  if (!template) return reject("not_found", `no template ${templateId}; choose one of ${TEMPLATES.map((t) => t.id).join(", ")}`)
  const ids = template.elements.map(() => newId())
  // Template connectors name their ends by place (`#2`); the event names them by the ids just given.
  const resolve = (end: string) => (end.startsWith("#") ? ids[Number(end.slice(1))]! : end)
  const elements = template.elements.map((element, i) => ({
    elementId: ids[i]!,
    element: element.kind === "connector" ? { ...element, from: resolve(element.from), to: resolve(element.to) } : element,
  }))
  return { type: "templateApplied" as const, templateId, elements }
}

export const applyTemplate: CanvasHandler<"applyTemplate"> = (state, command, ctx) => {
  const refused = needsEditing(state, ctx)
  if (refused) return refused
  const applied = templateElements(command.templateId, command.language ?? "en", ctx.newId)
  if (isRejection(applied)) return applied
  return checkBatch(state, applied.elements) ?? [applied]
}

export const importElements: CanvasHandler<"importElements"> = (state, command, ctx) => {
  const refused = needsEditing(state, ctx)
  if (refused) return refused
  if (command.elements.length === 0 && command.comments.length === 0)
    return reject("invalid_command", "an import needs at least one element or comment")
  if (command.elements.some((element) => element.locked) && !canLock(state, ctx.user))
    return reject("forbidden", "only a facilitator may import locked elements; unlock them in the backup")
  const points = command.elements.reduce((sum, { element }) => sum + pointsOf(element), 0)
  if (points > MAX_IMPORT_POINTS) return reject("invalid_command", `one import carries at most ${MAX_IMPORT_POINTS} stroke points; split it`)
  const batch = checkBatch(state, command.elements)
  if (batch) return batch
  const known = new Set([...state.elements.map((element) => element.id), ...command.elements.map((element) => element.elementId)])
  const commentIds = new Set(state.comments.map((comment) => comment.id))
  for (const comment of command.comments) {
    if (!known.has(comment.elementId))
      return reject("invalid_command", `comment ${comment.commentId} is on element ${comment.elementId}, which is not on the canvas`)
    if (commentIds.has(comment.commentId)) return reject("conflict", `comment ${comment.commentId} is already on this canvas`)
    commentIds.add(comment.commentId)
  }
  if (commentIds.size > MAX_COMMENTS) return reject("conflict", `a canvas holds at most ${MAX_COMMENTS} comments`)
  return [{ type: "elementsImported", elements: command.elements, comments: command.comments }]
}

export const addComment: CanvasHandler<"addComment"> = (state, command, ctx) => {
  if (!canComment(state, ctx.user)) return reject("forbidden", "you need comment access to comment on this canvas")
  const element = existingElement(state, command.elementId)
  if (isRejection(element)) return element
  if (state.comments.length >= MAX_COMMENTS) return reject("conflict", `a canvas holds at most ${MAX_COMMENTS} comments; remove some first`)
  return [{ type: "commentAdded", commentId: ctx.newId(), ...subjectOf(element, ctx.now), text: command.text }]
}

export const removeComment: CanvasHandler<"removeComment"> = (state, command, ctx) => {
  const comment = state.comments.find((c) => c.id === command.commentId)
  if (!comment || !canComment(state, ctx.user)) return reject("not_found", `no comment ${command.commentId} that you can see on this canvas`)
  if (comment.by !== ctx.user.id && ctx.user.id !== state.ownerId && !canLock(state, ctx.user)) {
    return reject("forbidden", "only its author, the canvas owner or a facilitator may remove a comment")
  }
  return [{ type: "commentRemoved", commentId: comment.id, elementId: comment.elementId }]
}

const lockable = (state: Parameters<CanvasHandler<"lockElement">>[0], ctx: Parameters<CanvasHandler<"lockElement">>[2]) =>
  canLock(state, ctx.user) ? undefined : reject("forbidden", "only a facilitator may lock or unlock")

export const lockElement: CanvasHandler<"lockElement"> = (state, command, ctx) => {
  const element = lockable(state, ctx) ?? existingElement(state, command.elementId)
  if (isRejection(element)) return element
  return element.locked ? [] : [{ type: "elementLocked", ...subjectOf(element, ctx.now) }]
}

export const unlockElement: CanvasHandler<"unlockElement"> = (state, command, ctx) => {
  const element = lockable(state, ctx) ?? existingElement(state, command.elementId)
  if (isRejection(element)) return element
  return element.locked ? [{ type: "elementUnlocked", ...subjectOf(element, ctx.now) }] : []
}

export const lockCanvas: CanvasHandler<"lockCanvas"> = (state, _command, ctx) =>
  lockable(state, ctx) ?? (state.locked ? [] : [{ type: "canvasLocked" }])

export const unlockCanvas: CanvasHandler<"unlockCanvas"> = (state, _command, ctx) =>
  lockable(state, ctx) ?? (state.locked ? [{ type: "canvasUnlocked" }] : [])

export const saveVersion: CanvasHandler<"saveVersion"> = (state, command, ctx) => {
  if (!canEdit(state, ctx.user) && !canLock(state, ctx.user)) return reject("forbidden", "you need edit access to save a version of this canvas")
  return [{ type: "versionSaved", versionId: ctx.newId(), reason: "manual", label: command.label ?? "", elementCount: state.elements.length }]
}

/** A restore first checkpoints the present, so restoring is itself undoable. */
export const restoreVersion: CanvasHandler<"restoreVersion"> = (state, command, ctx) => {
  const refused = needsEditing(state, ctx)
  if (refused) return refused
  const version = state.versions.find((v) => v.id === command.versionId)
  if (!version) return reject("not_found", `no version ${command.versionId}; the canvas keeps its latest ${state.versions.length}`)
  const locked = state.elements.find((element) => element.locked)
  if (locked) return reject("conflict", `element ${locked.id} is locked by the facilitator; a restore would change it`)
  return [
    { type: "versionSaved", versionId: ctx.newId(), reason: "restore", label: `before restoring ${version.id}`, elementCount: state.elements.length },
    { type: "versionRestored", versionId: version.id, elementCount: version.elements.length, counts: versionCounts(version.elements) },
  ]
}

export const setPrivacy: CanvasHandler<"setPrivacy"> = (state, command, ctx) =>
  needsManage(state, ctx) ?? (state.privacy === command.privacy ? [] : [{ type: "privacyChanged", privacy: command.privacy }])

export const shareWith: CanvasHandler<"shareWith"> = (state, command, ctx) => {
  const refused = needsManage(state, ctx)
  if (refused) return refused
  if (command.userId === state.ownerId) return reject("invalid_command", "the owner already has full access")
  const current = grantOf(state, command.userId)
  if (current === command.access) return []
  if (current === undefined && state.shares.length >= MAX_SHARES)
    return reject("conflict", `a canvas can be shared with at most ${MAX_SHARES} members`)
  return [{ type: "accessGranted", userId: command.userId, access: command.access }]
}

export const revokeAccess: CanvasHandler<"revokeAccess"> = (state, command, ctx) =>
  needsManage(state, ctx) ?? (grantOf(state, command.userId) === undefined ? [] : [{ type: "accessRevoked", userId: command.userId }])
