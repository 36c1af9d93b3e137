/**
 * Starting a template again reuses the facilitator's untouched copy of it
 * (same title, the latest version's plan equal to the template's), so a
 * template run every week does not fill the journeys list with copies. A
 * copy that was adapted in the builder is the facilitator's own journey and
 * is never reused for the template.
 */

/** Two plans (or any JSON values) the same, whatever order their keys came in. */
export const sameDesign = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, i) => sameDesign(item, (b as unknown[])[i]))
  const keys = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const other = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  return (
    keys.length === other.length &&
    keys.every((k) => Object.hasOwn(b, k) && sameDesign((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  )
}

export interface ListedJourney {
  readonly id: string
  readonly title: string
  readonly templateId: string | null
  readonly createdBy: string
  readonly status?: string
}

/** The listed journeys that could be the facilitator's copy of the template; their plans still need comparing. */
export const copyCandidates = (listed: readonly ListedJourney[], me: string | undefined, templateId: string, title: string): ListedJourney[] =>
  listed.filter((j) => j.templateId === templateId && j.title === title && j.createdBy === me && (j.status ?? "active") === "active")
