/**
 * The privacy oracle for tests: given everything the server knows (the full
 * state) and one member, it lists what in a delivered view (an event with its
 * author, or a snapshot) that member must not see:
 *
 * - another member's pick (user, draw, card) that has not been revealed;
 * - the cards or seed of a face-down spread;
 * - an anonymous ballot's author tied to its choices, or its poll's tally before the close;
 * - before the close of a results-on-close poll, others' ballots and the
 *   tally, unless the member runs polls.
 *
 * It walks any shape, so it catches a leak wherever a field ends up, not only
 * in the fields today's redaction touches.
 */
import type { User } from "../../../engine/actor-kind.ts"
import { hasPower } from "../rules.ts"
import type { SessionState } from "../state.ts"

interface Scope {
  readonly drawId?: string
  readonly pollId?: string
}

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)

export const privacyLeaks = (full: SessionState, user: User, view: unknown, by?: string): string[] => {
  const leaks: string[] = []
  const secretPick = (userId: unknown, drawId: unknown, cardId: unknown) =>
    userId !== user.id && full.picks.some((p) => !p.revealed && p.userId === userId && p.drawId === drawId && p.cardId === cardId)
  const pollOf = (pollId: unknown) => full.polls.find((p) => p.pollId === pollId)
  const hidesResults = (pollId: unknown) => {
    const poll = pollOf(pollId)
    if (!poll || poll.status === "closed") return false
    return poll.anonymous || (poll.resultsWhen === "closed" && !hasPower(full, user.id, "polls"))
  }

  const visit = (value: unknown, scope: Scope, path: string): void => {
    if (Array.isArray(value)) return value.forEach((item, i) => visit(item, scope, `${path}[${i}]`))
    if (!isObject(value)) return
    const here: Scope = {
      drawId: typeof value.drawId === "string" ? value.drawId : scope.drawId,
      pollId: typeof value.pollId === "string" ? value.pollId : scope.pollId,
    }
    // A pick-shaped record without its owner is attributed to the event's author; a card named elsewhere (a spotlight) is nobody's pick.
    const owner = typeof value.userId === "string" ? value.userId : "position" in value ? by : undefined
    if (value.cardId !== undefined && value.cardId !== null && secretPick(owner, here.drawId, value.cardId)) {
      leaks.push(`${path}: unrevealed pick of ${owner} in ${here.drawId} (${String(value.cardId)})`)
    }
    const draw = full.draws.find((d) => d.drawId === here.drawId)
    if (draw?.faceDown && Array.isArray(value.cardIds) && value.cardIds.length > 0) leaks.push(`${path}: face-down cards of ${draw.drawId}`)
    if (draw?.faceDown && typeof value.seed === "string" && value.seed !== "") leaks.push(`${path}: face-down seed of ${draw.drawId}`)
    const poll = pollOf(here.pollId)
    if (poll && value.choices !== undefined) {
      const voter = typeof value.voterId === "string" ? value.voterId : by
      if (voter !== user.id && (poll.anonymous || hidesResults(poll.pollId)))
        leaks.push(`${path}: ${poll.anonymous ? "anonymous" : "hidden"} ballot of ${voter} in ${poll.pollId}`)
    }
    if (poll && hidesResults(poll.pollId) && Array.isArray(value.tally)) leaks.push(`${path}: tally of ${poll.pollId} before its close`)
    for (const [key, field] of Object.entries(value)) visit(field, here, `${path}.${key}`)
  }

  visit(view, {}, "$")
  return leaks
}
