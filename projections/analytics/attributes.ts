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
  "journal.entryWritten": (e) => ({ ...pick(e, ["entryId", "mood", "sessionId"]), tags: Array.isArray(e.tags) ? e.tags.length : 0 }),
  "journal.entryEdited": (e) => ({ entryId: e.entryId, changed: Object.keys((e.changes ?? {}) as Fields).sort() }),
  "journal.entryDeleted": (e) => pick(e, ["entryId"]),
}

export const attributesOf = (kind: string, event: unknown): Fields => {
  if (typeof event !== "object" || event === null) return {}
  const extract = byType[`${kind}.${String((event as Fields).type)}`]
  return extract ? extract(event as Fields) : {}
}
