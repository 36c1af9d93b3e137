/** Starting a live session: from a template (a new journey first) or from a saved journey. */
import type { SessionStarted } from "./api-types.ts"
import { rememberJourney } from "./journeys-local.ts"
import { api } from "./store.ts"

const sessionId = (started: SessionStarted): string => started.addr.slice("session/".length)

/** Starts a session running the latest version of a journey; resolves with the session's id. */
export const startJourney = async (journeyId: string): Promise<string> =>
  sessionId(await api().post<SessionStarted>(`/api/journeys/${encodeURIComponent(journeyId)}/sessions`, {}))

/** Makes a journey from the template (remembered on this device) and starts a session of it. */
export const startFromTemplate = async (templateId: string, title: string): Promise<string> => {
  const created = await api().post<{ id: string }>("/api/journeys", { templateId, title })
  rememberJourney({ journeyId: created.id, title, version: 1, savedAt: Date.now() })
  return startJourney(created.id)
}
