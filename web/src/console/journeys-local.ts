/**
 * The journeys this facilitator made or saved on this device, newest first,
 * in localStorage: what home shows when GET /api/journeys cannot be read
 * (an older node, or the read side still starting).
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
