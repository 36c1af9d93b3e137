/**
 * The few facts about an event that analytics may keep: kinds, phases,
 * counts and ids, never text a person wrote. Anything not listed here is
 * left out, so a new event type cannot leak content by default.
 */
type Fields = Record<string, unknown>

const pick = (event: Fields, names: readonly string[]): Fields =>
  Object.fromEntries(names.filter((name) => event[name] !== undefined && event[name] !== null).map((name) => [name, event[name]]))

const byType: Readonly<Record<string, (event: Fields) => Fields>> = {
  "session.created": (e) => ({ phases: Array.isArray(e.phases) ? e.phases.length : 0, facilitatorId: e.facilitatorId }),
  "session.participantJoined": (e) => pick(e, ["userId"]),
  "session.participantLeft": (e) => pick(e, ["userId"]),
  "session.phaseAdvanced": (e) => pick(e, ["from", "to"]),
  "session.ended": (e) => pick(e, ["phase"]),
  "canvas.created": (e) => pick(e, ["privacy", "sessionId"]),
  "canvas.elementAdded": (e) => {
    const element = (e.element ?? {}) as Fields
    return { elementId: e.elementId, kind: element.kind, ...pick(element, ["cardId"]) }
  },
  "canvas.elementMoved": (e) => pick(e, ["elementId", "kind", "cardId"]),
  "canvas.elementUpdated": (e) => ({ ...pick(e, ["elementId", "kind", "cardId"]), changed: Object.keys((e.changes ?? {}) as Fields).sort() }),
  "canvas.elementRemoved": (e) => pick(e, ["elementId", "kind", "cardId"]),
  "canvas.privacyChanged": (e) => pick(e, ["privacy"]),
  "canvas.accessGranted": (e) => pick(e, ["userId", "access"]),
  "canvas.accessRevoked": (e) => pick(e, ["userId"]),
  // An entry moved in from a guest's journal was written once already: `moved` tells the daily counts not to count it again.
  "journal.entryWritten": (e) => ({
    ...pick(e, ["entryId", "mood", "sessionId"]),
    tags: Array.isArray(e.tags) ? e.tags.length : 0,
    ...(e.moved ? { moved: true } : {}),
  }),
  "journal.entryEdited": (e) => ({ entryId: e.entryId, changed: Object.keys((e.changes ?? {}) as Fields).sort() }),
  "journal.entryDeleted": (e) => pick(e, ["entryId"]),
  "journal.consentGiven": (e) => pick(e, ["entryId", "coachId"]),
  "journal.consentWithdrawn": (e) => pick(e, ["entryId", "coachId"]),
  "session.coFacilitatorAppointed": (e) => ({ userId: e.userId, powers: Array.isArray(e.powers) ? e.powers.length : 0 }),
  "session.participantRemoved": (e) => pick(e, ["userId"]),
  "session.activityAdvanced": (e) => pick(e, ["index"]),
  "session.timerStarted": (e) => pick(e, ["durationMs"]),
  "session.handRaised": (e) => pick(e, ["userId"]),
  "session.cardsDrawn": (e) => pick(e, ["drawId", "deckId", "count", "faceDown", "picksPerPerson"]),
  // Which card someone picked stays private; that they picked is a fact.
  "session.cardPicked": (e) => pick(e, ["drawId", "userId"]),
  "session.picksRevealed": (e) => ({ drawId: e.drawId, picks: Array.isArray(e.picks) ? e.picks.length : 0 }),
  "session.pollOpened": (e) => ({
    ...pick(e, ["pollId", "mode", "anonymous", "resultsWhen"]),
    options: Array.isArray(e.options) ? e.options.length : 0,
  }),
  // A ballot is never a fact: anonymous ones are their voter's alone.
  "session.voteCast": (e) => pick(e, ["pollId"]),
  "session.pollClosed": (e) => pick(e, ["pollId", "voters"]),
  "session.breakoutStarted": (e) => ({ rooms: Array.isArray(e.rooms) ? e.rooms.length : 0 }),
  "canvas.commentAdded": (e) => pick(e, ["commentId", "elementId", "kind"]),
  "canvas.commentRemoved": (e) => pick(e, ["commentId", "elementId"]),
  "canvas.elementsGrouped": (e) => ({ groupId: e.groupId, elements: Array.isArray(e.elementIds) ? e.elementIds.length : 0 }),
  "canvas.versionSaved": (e) => pick(e, ["versionId", "reason", "elementCount"]),
  "canvas.versionRestored": (e) => pick(e, ["versionId", "elementCount"]),
  "canvas.templateApplied": (e) => ({ templateId: e.templateId, elements: Array.isArray(e.elements) ? e.elements.length : 0 }),
  "canvas.elementsImported": (e) => ({ elements: Array.isArray(e.elements) ? e.elements.length : 0 }),
}

export const attributesOf = (kind: string, event: unknown): Fields => {
  if (typeof event !== "object" || event === null) return {}
  const extract = byType[`${kind}.${String((event as Fields).type)}`]
  return extract ? extract(event as Fields) : {}
}
