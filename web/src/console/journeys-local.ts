/**
 * The journeys this facilitator made on this device. The API has no list of
 * an organization's journeys yet (only GET /api/journeys/{id}), so the
 * console remembers the ones it created or saved, newest first, in
 * localStorage. Replace with the API's list once there is one.
 */
const KEY = "studio.console.journeys"
const MAX = 50

export interface KnownJourney {
  readonly journeyId: string
  readonly title: string
  readonly version: number
  readonly savedAt: number
}

const read = (): KnownJourney[] => {
  try {
    const parsed = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? "[]") as unknown
    return Array.isArray(parsed) ? (parsed as KnownJourney[]).filter((j) => typeof j?.journeyId === "string" && typeof j.title === "string") : []
  } catch {
    return []
  }
}

export const knownJourneys = (): readonly KnownJourney[] => read()

export const rememberJourney = (journey: KnownJourney): void => {
  const list = [journey, ...read().filter((j) => j.journeyId !== journey.journeyId)].slice(0, MAX)
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(list))
  } catch {
    // Storage full or blocked: the journey still exists on the server.
  }
}
