/**
 * A canvas activity in a live session: one shared canvas per activity, made
 * by the facilitator from the activity's template, with the session's
 * members given edit access and everyone brought to it. Its id follows from
 * the session and the activity's place in the plan, so every screen finds
 * the same canvas without asking.
 */
import type { User } from "../../../engine/actor-kind.ts"
import type { ContentLanguage } from "../../../actors/content-language.ts"
import type { SessionState } from "../../../actors/session/state.ts"
import type { Api, Live, SessionUser } from "../client/types.ts"
import type { LibraryCard } from "./board-props.ts"

/** `canvas/<id>` of the canvas for the session's current activity, or undefined when the activity is not a canvas. */
export const activityCanvasAddr = (state: SessionState): string | undefined => {
  if (state.phase === null || state.activity === null) return undefined
  const activity = state.plan[state.phase][state.activity]
  if (activity?.kind !== "canvas") return undefined
  return `canvas/${state.id}-${state.phase.toLowerCase()}-${state.activity}`
}

/** The canvas the facilitator brought everyone to, or the current activity's. */
export const sessionCanvasAddr = (state: SessionState): string | undefined =>
  state.view?.kind === "canvas" && state.view.id ? `canvas/${state.view.id}` : activityCanvasAddr(state)

/** Whom the session's canvas is shared with: every member but its maker. */
export const membersToShare = (state: SessionState, owner: string): string[] =>
  state.participants.map((p) => p.userId).filter((userId) => userId !== owner)

/**
 * Makes the current activity's canvas (if it is not there yet; its template's
 * words in the facilitator's language), gives each
 * member edit access, and brings everyone to it. Safe to repeat: an
 * existing canvas and an existing grant are left as they are.
 */
export const openCanvasForEveryone = async (live: Live, state: SessionState, owner: string, language: ContentLanguage): Promise<string> => {
  const addr = activityCanvasAddr(state)
  const activity = state.phase !== null && state.activity !== null ? state.plan[state.phase][state.activity] : undefined
  if (!addr || activity?.kind !== "canvas") throw new Error("the current activity is not a canvas")
  await live
    .send(addr, { type: "create", title: activity.title, privacy: "shared", sessionId: state.id, templateId: activity.templateId, language })
    .catch((error: { code?: string }) => {
      if (error.code !== "conflict") throw error
    })
  await Promise.all(membersToShare(state, owner).map((userId) => live.send(addr, { type: "shareWith", userId, access: "edit" })))
  await live.send(`session/${state.id}`, { type: "bringToView", view: { kind: "canvas", id: addr.slice("canvas/".length) } })
  return addr
}

/**
 * A canvas the facilitator adds while the session runs (not one of the
 * plan's): made for the session (so its guests may be given it), every
 * member given edit access, and everyone brought to it. `id` is fresh.
 */
export const openRoomCanvas = async (
  live: Live,
  state: SessionState,
  owner: string,
  canvas: { readonly id: string; readonly title: string; readonly templateId?: string; readonly language: ContentLanguage },
): Promise<string> => {
  const addr = `canvas/${canvas.id}`
  await live.send(addr, {
    type: "create",
    title: canvas.title,
    privacy: "shared",
    sessionId: state.id,
    ...(canvas.templateId ? { templateId: canvas.templateId } : {}),
    language: canvas.language,
  })
  await Promise.all(membersToShare(state, owner).map((userId) => live.send(addr, { type: "shareWith", userId, access: "edit" })))
  await live.send(`session/${state.id}`, { type: "bringToView", view: { kind: "canvas", id: canvas.id } })
  return addr
}

/** The canvas everyone was brought to when it is not the current activity's (one added as the session runs). */
export const roomCanvasAddr = (state: SessionState): string | undefined => {
  const addr = state.view?.kind === "canvas" && state.view.id ? `canvas/${state.view.id}` : undefined
  return addr !== undefined && addr !== activityCanvasAddr(state) ? addr : undefined
}

/** The cards of a session this member may see (face-up spreads, revealed picks), as the board's library. */
export const sessionCards = async (api: Api, sessionId: string): Promise<LibraryCard[]> => {
  const { cards } = await api.get<{ cards: { cardId: string; word: string; question: string | null; picture: { src: string } | null }[] }>(
    `/api/sessions/${encodeURIComponent(sessionId)}/cards`,
  )
  return cards.map((card) => ({
    cardId: card.cardId,
    face: { word: card.word, question: card.question ?? "", ...(card.picture ? { image: { kind: "url" as const, url: card.picture.src } } : {}) },
  }))
}

/** How many cards the session shows (spreads dealt, picks revealed): the session's cards are read again when it changes. */
export const sessionCardsShown = (state: SessionState): string => `${state.draws.length}:${state.picks.filter((pick) => pick.cardId !== null).length}`

/** A member's name on a session's canvas: the name they joined with, or "Facilitator" for the session's facilitators. */
export const memberName = (state: SessionState, userId: string, facilitatorWord: string): string =>
  state.participants.find((p) => p.userId === userId)?.displayName ??
  (state.facilitators.includes(userId)
    ? state.facilitatorName || facilitatorWord
    : (state.attendance.find((a) => a.userId === userId)?.displayName ?? userId))

/** The viewer as the canvas's rules see them: a guest is bound to the session it joined. */
export const canvasUser = (user: SessionUser, guestSession?: string): User => ({
  id: user.id,
  tenant: user.tenant,
  roles: user.roles as User["roles"],
  ...(user.roles.includes("guest") && guestSession ? { session: guestSession } : {}),
})
